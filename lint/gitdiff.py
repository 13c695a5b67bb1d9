"""What changed since a git revision: files, and lines within them (for pull-request runs)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from lint.errors import HealthlintError

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise HealthlintError("--since needs git, which is not installed") from None
    if done.returncode != 0:
        message = (done.stderr.strip().splitlines() or ["git failed"])[-1]
        raise HealthlintError(f"git {' '.join(args[:2])}: {message}")
    return done.stdout


def changed_files(revision: str, cwd: Path) -> set[Path]:
    """Files added, copied, modified or renamed since `revision` (committed or not), plus untracked ones."""
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    names = _git(["diff", "--name-only", "--diff-filter=ACMR", revision, "--"], cwd).splitlines()
    names += _git(["ls-files", "--others", "--exclude-standard", "--full-name"], top).splitlines()
    return {(top / name).resolve() for name in names if name}


def changed_lines(revision: str, path: Path) -> list[tuple[int, int]]:
    """1-based inclusive line ranges of `path` that are new or changed since `revision`."""
    cwd = path.parent
    tracked = _git(["ls-files", "--", path.name], cwd).strip()
    if not tracked:
        return [(1, 10**9)]  # an untracked file is new throughout
    diff = _git(["diff", "--unified=0", revision, "--", path.name], cwd)
    ranges = []
    for match in _HUNK.finditer(diff):
        start, count = int(match.group(1)), int(match.group(2) or 1)
        if count:
            ranges.append((start, start + count - 1))
    return ranges
