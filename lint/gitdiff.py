"""What changed since a git revision: files, and lines within them (for pull-request runs)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from lint.errors import HealthlintError

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)


def _git(args: list[str], cwd: Path) -> bytes:
    # pathspecs are literal (an article may be named `a[1].md`); output is bytes, since names and
    # diffed text need not be UTF-8
    command = ["git", "--literal-pathspecs", *args]
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    except OSError:
        raise HealthlintError("--since needs git, which is not installed") from None
    if done.returncode != 0:
        message = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["git failed"])[-1]
        raise HealthlintError(f"git {args[0]}: {message}")
    return done.stdout


def _names(output: bytes) -> list[str]:
    """NUL-separated names (`-z`: never quoted, so non-ASCII names survive) as file-system strings."""
    return [os.fsdecode(name) for name in output.split(b"\0") if name]


# the revision always comes after --end-of-options: `--since=--output=FILE` is a revision git
# cannot find, never an option that writes FILE
_DIFF = ["diff", "--no-color", "--no-ext-diff", "--no-relative"]


def changed_files(revision: str, cwd: Path) -> set[Path]:
    """Files added, copied, modified or renamed since `revision` (committed or not), plus untracked ones."""
    top = Path(os.fsdecode(_git(["rev-parse", "--show-toplevel"], cwd).strip()))
    names = _names(_git([*_DIFF, "-z", "--name-only", "--diff-filter=ACMR", "--end-of-options", revision, "--"], cwd))
    names += _names(_git(["ls-files", "-z", "--others", "--exclude-standard", "--full-name"], top))
    return {(top / name).resolve() for name in names}


def changed_lines(revision: str, path: Path) -> list[tuple[int, int]]:
    """1-based inclusive line ranges of `path` that are new or changed since `revision`."""
    cwd = path.parent
    if not _git(["ls-files", "-z", "--", path.name], cwd):
        return [(1, 10**9)]  # an untracked file is new throughout
    diff = _git([*_DIFF, "--unified=0", "--end-of-options", revision, "--", path.name], cwd)
    ranges = []
    for match in _HUNK.finditer(diff):
        start, count = int(match.group(1)), int(match.group(2) or 1)
        if count:
            ranges.append((start, start + count - 1))
    return ranges


def tracked_files(directory: Path) -> list[Path]:
    """Files git tracks under `directory`; none when it is not in a work tree or git is missing."""
    try:
        return [directory / name for name in _names(_git(["ls-files", "-z"], directory))]
    except HealthlintError:
        return []
