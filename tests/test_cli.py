from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.cli import cli, main
from tests.conftest import PROJECT_RULES, dump


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_text_output_like_a_compiler(project: Path) -> None:
    code, out, _ = invoke("check", "articles/bad.md")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "articles/bad.md:3:3: error house.miracle Found 'miracle'."
    assert lines[2] == " 3 | A miracle. It is generally safe."
    assert lines[3] == "   |   ^^^^^^^"
    assert lines[4] == "   = hint: Write something else."
    assert lines[-1] == "Found 2 problems (1 error, 1 warning); 1 file checked."


def test_json_output_contract(project: Path) -> None:
    code, out, _ = invoke("check", "--format", "json", "articles")
    assert code == 1
    data = json.loads(out)
    assert list(data[0]) == [
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "rule",
        "category",
        "severity",
        "message",
        "match",
        "hint",
        "fix",
        "source",
    ]
    assert [(f["path"], f["line"], f["column"], f["rule"]) for f in data] == [
        ("articles/bad.md", 3, 3, "house.miracle"),
        ("articles/bad.md", 3, 18, "house.safe"),
        ("articles/warn.txt", 1, 7, "house.safe"),
    ]
    assert data[0]["match"] == "miracle" and data[0]["end_column"] == 10


def test_clean_run_exits_zero(project: Path) -> None:
    code, out, _ = invoke("check", "articles/clean.md")
    assert (code, out) == (0, "No problems found; 1 file checked.\n")


def test_fail_on(project: Path) -> None:
    assert invoke("check", "--fail-on", "error", "articles/warn.txt")[0] == 0
    assert invoke("check", "--fail-on", "error", "articles/bad.md")[0] == 1
    assert invoke("check", "--fail-on", "info", "articles/warn.txt")[0] == 1


def test_select_and_ignore_by_id_pack_or_category(project: Path) -> None:
    def rules_hit(*args: str) -> set[str]:
        return {f["rule"] for f in json.loads(invoke("check", "--format", "json", *args, "articles")[1])}

    assert rules_hit("--select", "house.miracle") == {"house.miracle"}
    assert rules_hit("--ignore", "absolute-claim") == {"house.safe"}
    assert rules_hit("--ignore", "house") == set()
    assert rules_hit("--select", "house.safe,house.miracle") == {"house.safe", "house.miracle"}


def test_unknown_select_name_is_a_usage_error(project: Path) -> None:
    code, _, err = invoke("check", "--select", "nope", "articles")
    assert code == 2 and "--select: unknown rule, pack or category 'nope'" in err


def test_an_unknown_name_in_an_override_is_an_error_naming_the_config_with_a_suggestion(project: Path) -> None:
    (project / ".healthlint.yaml").write_text(
        "packs: []\nrules: [house/]\noverrides:\n  - files: [news/**]\n    severity: {house.mirakle: info}\n",
        encoding="utf-8",
    )
    code, _, err = invoke("check", "articles")
    assert code == 2
    assert "overrides[0].severity: unknown rule, pack or category 'house.mirakle'" in err
    assert "did you mean 'house.miracle'" in err and ".healthlint.yaml" in err


def test_missing_path_is_an_error(project: Path) -> None:
    code, _, err = invoke("check", "nowhere.md")
    assert code == 2 and "nowhere.md: no such file or directory" in err
    assert "Traceback" not in err


def test_directory_walk_uses_default_extensions_and_gitignore(project: Path) -> None:
    (project / "articles" / "notes.py").write_text("miracle = 1\n", encoding="utf-8")
    (project / "articles" / ".gitignore").write_text("ignored/\n", encoding="utf-8")
    (project / "articles" / "ignored").mkdir()
    (project / "articles" / "ignored" / "x.md").write_text("A miracle.\n", encoding="utf-8")
    data = json.loads(invoke("check", "--format", "json", ".")[1])
    assert {f["path"] for f in data} == {"articles/bad.md", "articles/warn.txt"}


def test_config_exclude_and_overrides(project: Path) -> None:
    (project / ".healthlint.yaml").write_text(
        "packs: []\nrules: [house/]\nexclude: ['articles/warn.txt']\n"
        "overrides:\n  - files: ['articles/bad.md']\n    ignore: [house.safe]\n"
        "    severity: {house.miracle: info}\n",
        encoding="utf-8",
    )
    data = json.loads(invoke("check", "--format", "json", "articles")[1])
    assert [(f["rule"], f["severity"]) for f in data] == [("house.miracle", "info")]


