"""Automatic fixes: apply them to text, show them as a diff, write them atomically."""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import stat
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
    bytes (someone edited it since it was read) is left alone. A symbolic link is written
    through (its target changes, the link stays a link); a read-only file is refused; a file
    with hard links is rewritten in place (see `_write_in_place`).
    """
    target = Path(os.path.realpath(path))
    try:
        try:
            status: os.stat_result | None = target.stat()
        except FileNotFoundError:
            status = None
        if status is not None and not stat.S_ISREG(status.st_mode):
            raise InputError(f"{path}: not a regular file; not overwritten")
        if status is not None and not _writable(target, status):
            raise InputError(f"{path}: read-only (mode {stat.S_IMODE(status.st_mode):04o}); not overwritten")
        if expected is not None and target.read_bytes() != expected:
            raise InputError(f"{path}: changed on disk since it was read; not overwritten")
        if status is not None and status.st_nlink > 1:
            _write_in_place(target, data)
            return
        # the name is cut so that a 255-byte file name still leaves room for the rest
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:32]}.{os.getpid()}-",
                                             suffix=TEMPORARY_SUFFIX)  # fmt: skip
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, stat.S_IMODE(status.st_mode) if status is not None else 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise


def _writable(path: Path, status: os.stat_result) -> bool:
    # os.access alone says yes to root for a 0444 file; a file nobody may write is not to be written
    return bool(status.st_mode & 0o222) and os.access(path, os.W_OK)


def _write_in_place(path: Path, data: bytes) -> None:
    """Rewrite a hard-linked file through its own inode, so that every link sees the fix (a rename
    would leave the other links with the old text). This gives up atomicity for these files only:
    a crash during the write can leave the file partly written, as with editors and formatters
    that save in place."""
    with open(path, "r+b") as out:
        out.write(data)
        out.truncate()
        out.flush()
        os.fsync(out.fileno())


# `.NAME.PID-RANDOM.healthlint-tmp`: the writer's process id tells a later run whether it is stale
TEMPORARY_SUFFIX = ".healthlint-tmp"
_TEMPORARY = re.compile(r"\..+\.(\d+)-[^.]+" + re.escape(TEMPORARY_SUFFIX))


def remove_stale_temporaries(directories: Iterable[Path]) -> list[Path]:
    """Delete temporary files that a killed fix run left in these directories (their writer is
    no longer running); returns what was removed."""
    removed = []
    for directory in directories:
        try:
            names = os.listdir(directory)
        except OSError:
            continue  # reading the articles will report what is wrong with the directory
        for name in sorted(names):
            match = _TEMPORARY.fullmatch(name)
            if match and not _running(int(match.group(1))):
                with contextlib.suppress(OSError):
                    os.unlink(directory / name)
                    removed.append(directory / name)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True  # another user's process
    return True
