from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.cli import cli
from tests.conftest import deny_reading

ARTICLE = "# T\n\nFirst paragraph. It is generally safe.\n\nSecond paragraph with a miracle.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def findings(*args: str) -> list[str]:
    return [f"{f['line']}:{f['rule']}" for f in json.loads(run("check", "--format", "json", *args)[1])]


def test_baseline_then_only_new_findings_fail(project: Path) -> None:
    article = project / "articles" / "legacy.md"
    article.write_text(ARTICLE, encoding="utf-8")
    code, _, err = run("baseline", "articles/legacy.md")
    assert code == 0 and "wrote 2 findings from 1 files to .healthlint-baseline.json" in err
    data = json.loads((project / ".healthlint-baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1 and len(data["findings"]) == 2

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
    article = project / "articles" / "legacy.md"
    article.write_text("A miracle.\n", encoding="utf-8")
    run("baseline", "articles/legacy.md")
    article.write_text("A miracle.\n\nA miracle.\n", encoding="utf-8")
    assert findings("--baseline", ".healthlint-baseline.json", "articles/legacy.md") == ["3:house.miracle"]


def test_stale_entries_are_counted_and_pruned(project: Path) -> None:
    article = project / "articles" / "legacy.md"
    article.write_text(ARTICLE, encoding="utf-8")
    run("baseline", "articles/legacy.md")
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
