"""Finding the articles to check and reading them as text."""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lint.errors import InputError

if TYPE_CHECKING:
    from lint.layouts import Site

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


@dataclass(frozen=True)
class Verdict:
    """What discovery does with a file or folder, and why (`healthlint check --list-files`)."""

    path: Path
    checked: bool
    reason: str
    folder: bool = False
    lasting: bool = False  # skipped for what it is (a template, a README), not for what it holds or the config


def survey(paths: Sequence[Path], include: Sequence[str], exclude: Sequence[str], root: Path,
           on_error: Callable[[str], None], by_layout: bool = False, force_exclude: bool = False
           ) -> Iterator[Verdict]:  # fmt: skip
    """Files named on the command line as they are; directories walked in sorted order,
    keeping files that match `include`, skipping `exclude` and anything .gitignore ignores
    (unless git tracks it: git never ignores a tracked file). Symbolic links are not followed.
    A directory that cannot be read is passed to `on_error` and the walk goes on. A walk skips
    what is not an article (see lint.layouts): hidden folders, dependencies, repository files,
    files for crawlers, files without prose; `by_layout`: also a detected site's templates and
    whatever is outside its content folders. `force_exclude`: a named file too is skipped when
    a walk would skip it (as `ruff --force-exclude`; a pre-commit hook names every staged file).
    (pathspec is imported only when globs are needed: a hook that names its files pays nothing for it.)"""
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
            walk = _Walk(path, spec("include", include), spec("exclude", exclude), root, on_error, by_layout)
            for verdict in walk.verdicts():
                if not verdict.checked or verdict.path not in seen:
                    seen.add(verdict.path)
                    yield verdict
        elif path in seen:
            continue
        elif exclude and spec("exclude", exclude).match_file(_relative(path, root)):
            yield Verdict(path, False, "excluded by the config")
        elif force_exclude and not (verdict := _named_verdict(path, root, by_layout)).checked:
            yield verdict
        else:
            seen.add(path)
            yield Verdict(path, True, "named on the command line")


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


class _Walk:
    """One directory argument walked: each file and pruned folder with its verdict."""

    def __init__(self, top: Path, include: Any, exclude: Any, root: Path, on_error: Callable[[str], None],
                 by_layout: bool) -> None:  # fmt: skip
        self.top, self.include, self.exclude, self.on_error, self.by_layout = top, include, exclude, on_error, by_layout
        self.top_relative = _relative(top, root)  # resolved once: the walk below only appends names
        self.ignores: list[tuple[Path, Any]] = []
        self.tracked = _Tracked(top)
        self.sites: dict[Path, Site | None] = {}  # each walked folder's site
        self.top_site: Site | None = None
        if by_layout:
            from lint.layouts import enclosing_site

            self.top_site = enclosing_site(top, root)
        # a folder named inside a site is checked whole (bar templates): the user chose it
        self.named_inside = self.top_site is not None and self.top_site.folder != Path(os.path.abspath(top))

    def verdicts(self) -> Iterator[Verdict]:
        def unreadable(exc: OSError) -> None:
            self.on_error(f"{exc.filename}: cannot read directory: {exc.strerror or exc}")

        for directory, dirnames, filenames in os.walk(self.top, onerror=unreadable, followlinks=False):
            here = Path(directory)
            below = os.path.relpath(directory, self.top).replace(os.sep, "/")
            prefix = "".join(f"{part}/" for part in (self.top_relative, below) if part != ".")  # relative to the root
            self._read_gitignore(here)
            site = self._site(here, below, dirnames, filenames)
            kept = []
            for name in sorted(dirnames):
                if name == ".git":
                    continue
                path = here / name
                ignored = self._ignored(path, prefix + name, True)
                lasting = None if ignored or not self.by_layout else _folder_skipped(site, path, name)
                if ignored or lasting:
                    yield Verdict(path, False, ignored or lasting or "", folder=True, lasting=lasting is not None)
                else:
                    kept.append(name)
            dirnames[:] = kept
            for name in sorted(filenames):
                path = here / name
                if path.is_symlink() or not self.include.match_file(_text(prefix + name)):
                    continue
                reason = self._ignored(path, prefix + name, False)
                if reason:
                    yield Verdict(path, False, reason)
                else:
                    yield _file_verdict(site, path, name, whole=self.named_inside and site is self.top_site)

    def _read_gitignore(self, here: Path) -> None:
        gitignore = here / ".gitignore"
        if gitignore.is_file():
            try:
                lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError as exc:
                self.on_error(f"{gitignore}: cannot read: {exc.strerror or exc}")
                lines = []
            self.ignores.append((here, _gitignore_spec(lines)))

    def _site(self, here: Path, below: str, dirnames: list[str], filenames: list[str]) -> Site | None:
        if not self.by_layout:
            return None
        if below == ".":
            site = self.top_site
        else:
            from lint.layouts import detect

            site = detect(here, [*dirnames, *filenames]) or self.sites.get(here.parent)
        self.sites[here] = site
        return site

    def _ignored(self, path: Path, relative_to_root: str, is_dir: bool) -> str | None:
        if self.exclude.match_file(_text(relative_to_root) + ("/" if is_dir else "")):
            return "excluded by the config"
        for base, spec in self.ignores:
            if base == path or base in path.parents:
                relative = _text(path.relative_to(base).as_posix()) + ("/" if is_dir else "")
                if spec.match_file(relative):
                    return None if self.tracked.holds(path, is_dir) else "ignored by .gitignore"
        return None


def _folder_skipped(site: Site | None, path: Path, name: str) -> str | None:
    """Why a folder is not walked for articles: hidden, dependencies, a site's templates."""
    from lint.layouts import DEPENDENCY_FOLDERS, first_match

    if name.startswith("."):
        return "hidden folder"
    if name in DEPENDENCY_FOLDERS:
        return "dependencies"
    if site is not None and first_match(site.layout.templates, site.relative(path) + "/"):
        return f"{site.layout.name} templates, partials, assets or build output"
    return None


def _file_verdict(site: Site | None, path: Path, name: str, whole: bool) -> Verdict:
    """Whether a file is an article (`whole`: every file of the site is, bar what is never one)."""
    from lint.layouts import has_prose, repository_file, site_file

    if repository_file(name):
        return Verdict(path, False, "repository file, not an article", lasting=True)
    if site_file(name):
        return Verdict(path, False, "a file for crawlers or site verification", lasting=True)
    where = site.content_of(path) if site is not None else None
    if site is not None and where is None and not whole:
        return Verdict(path, False, f"outside the {site.layout.name} content ({', '.join(site.content)})")
    if not has_prose(path):
        return Verdict(path, False, "no prose")
    if site is None:
        return Verdict(path, True, "matches include")
    return Verdict(path, True, f"{site.layout.name} content ({where or 'the folder named'})")


def _named_verdict(path: Path, root: Path, by_layout: bool) -> Verdict:
    """A named file as a walk of the project would see it (`--force-exclude`, for a pre-commit hook)."""
    from lint.layouts import enclosing_site

    site = enclosing_site(path.parent, root) if by_layout else None
    base, absolute = Path(os.path.abspath(root)), Path(os.path.abspath(path))
    below_base = [folder for folder in absolute.parents if base in folder.parents]
    for folder in reversed(below_base):
        reason = _folder_skipped(site, folder, folder.name)
        if reason:
            return Verdict(path, False, f"{reason} ({folder.name}/)", lasting=True)
    return _file_verdict(site, path, path.name, whole=False)


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
