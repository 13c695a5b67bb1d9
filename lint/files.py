"""Finding the articles to check and reading them as text."""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lint.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Article:
    """An article's text and how to write it back exactly as it was encoded."""

    text: str
    codec: str
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.codec)


@dataclass(frozen=True)
class Reading:
    """How articles are read: the encoding of files without a byte-order mark, and a size cap."""

    encoding: str | None = None
    max_bytes: int = 20_000_000


def read_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    try:
        if max_bytes is not None and path.stat().st_size > max_bytes:
            size = path.stat().st_size / 1e6
            raise InputError(f"{path}: {size:.1f} MB is over the {max_bytes / 1e6:g} MB limit; not checked "
                             "(raise it with --max-file-size)")  # fmt: skip
        return path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def decode(path: Path, raw: bytes, encoding: str | None = None) -> Article:
    """Decode an article: a BOM decides; else UTF-8 (or `encoding`). Text that decodes is text,
    stray NULs and all (the checks read past them); what does not decode is an error, binary or not."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return Article(raw[len(bom) :].decode(codec), codec, bom)
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}: not valid {codec} after its byte-order mark (byte {exc.start})") from None
    codec = encoding or "utf-8"
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        if b"\0" in raw[:_SAMPLE]:  # not silently skipped: a gate must not pass what it did not read
            raise InputError(f"{path}: binary data (NUL bytes, and bytes that are not valid {codec}); not checked "
                             "(exclude it if it is not an article)") from None  # fmt: skip
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{path}:{line}: not valid {codec} (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "pass --encoding (e.g. --encoding cp1252) to read it"
        ) from None
    except UnicodeError as exc:  # a codec that fails without saying where (punycode)
        raise InputError(f"{path}: not valid {codec}: {exc}") from None
    except LookupError:
        raise InputError(f"unknown encoding: {encoding}") from None
    surrogate = _SURROGATE.search(text) if codec != "utf-8" else None  # strict UTF-8 never yields one
    if surrogate is not None:
        line = text.count("\n", 0, surrogate.start()) + 1
        raise InputError(f"{path}:{line}: not valid {codec}: it decodes to U+{ord(surrogate.group()):04X}, "
                         "half of a surrogate pair, which is not a character")  # fmt: skip
    return Article(text, codec)


_SAMPLE = 8192  # how much of a file decides whether undecodable bytes are binary data, as in git
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def discover(paths: Sequence[Path], include: Sequence[str], exclude: Sequence[str], root: Path,
             on_error: Callable[[str], None]) -> Iterator[Path]:  # fmt: skip
    """Files named on the command line as they are; directories walked in sorted order,
    keeping files that match `include`, skipping `exclude` and anything .gitignore ignores
    (unless git tracks it: git never ignores a tracked file). Symbolic links are not followed.
    A directory that cannot be read is passed to `on_error` and the walk goes on. (pathspec is
    imported only when globs are needed: a pre-commit hook that names its files pays nothing for it.)"""
    specs: dict[str, Any] = {}

    def spec(name: str, lines: Sequence[str]) -> Any:
        if name not in specs:
            import pathspec

            specs[name] = pathspec.GitIgnoreSpec.from_lines(lines)
        return specs[name]

    seen: set[Path] = set()
    for path in paths:
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except (FileNotFoundError, NotADirectoryError):
            if not path.is_symlink():
                raise InputError(f"{path}: no such file or directory") from None
            is_dir = False  # a dangling link: reading it says what is wrong
        except OSError as exc:  # e.g. a directory on the way that may not be searched
            on_error(f"{path}: cannot read: {exc.strerror or exc}")
            continue
        if is_dir:
            for found in _walk(path, spec("include", include), spec("exclude", exclude), root, on_error):
                if found not in seen:
                    seen.add(found)
                    yield found
        elif path not in seen and not (exclude and spec("exclude", exclude).match_file(_relative(path, root))):
            seen.add(path)
            yield path


class _Tracked:
    """What git tracks under a walked directory, asked on first need (a tree where no .gitignore
    rule matches anything never runs git)."""

    def __init__(self, top: Path) -> None:
        self.top = top
        self._files: frozenset[str] | None = None
        self._directories: frozenset[str] = frozenset()

    def holds(self, path: Path, is_dir: bool) -> bool:
        """Whether git tracks the file, or (for a directory) any file below it."""
        if self._files is None:
            from lint.gitdiff import tracked_files

            self._files = frozenset(str(p) for p in tracked_files(Path(os.path.realpath(self.top))))
            self._directories = frozenset(str(d) for f in self._files for d in Path(f).parents)
        return os.path.realpath(path) in (self._directories if is_dir else self._files)


def _walk(top: Path, include: object, exclude: object, root: Path, on_error: Callable[[str], None]) -> Iterator[Path]:
    import pathspec

    def unreadable(exc: OSError) -> None:
        on_error(f"{exc.filename}: cannot read directory: {exc.strerror or exc}")

    top_relative = _relative(top, root)  # resolved once: the walk below only appends names
    ignores: list[tuple[Path, pathspec.GitIgnoreSpec]] = []
    tracked = _Tracked(top)
    for directory, dirnames, filenames in os.walk(top, onerror=unreadable, followlinks=False):
        here = Path(directory)
        below = os.path.relpath(directory, top).replace(os.sep, "/")
        prefix = "".join(f"{part}/" for part in (top_relative, below) if part != ".")  # names relative to the root
        gitignore = here / ".gitignore"
        if gitignore.is_file():
            try:
                lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError as exc:
                on_error(f"{gitignore}: cannot read: {exc.strerror or exc}")
                lines = []
            ignores.append((here, _gitignore_spec(lines)))

        def ignored(path: Path, relative_to_root: str, is_dir: bool) -> bool:
            if exclude.match_file(_text(relative_to_root) + ("/" if is_dir else "")):  # type: ignore[attr-defined]
                return True
            for base, spec in ignores:
                if base == path or base in path.parents:
                    relative = _text(path.relative_to(base).as_posix()) + ("/" if is_dir else "")
                    if spec.match_file(relative):
                        return not tracked.holds(path, is_dir)
            return False

        dirnames[:] = sorted(d for d in dirnames if d != ".git" and not ignored(here / d, prefix + d, True))
        for name in sorted(filenames):
            path = here / name
            if path.is_symlink() or ignored(path, prefix + name, False):
                continue
            if include.match_file(_text(prefix + name)):  # type: ignore[attr-defined]
                yield path


def _text(name: str) -> str:
    """A file name as text the glob matchers can take: bytes that are not UTF-8 (which Python
    keeps as lone surrogates) escaped, as display paths show them."""
    return name if name.isascii() else os.fsencode(name).decode("utf-8", "backslashreplace")


def _gitignore_spec(lines: list[str]) -> Any:
    """A .gitignore's patterns, leaving out those that never match in git (`[z-a]`, a trailing `\\`)
    instead of failing on them."""
    import pathspec

    def valid(line: str) -> bool:
        try:
            pathspec.GitIgnoreSpec.from_lines([line])
        except (ValueError, re.error):  # pathspec's errors are ValueErrors, or re's
            return False
        return True

    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except (ValueError, re.error):
        return pathspec.GitIgnoreSpec.from_lines([line for line in lines if valid(line)])


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
