from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest
import yaml

from lint.checks import KINDS
from lint.errors import RuleFileError
from lint.ruleset import SCHEMA_PATH, load_file, load_paths
from tests.conftest import BASE_RULE

GOOD = yaml.safe_dump({**BASE_RULE, "kind": "existence", "phrases": ["x"]}, sort_keys=False)


def write(tmp_path: Path, text: str, name: str = "rules.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(RuleFileError) as info:
        load_paths([path])
    return str(info.value)


def test_a_valid_rule_loads_with_its_pack_and_line(tmp_path: Path) -> None:
    pack = tmp_path / "house"
    pack.mkdir()
    (rule,) = load_file(write(pack, GOOD))
    assert (rule.id, rule.pack, rule.line, rule.kind) == ("test.rule", "house", 1, "existence")


def test_a_file_may_hold_a_list_of_rules(tmp_path: Path) -> None:
    second = GOOD.replace("test.rule", "test.other")
    text = "- " + GOOD.replace("\n", "\n  ").rstrip() + "\n- " + second.replace("\n", "\n  ").rstrip() + "\n"
    assert [r.id for r in load_file(write(tmp_path, text))] == ["test.rule", "test.other"]


def test_unknown_key_suggests_the_closest_one(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("phrases:", "phrase:"))
    message = error_of(path)
    assert "unknown key 'phrase' for a existence rule (did you mean 'phrases'?)" in message
    line = GOOD.splitlines().index(next(ln for ln in GOOD.splitlines() if ln.startswith("phrases"))) + 1
    assert message.startswith(f"{path}:{line}:1: rule 'test.rule':")


def test_missing_key(tmp_path: Path) -> None:
    text = GOOD.replace("hint: Write something else.\n", "")
    assert "missing key: 'hint'" in error_of(write(tmp_path, text))


def test_unknown_category_points_at_the_value(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("category: other", "category: scary"))
    message = error_of(path)
    assert "'scary' is not one of: unsupported-safety-claim" in message
    assert message.startswith(f"{path}:2:11:")


def test_wrong_type(tmp_path: Path) -> None:
    assert "severity" in error_of(write(tmp_path, GOOD.replace("severity: warning", "severity: 3")))


def test_too_few_examples(tmp_path: Path) -> None:
    text = GOOD.replace("  - good two\n", "")
    assert "examples.good" in error_of(write(tmp_path, text))


def test_unknown_kind_suggests(tmp_path: Path) -> None:
    assert "unknown kind 'existance' (did you mean 'existence'?)" in error_of(
        write(tmp_path, GOOD.replace("kind: existence", "kind: existance"))
    )


def test_bad_regex_names_the_rule_and_pattern(tmp_path: Path) -> None:
    text = GOOD.replace("phrases:\n- x", "patterns:\n- ok\n- '(unclosed'")
    message = error_of(write(tmp_path, text))
    assert "rule 'test.rule': pattern does not compile" in message and "'(unclosed'" in message


def test_empty_pattern_list(tmp_path: Path) -> None:
    assert "phrases" in error_of(write(tmp_path, GOOD.replace("phrases:\n- x", "phrases: []")))


def test_proximity_needs_a_clearing_pattern(tmp_path: Path) -> None:
    text = GOOD.replace("kind: existence", "kind: proximity") + "window: sentence\n"
    assert "missing key: 'unless'" in error_of(write(tmp_path, text))


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD, "b.yaml")
    message = error_of(tmp_path)
    assert "duplicate rule id 'test.rule'" in message and "a.yaml:1" in message


def test_yaml_syntax_error_has_a_position(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "id: [unclosed\n"))
    assert message.startswith(f"{tmp_path / 'rules.yaml'}:2:1:")


def test_python_tags_are_refused(tmp_path: Path) -> None:
    assert "could not determine a constructor" in error_of(
        write(tmp_path, "id: !!python/object/apply:os.system [ls]\n")
    )


def test_aliases_are_refused(tmp_path: Path) -> None:
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n'
    assert "aliases are not allowed" in error_of(write(tmp_path, bomb))


def test_huge_rule_files_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "# " + "x" * 2_100_000 + "\n")
    assert "larger than" in error_of(path)


def test_not_a_mapping(tmp_path: Path) -> None:
    assert "one rule (a mapping) or a list of rules" in error_of(write(tmp_path, "just text\n"))


def test_bad_message_template(tmp_path: Path) -> None:
    assert "message is not a valid template" in error_of(write(tmp_path, GOOD.replace("Found '{match}'.", "Found {")))


