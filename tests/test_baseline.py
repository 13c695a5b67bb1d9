from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from lint.cli import cli

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
