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


def test_since_keeps_files_with_non_ascii_names(repo: Path) -> None:
    article = repo / "articles" / "café ü.md"
    article.write_text("# T\n", encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "café")
    article.write_text("# T\n\nA miracle.\n", encoding="utf-8")
    assert rules_by_file("--since", "HEAD", "articles") == [("articles/café ü.md", 3)]
    assert rules_by_file("--since", "HEAD", "--changed-lines", "articles") == [("articles/café ü.md", 3)]


def test_changed_lines_of_a_name_with_glob_characters(repo: Path) -> None:
    glob_named, plain = repo / "articles" / "a[1].md", repo / "articles" / "a1.md"
    glob_named.write_text("# T\n\nA miracle.\n\nOld.\n", encoding="utf-8")
    plain.write_text("# T\n\nOld.\n\nOld.\n", encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "globs")
    glob_named.write_text("# T\n\nA miracle.\n\nA miracle.\n", encoding="utf-8")
    plain.write_text("# T\n\nChanged.\n\nOld.\n", encoding="utf-8")  # line 3 of a1.md is not line 3 of a[1].md
    assert rules_by_file("--since", "HEAD", "--changed-lines", "articles") == [("articles/a[1].md", 5)]


@pytest.mark.parametrize("revision", ["--output=written.txt", "-owritten.txt"])
def test_a_revision_never_becomes_a_git_option(repo: Path, revision: str) -> None:
    result = CliRunner().invoke(cli, ["check", f"--since={revision}", "articles"])
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("healthlint: error: git diff: fatal: bad revision")
    assert result.stderr.count("\n") == 1
    assert not (repo / "written.txt").exists() and not (repo / "articles" / "written.txt").exists()