def test_schema_knows_exactly_the_registered_kinds() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert set(schema["$defs"]["common"]["properties"]["kind"]["enum"]) == set(KINDS)
    for kind in KINDS:
        assert kind in schema["$defs"], kind
        assert set(KINDS[kind].KEYS) <= set(schema["$defs"][kind]["properties"]), kind


def run_with_rules(project: Path, *rule_paths: str) -> tuple[int, str]:
    """`healthlint check` in its own process (a regression that blocks on a FIFO fails, not hangs)."""
    import subprocess

    (project / ".healthlint.yaml").write_text(f"packs: []\nrules: {json.dumps(rule_paths)}\n", encoding="utf-8")
    done = subprocess.run(["healthlint", "check", "--no-cache", "a.md"], cwd=project, capture_output=True,
                          text=True, timeout=120, check=False)  # fmt: skip
    return done.returncode, done.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "a.md").write_text("Plain.\n", encoding="utf-8")
    return tmp_path


def test_a_device_as_a_rule_path_is_refused_without_reading_it(project: Path) -> None:
    assert run_with_rules(project, "/dev/zero") == (2, "healthlint: error: /dev/zero: not a regular file\n")


def test_a_fifo_as_a_rule_path_is_refused_without_blocking(project: Path) -> None:
    os.mkfifo(project / "rules.yaml")
    expected = f"healthlint: error: {project}/rules.yaml: not a regular file\n"
    assert run_with_rules(project, "rules.yaml") == (2, expected)


def test_a_fifo_swapped_in_after_the_check_cannot_hang_the_read(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lint import yamlmarks

    fifo = project / "swapped.yaml"
    os.mkfifo(fifo)
    regular = os.stat(project / "a.md")
    monkeypatch.setattr(os, "stat", lambda path, **_: regular)  # the check saw a regular file
    with pytest.raises(RuleFileError, match=r"swapped\.yaml: not a regular file"):
        yamlmarks.read_limited(str(fifo))


def test_the_file_system_root_is_not_searched_for_rules(project: Path) -> None:
    assert run_with_rules(project, "/") == (
        2, "healthlint: error: /: is the file-system root; name the directory that holds the rules\n"
    )  # fmt: skip


def test_a_rule_directory_with_too_many_entries_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lint import ruleset

    monkeypatch.setattr(ruleset, "MAX_RULE_DIRECTORY_ENTRIES", 5)
    for n in range(6):
        (tmp_path / f"notes{n}.txt").write_text("", encoding="utf-8")
    expected = f"{tmp_path}: holds more than 5 files and directories; name the directory that holds the rules"
    assert error_of(tmp_path) == expected


def test_symbolic_links_to_directories_are_not_followed_for_rules(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    write(tmp_path / "rules", GOOD)
    (tmp_path / "elsewhere").mkdir()
    write(tmp_path / "elsewhere", GOOD.replace("test.rule", "test.elsewhere"))
    (tmp_path / "rules" / "loop").symlink_to(tmp_path)
    (tmp_path / "rules" / "linked").symlink_to(tmp_path / "elsewhere")
    assert [rule.id for rule in load_paths([tmp_path / "rules"], use_cache=False)] == ["test.rule"]


def test_a_rule_set_kept_as_a_git_checkout_is_read_without_its_git_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lint import ruleset

    monkeypatch.setattr(ruleset, "MAX_RULE_DIRECTORY_ENTRIES", 5)
    write(tmp_path, GOOD)
    (tmp_path / ".git" / "objects").mkdir(parents=True)
    for n in range(10):
        (tmp_path / ".git" / "objects" / f"{n:02d}").write_text("", encoding="utf-8")
    assert [rule.id for rule in load_paths([tmp_path], use_cache=False)] == ["test.rule"]


def test_a_source_may_be_a_plain_url(tmp_path: Path) -> None:
    spec = {**BASE_RULE, "kind": "existence", "phrases": ["x"], "source": "https://example.org/guidance"}
    (rule,) = load_file(write(tmp_path, yaml.safe_dump(spec, sort_keys=False)))
    assert (rule.source_title, rule.source_url) == ("https://example.org/guidance", "https://example.org/guidance")
    not_a_url = {**spec, "source": "the FTC guidance"}
    assert "does not match" in error_of(write(tmp_path, yaml.safe_dump(not_a_url, sort_keys=False), "bad.yaml"))
