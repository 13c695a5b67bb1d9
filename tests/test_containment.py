"""A run never aborts on one file: whatever goes wrong with one article is one error line naming
it, exit 2, every other file still checked and every report still written (docs/robustness.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import lint.runner
from lint.cli import cli
from lint.markup.document import Document


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture
def exploding(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project's articles plus one whose parsing raises what a parser bug would raise."""
    (project / "articles" / "boom.md").write_text("# Boom\n\nA miracle.\n", encoding="utf-8")
    real = lint.runner.parse

    def parse(path: str, text: str) -> Document:
        if path.endswith("boom.md"):
            raise RecursionError("maximum recursion depth exceeded\nsecond line")
        return real(path, text)

    monkeypatch.setattr(lint.runner, "parse", parse)
    return project


BOOM = (
    "healthlint: articles/boom.md: cannot be checked: internal error "
    "(RecursionError: maximum recursion depth exceeded); please report it\n"
)


@pytest.mark.parametrize("output_format", ["json", "sarif", "junit", "text"])
def test_an_exception_on_one_file_is_one_line_and_the_report_is_still_written(
    exploding: Path, output_format: str
) -> None:
    result = run("check", "--no-cache", "--format", output_format, "-o", "report.out", "articles")
    assert result.exit_code == 2
    assert BOOM in result.stderr and result.stderr.count("boom.md") == 1
    report = (exploding / "report.out").read_text(encoding="utf-8")
    assert "articles/bad.md" in report and "articles/warn.txt" in report


def test_exit_zero_does_not_hide_a_file_that_could_not_be_checked(exploding: Path) -> None:
    assert run("check", "--no-cache", "--exit-zero", "articles").exit_code == 2


def test_parallel_workers_contain_the_exception_as_serial_runs_do(exploding: Path) -> None:
    for index in range(12):  # enough files for worker processes
        (exploding / "articles" / f"more{index}.md").write_text("It is generally safe.\n", encoding="utf-8")
    serial = run("check", "--no-cache", "--jobs", "1", "--format", "json", "articles")
    parallel = run("check", "--no-cache", "--jobs", "2", "--format", "json", "articles")
    assert serial.exit_code == parallel.exit_code == 2
    assert serial.stdout == parallel.stdout and len(json.loads(parallel.stdout)) > 12
    assert BOOM in parallel.stderr


def test_a_cached_run_contains_the_exception_too(exploding: Path) -> None:
    first, second = run("check", "--format", "json", "articles"), run("check", "--format", "json", "articles")
    assert first.exit_code == second.exit_code == 2
    assert BOOM in second.stderr and first.stdout == second.stdout


def test_audit_reports_are_still_written(exploding: Path) -> None:
    result = run("audit", "--no-cache", "--report", "audit.html", "--csv", "audit.csv", "articles")
    assert result.exit_code == 2 and BOOM in result.stderr
    assert "articles/bad.md" in (exploding / "audit.csv").read_text(encoding="utf-8")
    assert (exploding / "audit.html").stat().st_size > 0