def test_bad_config_is_one_line_exit_2(project: Path) -> None:
    (project / ".healthlint.yaml").write_text("packs: [nope]\n", encoding="utf-8")
    code, _, err = invoke("check", "articles")
    assert code == 2 and err.count("\n") == 1 and "unknown pack 'nope'" in err


def test_bad_rule_file_is_one_line_exit_2(project: Path) -> None:
    (project / "house" / "broken.yaml").write_text("id: x\nkind: existence\nphrase: [a]\n", encoding="utf-8")
    code, _, err = invoke("check", "articles")
    assert code == 2 and err.count("\n") == 1 and "broken.yaml:3:1" in err


def test_no_config_uses_the_bundled_packs(project: Path) -> None:
    code, _, err = invoke("check", "--no-config", "articles/clean.md")
    assert code in (0, 1) and "error" not in err


def test_rules_explain_and_test_rules(project: Path) -> None:
    code, out, _ = invoke("rules")
    assert code == 0 and "house.miracle" in out and out.endswith("2 rules\n")
    code, out, _ = invoke("explain", "house.safe")
    assert code == 0 and "## house.safe" in out and "### Why it matters" in out and "https://example.org/source" in out
    code, _, err = invoke("explain", "house.mirakle")
    assert code == 2 and "did you mean 'house.miracle'" in err
    code, out, _ = invoke("test-rules", "house")
    assert (code, out.splitlines()[-1]) == (0, "2 rules: 8 passed, 0 failed")


def test_test_rules_reports_failing_examples(project: Path) -> None:
    broken = [{**PROJECT_RULES[0], "examples": {"bad": ["A marvel.", "Miracle!"], "good": ["A miracle.", "Fine."]}}]
    (project / "house" / "rules.yaml").write_text(dump(broken), encoding="utf-8")
    code, out, _ = invoke("test-rules", "house")
    assert code == 1
    assert "bad example was not flagged: 'A marvel.'" in out
    assert "good example was flagged 1 time(s): 'A miracle.'" in out
    assert out.splitlines()[-1] == "1 rules: 2 passed, 2 failed"


def test_main_returns_exit_codes(project: Path) -> None:
    assert main(["check", "articles/clean.md"]) == 0
    assert main(["check", "articles/bad.md"]) == 1
    assert main(["check", "--format", "yaml"]) == 2


def test_real_subprocess(project: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run(
        [sys.executable, "-m", "lint", "check", "--format", "json", "articles/bad.md"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1
    assert [f["rule"] for f in json.loads(done.stdout)] == ["house.miracle", "house.safe"]
    done = subprocess.run(
        [sys.executable, "-m", "lint", "check", "missing.md"], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 2 and done.stderr.startswith("healthlint: error: missing.md")


def test_a_team_declares_its_own_categories_in_the_config(project: Path) -> None:
    house = [{**PROJECT_RULES[0], "category": "house-style"}]
    (project / "house" / "rules.yaml").write_text(dump(house), encoding="utf-8")
    code, _, err = invoke("check", "articles/bad.md")
    assert code == 2 and "'house-style' is not one of" in err  # undeclared: the schema's list only
    declared = "packs: []\nrules: [house/]\ncategories: [house-style]\n"
    (project / ".healthlint.yaml").write_text(declared, encoding="utf-8")
    code, out, _ = invoke("check", "--format", "json", "articles/bad.md")
    assert code == 1 and [f["category"] for f in json.loads(out)] == ["house-style"]
    assert invoke("test-rules", "house")[0] == 0
    (project / ".healthlint.yaml").write_text("packs: []\nrules: [house/]\n", encoding="utf-8")
    assert invoke("check", "articles/bad.md")[0] == 2  # the rules cached while it was declared are not reused


def test_a_jekyll_post_is_dated_by_its_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "_posts").mkdir()
    for name in ("2023-05-01-sleep.md", "sleep.md"):
        (tmp_path / "_posts" / name).write_text("# Sleep\n\nA walk after dinner helps some people.\n", encoding="utf-8")
    _, out, _ = invoke("check", "--no-config", "--no-cache", "--select", "transparency.missing-date", "_posts")
    assert "_posts/sleep.md:1:1" in out and "2023-05-01-sleep.md" not in out
