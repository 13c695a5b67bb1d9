"""Discovery: walking directories, unreadable ones, .gitignore and what git tracks."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lint import gitdiff
from lint.cli import cli
from tests.test_gitdiff import git


def check(*args: str) -> tuple[int, set[str], str]:
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--no-cache", *args], catch_exceptions=False)
    return result.exit_code, {f["path"] for f in json.loads(result.stdout)}, result.stderr


def test_an_unreadable_subdirectory_is_an_error_and_the_rest_is_checked(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "articles" / "secret").mkdir()
    (project / "articles" / "secret" / "hidden.md").write_text("A miracle.\n", encoding="utf-8")
    scandir = os.scandir

    def deny(path: Any = ".") -> Iterator[os.DirEntry[str]]:
        if not isinstance(path, int) and os.path.basename(path) == "secret":  # (the cache scans by descriptor)
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", deny)
    code, paths, err = check("articles")
    assert code == 2 and paths == {"articles/bad.md", "articles/warn.txt"}
    assert err == "healthlint: articles/secret: cannot read directory: Permission denied\n"
    result = CliRunner().invoke(cli, ["check", "--no-cache", "articles"])
    assert result.exit_code == 2 and "1 file error (see above)" in result.stdout
    for command in ("baseline", "audit"):
        result = CliRunner().invoke(cli, [command, "--no-cache", "articles"])
        assert result.exit_code == 2 and "articles/secret: cannot read directory" in result.stderr, command


@pytest.fixture
def repo(project: Path) -> Path:
    """The project as a git repository whose .gitignore matches files that git nevertheless tracks."""
    (project / ".gitignore").write_text("drafts/\n*.txt\n", encoding="utf-8")
    (project / "articles" / "drafts").mkdir()
    (project / "articles" / "drafts" / "tracked.md").write_text("A miracle.\n", encoding="utf-8")
    git("init", "-q")
    git("add", "-A")
    git("add", "-f", "articles/warn.txt", "articles/drafts/tracked.md")
    git("commit", "-q", "-m", "base")
    (project / "articles" / "drafts" / "untracked.md").write_text("A miracle.\n", encoding="utf-8")
    (project / "articles" / "untracked.txt").write_text("A miracle.\n", encoding="utf-8")
    return project


def test_gitignore_never_drops_a_file_git_tracks(repo: Path) -> None:
    code, paths, err = check(".")
    assert code == 1 and err == ""
    assert paths == {"articles/bad.md", "articles/warn.txt", "articles/drafts/tracked.md"}


def test_config_exclude_still_applies_to_tracked_files(repo: Path) -> None:
    with (repo / ".healthlint.yaml").open("a", encoding="utf-8") as handle:
        handle.write("exclude: ['articles/drafts/']\n")
    assert check(".")[1] == {"articles/bad.md", "articles/warn.txt"}


def test_git_is_asked_only_when_a_gitignore_rule_matches(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[Path] = []
    listing = gitdiff.tracked_files

    def counted(directory: Path) -> list[Path]:
        asked.append(directory)
        return listing(directory)

    monkeypatch.setattr(gitdiff, "tracked_files", counted)
    check("articles/bad.md")
    (repo / ".gitignore").write_text("nothing-matches/\n", encoding="utf-8")
    check(".")
    assert asked == []
    (repo / ".gitignore").write_text("*.txt\n", encoding="utf-8")
    check(".")
    assert asked == [repo.resolve()]


def test_outside_a_git_work_tree_gitignore_rules_apply_as_written(project: Path) -> None:
    (project / ".gitignore").write_text("*.txt\n", encoding="utf-8")
    assert check(".")[1] == {"articles/bad.md"}


def test_a_named_path_that_cannot_be_reached_is_an_error_and_the_rest_is_checked(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stat = Path.stat

    def deny(self: Path, **kwargs: Any) -> os.stat_result:
        if self.name == "locked.md":
            raise PermissionError(13, "Permission denied", str(self))
        return stat(self, **kwargs)

    monkeypatch.setattr(Path, "stat", deny)
    code, paths, err = check("articles/locked.md", "articles/bad.md")
    assert code == 2 and paths == {"articles/bad.md"}
    assert err == "healthlint: articles/locked.md: cannot read: Permission denied\n"
