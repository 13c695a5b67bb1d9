from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.cli import cli
from tests.conftest import BASE_RULE, deny_reading, dump

ARTICLE = "# T\n\nFirst paragraph. It is generally safe.\n\nSecond paragraph with a miracle.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def findings(*args: str) -> list[str]:
    return [f"{f['line']}:{f['rule']}" for f in json.loads(run("check", "--format", "json", *args)[1])]


def baselined(project: Path, text: str) -> Path:
    """articles/legacy.md written with `text`, and its findings recorded as the baseline."""
    article = project / "articles" / "legacy.md"
    article.write_text(text, encoding="utf-8")
    run("baseline", "articles/legacy.md")
    return article


def test_baseline_then_only_new_findings_fail(project: Path) -> None:
    article = project / "articles" / "legacy.md"
    article.write_text(ARTICLE, encoding="utf-8")
    code, _, err = run("baseline", "articles/legacy.md")
    assert code == 0 and "wrote 2 findings from 1 files to .healthlint-baseline.json" in err
    data = json.loads((project / ".healthlint-baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 2 and len(data["findings"]) == 2

    code, _out, err = run("check", "--baseline", ".healthlint-baseline.json", "articles/legacy.md")
    assert code == 0 and "2 known problems in the baseline" in err

    # move the paragraphs around and insert lines above them: still nothing new
    article.write_text("# T\n\nA new intro.\n\nMore.\n\nSecond paragraph with a miracle.\n\n"
                       "First paragraph. It is generally safe.\n", encoding="utf-8")  # fmt: skip
    assert findings("--baseline", ".healthlint-baseline.json", "articles/legacy.md") == []

    # a new problem is reported, the old ones stay quiet
    with article.open("a", encoding="utf-8") as handle:
        handle.write("\nAnother miracle here.\n")
    assert findings("--baseline", ".healthlint-baseline.json", "articles/legacy.md") == ["11:house.miracle"]
    assert run("check", "--baseline", ".healthlint-baseline.json", "articles/legacy.md")[0] == 1


def test_a_repeated_finding_beyond_the_baseline_count_is_new(project: Path) -> None:
    article = baselined(project, "A miracle.\n")
    article.write_text("A miracle.\n\nA miracle.\n", encoding="utf-8")
    assert findings("--baseline", ".healthlint-baseline.json", "articles/legacy.md") == ["3:house.miracle"]


def test_stale_entries_are_counted_and_pruned(project: Path) -> None:
    article = baselined(project, ARTICLE)
    article.write_text("# T\n\nFirst paragraph. It is generally safe.\n", encoding="utf-8")
    _, _, err = run("check", "--baseline", ".healthlint-baseline.json", "articles/legacy.md")
    assert "1 no longer occur (remove them with --prune)" in err
    _, _, err = run("check", "--baseline", ".healthlint-baseline.json", "--prune", "articles/legacy.md")
    assert "pruned 1 entry that no longer occur" in err
    data = json.loads((project / ".healthlint-baseline.json").read_text(encoding="utf-8"))
    assert [e["rule"] for e in data["findings"]] == ["house.safe"]


def test_a_bad_baseline_file_is_a_clear_error(project: Path) -> None:
    (project / "b.json").write_text("{not json", encoding="utf-8")
    code, _, err = run("check", "--baseline", "b.json", "articles")
    assert code == 2 and "b.json: not a healthlint baseline" in err
    code, _, err = run("check", "--baseline", "missing.json", "articles")
    assert code == 2 and "baseline file not found" in err


def _baseline_of_three_files(project: Path) -> bytes:
    """A committed repository and a baseline of 4 entries over 3 files (bad.md 2, warn.txt 1, more.md 1)."""
    from tests.test_gitdiff import git

    (project / "articles" / "more.md").write_text("Yet another miracle.\n", encoding="utf-8")
    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    run("baseline", "articles")
    recorded = (project / ".healthlint-baseline.json").read_bytes()
    assert len(json.loads(recorded)["findings"]) == 4
    return recorded


def _entries(project: Path) -> list[str]:
    data = json.loads((project / ".healthlint-baseline.json").read_text(encoding="utf-8"))
    return [f"{e['path']}:{e['rule']}" for e in data["findings"]]


def test_prune_is_refused_when_the_run_did_not_check_every_file(project: Path) -> None:
    recorded = _baseline_of_three_files(project)
    (project / "articles" / "warn.txt").write_text("Changed, and nothing to report.\n", encoding="utf-8")
    # each of these leaves files or rules out (part 3 of 4 is every file but bad.md)
    for narrowed in (["--since", "HEAD"], ["articles/warn.txt"], ["--shard", "3/4"], ["--select", "house.safe"]):
        code, _, err = run("check", "--baseline", ".healthlint-baseline.json", "--prune", *narrowed)
        assert code == 2, narrowed
        assert "healthlint: error: --prune: " in err and "pass --prune-partial" in err and "Traceback" not in err
        assert (project / ".healthlint-baseline.json").read_bytes() == recorded

    code, _, err = run("check", "--baseline", ".healthlint-baseline.json", "--prune-partial", "--since", "HEAD")
    assert code == 0 and "pruned 1 entry that no longer occur, kept 3 entries of files or rules" in err
    assert _entries(project) == ["articles/bad.md:house.miracle", "articles/bad.md:house.safe",
                                 "articles/more.md:house.miracle"]  # fmt: skip


def test_entries_of_a_file_that_could_not_be_read_are_never_pruned(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded = _baseline_of_three_files(project)
    deny_reading(monkeypatch, "bad.md")
    code, _, err = run("check", "--baseline", ".healthlint-baseline.json", "--prune", "articles")
    assert code == 2 and "2 entries of the baseline concern files or rules this run did not check" in err
    assert "(the first in articles/bad.md)" in err
    assert (project / ".healthlint-baseline.json").read_bytes() == recorded


def test_entries_of_a_deleted_file_are_pruned_by_any_run(project: Path) -> None:
    _baseline_of_three_files(project)
    (project / "articles" / "more.md").unlink()
    code, _, err = run("check", "--baseline", ".healthlint-baseline.json", "--prune", "articles")
    assert code == 0 and "pruned 1 entry that no longer occur" in err
    assert _entries(project) == ["articles/bad.md:house.miracle", "articles/bad.md:house.safe",
                                 "articles/warn.txt:house.safe"]  # fmt: skip


# --- baselines that survive editing ---------------------------------------------------------------

DOSE_RULE = {**BASE_RULE, "id": "house.dose-disclaimer", "kind": "required", "severity": "warning",
             "category": "missing-risk-information", "message": "A dose without 'ask your doctor'.",
             "when": {"phrases": ["take two", "dose"]}, "require": {"phrases": ["ask your doctor"]},
             "examples": {"bad": ["Take two daily.", "The dose is one."],
                          "good": ["Take two daily; ask your doctor first.", "No dose; ask your doctor."]}}  # fmt: skip


def test_editing_the_sentence_around_a_known_finding_keeps_it_known(project: Path) -> None:
    article = baselined(project, ARTICLE)
    # a word edited on each line with a finding, and the sentences split and joined differently
    article.write_text("# T\n\nThe first paragraph, now longer. It is, on the whole, generally safe for adults.\n\n"
                       "The second paragraph (rewritten) with a miracle in it.\n", encoding="utf-8")  # fmt: skip
    code, _, err = run("check", "--baseline", ".healthlint-baseline.json", "articles/legacy.md")
    assert code == 0 and "2 known problems in the baseline" in err and "no longer occur" not in err
    # the matched text itself edited (case and spacing aside) is a new finding, and so is a second copy
    article.write_text("# T\n\nIt is GENERALLY   safe.\n\nA miracle. Yet another miracle.\n", encoding="utf-8")
    assert findings("--baseline", ".healthlint-baseline.json", "articles/legacy.md") == ["5:house.miracle"]


def test_an_unchanged_sentence_keeps_its_own_entry_when_a_copy_is_edited(project: Path) -> None:
    """The exact pass runs first: the edited copy takes the entry the unchanged one does not need."""
    article = baselined(project, "A miracle, one.\n\nA miracle, two.\n")
    article.write_text("A miracle, one, edited.\n\nA miracle, two.\n\nA miracle, three.\n", encoding="utf-8")
    assert findings("--baseline", ".healthlint-baseline.json", "articles/legacy.md") == ["5:house.miracle"]


def test_a_document_level_finding_stays_known_while_the_article_still_lacks_the_thing(project: Path) -> None:
    (project / "house" / "dose.yaml").write_text(dump([DOSE_RULE]), encoding="utf-8")
    article = project / "articles" / "legacy.md"
    article.write_text("# Zinc\n\nTake two daily.\n", encoding="utf-8")
    assert findings("--select", "house.dose-disclaimer", "articles/legacy.md") == ["3:house.dose-disclaimer"]
    run("baseline", "articles/legacy.md")
    # rewritten throughout: the finding now points at another trigger, text and line
    article.write_text("# Zinc for colds\n\nA new intro.\n\nThe usual dose is one tablet.\n", encoding="utf-8")
    code, _, err = run("check", "--baseline", ".healthlint-baseline.json", "articles/legacy.md")
    assert code == 0 and "1 known problem in the baseline" in err
    # the article gains what it lacked: the entry no longer occurs
    with article.open("a", encoding="utf-8") as handle:
        handle.write("\nAsk your doctor first.\n")
    _, _, err = run("check", "--baseline", ".healthlint-baseline.json", "articles/legacy.md")
    assert "0 known problems in the baseline; 1 no longer occur" in err


def test_a_renamed_article_is_new_and_its_old_entries_are_pruned(project: Path) -> None:
    article = baselined(project, "A miracle.\n")
    article.rename(project / "articles" / "renamed.md")
    code, _, err = run("check", "--baseline", ".healthlint-baseline.json", "--prune", "articles/renamed.md")
    assert code == 1 and "pruned 1 entry that no longer occur" in err


def test_a_format_1_baseline_is_read_with_paths_relative_to_the_current_directory(project: Path) -> None:
    (project / "articles" / "legacy.md").write_text(ARTICLE, encoding="utf-8")
    run("baseline", "articles/legacy.md")
    written = json.loads((project / ".healthlint-baseline.json").read_text(encoding="utf-8"))
    (project / "old").mkdir()  # format 1 paths are those of the directory the run was in, not of the file
    (project / "old" / "v1.json").write_text(json.dumps({**written, "version": 1}), encoding="utf-8")
    code, _, err = run("check", "--baseline", "old/v1.json", "articles/legacy.md")
    assert code == 0 and "2 known problems in the baseline" in err


def test_a_baseline_format_from_a_later_healthlint_says_to_regenerate(project: Path) -> None:
    (project / "b.json").write_text('{"version": 3, "findings": []}', encoding="utf-8")
    code, _, err = run("check", "--baseline", "b.json", "articles")
    assert code == 2
    assert err.startswith("healthlint: error: b.json: baseline format 3 is not one healthlint ")
    assert "regenerate it with `healthlint baseline`" in err and err.count("\n") == 1


# --- `baseline:` in the config -----------------------------------------------------------------------


def _with_config_baseline(project: Path, name: str = "lint/known.json") -> None:
    (project / ".healthlint.yaml").write_text(f"packs: []\nrules: [house/]\nbaseline: {name}\n", encoding="utf-8")


def test_the_config_baseline_is_written_and_used_from_any_directory(project: Path, monkeypatch: pytest.MonkeyPatch
                                                                    ) -> None:  # fmt: skip
    _with_config_baseline(project)
    (project / "lint").mkdir()
    code, _, err = run("baseline", "articles")
    assert code == 0 and "wrote 3 findings from 3 files to lint/known.json" in err
    entries = json.loads((project / "lint" / "known.json").read_text(encoding="utf-8"))["findings"]
    assert {e["path"] for e in entries} == {"../articles/bad.md", "../articles/warn.txt"}  # relative to the file

    code, _, err = run("check", "articles")
    assert code == 0 and "3 known problems in the baseline" in err
    monkeypatch.chdir(project / "articles")  # the config is found above; so is every entry
    code, _, err = run("check", "bad.md", "warn.txt")
    assert code == 0 and "3 known problems in the baseline" in err
    code, _, err = run("check", "--no-baseline", "bad.md")
    assert code == 1 and "baseline" not in err


def test_the_command_line_baseline_wins_over_the_config(project: Path) -> None:
    _with_config_baseline(project, "known.json")
    run("baseline", "articles")
    (project / "articles" / "bad.md").write_text("Nothing.\n", encoding="utf-8")
    run("baseline", "articles", "--output", "other.json")  # only warn.txt's finding
    (project / "articles" / "bad.md").write_text("# T\n\nA miracle. It is generally safe.\n", encoding="utf-8")
    assert findings("--baseline", "other.json", "articles") == ["3:house.miracle", "3:house.safe"]
    assert findings("articles") == []
    code, _, err = run("check", "--baseline", "other.json", "--no-baseline", "articles")
    assert code == 2 and "--baseline and --no-baseline exclude each other" in err


def test_a_missing_config_baseline_is_a_one_line_error_naming_the_config(project: Path) -> None:
    _with_config_baseline(project)
    code, out, err = run("check", "articles")
    assert code == 2 and out == ""
    assert err == ("healthlint: error: lint/known.json: baseline file not found (named by `baseline:` in "
                   ".healthlint.yaml; create it with `healthlint baseline`, or pass --no-baseline)\n")  # fmt: skip
    assert run("check", "--no-baseline", "articles")[0] == 1


def test_prune_uses_the_config_baseline_and_needs_one(project: Path) -> None:
    code, _, err = run("check", "--prune", "articles")
    assert code == 2 and "--prune needs a baseline (--baseline FILE, or `baseline:` in the config)" in err
    _with_config_baseline(project, "known.json")
    run("baseline", "articles")
    (project / "articles" / "warn.txt").write_text("Fine.\n", encoding="utf-8")
    code, _, err = run("check", "--prune", "articles")
    assert code == 0 and "pruned 1 entry that no longer occur" in err
    assert len(json.loads((project / "known.json").read_text(encoding="utf-8"))["findings"]) == 2


def test_audit_counts_the_findings_in_the_baseline(project: Path) -> None:
    _with_config_baseline(project, "known.json")
    run("baseline", "articles")
    (project / "articles" / "new.md").write_text("A new miracle.\n", encoding="utf-8")
    code, _, err = run("audit", "articles")
    assert code == 0 and "healthlint: 3 of the 4 findings are in the baseline (known.json); 1 is new" in err
    assert "baseline" not in run("audit", "--no-baseline", "articles")[2]


@pytest.mark.parametrize("value", ["5", "''", "[a.json]"])
def test_a_config_baseline_that_is_not_a_path_is_an_error(project: Path, value: str) -> None:
    (project / ".healthlint.yaml").write_text(f"packs: []\nrules: [house/]\nbaseline: {value}\n", encoding="utf-8")
    code, _, err = run("check", "articles")
    assert code == 2 and err.startswith("healthlint: error: ") and err.count("\n") == 1
    assert err.endswith("/.healthlint.yaml:3:11: baseline must be the path of a baseline file "
                        "(written by `healthlint baseline`)\n")  # fmt: skip


def test_the_configuration_docs_baseline_example_works(project: Path) -> None:
    page = (Path(__file__).resolve().parent.parent / "docs" / "configuration.md").read_text(encoding="utf-8")
    (example,) = [b for b in re.findall(r"```yaml\n(.*?)```", page, re.DOTALL) if b.startswith("baseline:")]
    (project / ".healthlint.yaml").write_text("packs: []\nrules: [house/]\n" + example, encoding="utf-8")
    assert run("check", "articles")[0] == 2  # named, not yet written
    assert run("baseline", "articles")[0] == 0
    code, _, err = run("check", "articles")
    assert code == 0 and "3 known problems in the baseline" in err


def test_a_baseline_of_one_folder_keeps_the_known_findings_of_the_others(project: Path) -> None:
    (project / "blog").mkdir()
    (project / "blog" / "old.md").write_text("An old miracle.\n", encoding="utf-8")
    (project / "articles" / "legacy.md").write_text(ARTICLE, encoding="utf-8")
    run("baseline", "blog", "articles/legacy.md")
    (project / "articles" / "legacy.md").write_text("# T\n\nOnly a miracle now.\n", encoding="utf-8")
    code, _, err = run("baseline", "articles/legacy.md")  # re-recorded: its old entries replaced
    assert code == 0 and "wrote 1 finding from 1 files" in err and "kept 1 finding of files not checked now" in err
    data = json.loads((project / ".healthlint-baseline.json").read_text(encoding="utf-8"))
    assert sorted((e["path"], e["rule"]) for e in data["findings"]) == [
        ("articles/legacy.md", "house.miracle"), ("blog/old.md", "house.miracle")]  # fmt: skip
    assert findings("--baseline", ".healthlint-baseline.json", "blog", "articles/legacy.md") == []


def test_a_baseline_drops_the_entries_of_deleted_files_and_replaces_a_broken_one(project: Path) -> None:
    (project / "articles" / "gone.md").write_text("A miracle.\n", encoding="utf-8")
    run("baseline", "articles/gone.md")
    (project / "articles" / "gone.md").unlink()
    (project / "articles" / "legacy.md").write_text("A miracle.\n", encoding="utf-8")
    run("baseline", "articles/legacy.md")
    data = json.loads((project / ".healthlint-baseline.json").read_text(encoding="utf-8"))
    assert [e["path"] for e in data["findings"]] == ["articles/legacy.md"]
    (project / ".healthlint-baseline.json").write_text("{broken", encoding="utf-8")
    code, _, err = run("baseline", "articles/legacy.md")
    assert code == 0 and "not a healthlint baseline" in err and "replacing it" in err
    assert json.loads((project / ".healthlint-baseline.json").read_text(encoding="utf-8"))["version"] == 2
