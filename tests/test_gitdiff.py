"""--since and --changed-lines, in a real git repository."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.cli import cli

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip


def git(*args: str) -> None:
    subprocess.run(["git", *args], check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def rules_by_file(*args: str) -> list[tuple[str, int]]:
    result = CliRunner().invoke(cli, ["check", "--format", "json", *args], catch_exceptions=False)
    return [(f["path"], f["line"]) for f in json.loads(result.stdout)]


@pytest.fixture
def repo(project: Path) -> Path:
    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    return project


def test_since_checks_only_changed_and_new_files(repo: Path) -> None:
    assert rules_by_file("--since", "HEAD", "articles") == []
    (repo / "articles" / "warn.txt").write_text("Changed. It is generally safe.\n", encoding="utf-8")
    (repo / "articles" / "new.md").write_text("A miracle.\n", encoding="utf-8")
    assert rules_by_file("--since", "HEAD", "articles") == [("articles/new.md", 1), ("articles/warn.txt", 1)]


def test_changed_lines_keeps_only_findings_on_changed_lines(repo: Path) -> None:
    article = repo / "articles" / "bad.md"
    article.write_text("# T\n\nA miracle. It is generally safe.\n\nAdded: another miracle.\n", encoding="utf-8")
    assert rules_by_file("--since", "HEAD", "articles") == [
        ("articles/bad.md", 3), ("articles/bad.md", 3), ("articles/bad.md", 5)
    ]  # fmt: skip
    assert rules_by_file("--since", "HEAD", "--changed-lines", "articles") == [("articles/bad.md", 5)]


def test_a_bad_revision_is_a_clear_error(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--since", "no-such-rev", "articles"])
    assert result.exit_code == 2 and "git diff" in result.stderr and "Traceback" not in result.stderr


def test_changed_lines_needs_since(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--changed-lines", "articles"])
    assert result.exit_code == 2 and "--changed-lines needs --since" in result.stderr
