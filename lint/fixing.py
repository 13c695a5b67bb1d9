"""Automatic fixes: apply them to text, show them as a diff, write them atomically."""

from __future__ import annotations

import contextlib
import difflib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from lint.errors import InputError
from lint.finding import Finding


def apply_fixes(text: str, findings: Iterable[Finding]) -> tuple[str, int]:
    """The text with every fix applied (overlapping fixes after the first are left), and how many."""
    fixes = sorted((f for f in findings if f.fix is not None and f.match is not None), key=lambda f: f.start)
    pieces: list[str] = []
    at = applied = 0
    for finding in fixes:
        if finding.start < at:
            continue  # overlaps a fix already applied; the next run will see it again
        pieces += [text[at : finding.start], finding.fix or ""]
        at = finding.end
        applied += 1
    pieces.append(text[at:])
    return "".join(pieces), applied


def unified_diff(path: str, old: str, new: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), fromfile=f"a/{path}", tofile=f"b/{path}"
    )
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Replace a file's contents all at once: a temporary file in the same directory, then a rename.

    Readers see the old file or the new one, never a mix, whatever happens to this process.
    The file's permissions are kept. With `expected`, a file that no longer holds exactly those
    bytes (someone edited it since it was read) is left alone.
    """
    try:
        mode = path.stat().st_mode if path.exists() else None
        if expected is not None and path.read_bytes() != expected:
            raise InputError(f"{path}: changed on disk since it was read; not overwritten")
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".healthlint-tmp")
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode & 0o7777 if mode is not None else 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise
