"""Checking many files: read, parse, lint, one file at a time, per-file problems kept apart."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from lint.checks.base import Environment
from lint.engine import Selection, lint_document
from lint.errors import InputError
from lint.files import Article, Reading, decode, read_bytes
from lint.finding import Finding
from lint.markup import binary_parser_for, parse, with_file_name_date
from lint.markup.document import Document
from lint.selecting import RuleSelector

if TYPE_CHECKING:
    from lint.cache import ResultCache


@dataclass(frozen=True)
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the file, or a rule on it, failed
    article: Article | None = None  # a text file as decoded (None for binary formats: never fixed)
    raw: bytes = b""  # the bytes read, so that a fix never overwrites a file edited since
    document: Document | None = None
    source: str = ""  # the text the findings' positions refer to


def display_path(path: Path) -> str:
    """Paths under the current directory are shown relative to it, as compilers do. A name
    that is not valid UTF-8 is shown with its odd bytes escaped (`caf\\xe9.md`): findings,
    fingerprints and every report format need text."""
    # a file's directory is resolved once for all the files in it (a symbolic link is resolved itself)
    resolved = path.resolve() if path.is_symlink() else _resolved(str(path.parent)) / path.name
    try:
        shown = resolved.relative_to(_resolved(os.getcwd())).as_posix()
    except ValueError:
        shown = path.as_posix()
    return shown if shown.isascii() else os.fsencode(shown).decode("utf-8", "backslashreplace")


@cache
def _resolved(directory: str) -> Path:
    return Path(directory).resolve()


def _read(path: Path, reading: Reading) -> tuple[bytes, Article | None]:
    """The file's bytes, and its decoded text unless it is a binary format (.docx)."""
    raw = read_bytes(path, reading.max_bytes)
    return raw, None if binary_parser_for(path.name) is not None else decode(path, raw, reading.encoding)


def _from_cache(shown: str, raw: bytes, article: Article | None, selection: Selection,
                cache: ResultCache | None) -> FileResult | None:  # fmt: skip
    if cache is None or article is None:
        return None
    findings = cache.get(shown, raw, article.text, selection)
    return None if findings is None else FileResult(shown, findings, article=article, source=article.text)


def cached(path: Path, selector: RuleSelector, reading: Reading, cache: ResultCache) -> FileResult | None:
    """The file's result from the result cache, or None (not cached, binary, unreadable)."""
    try:
        raw, article = _read(path, reading)
        return _from_cache(display_path(path), raw, article, selector.for_path(path), cache)
    except Exception:  # check_file reads the file again and reports the problem
        return None


def check_file(
    path: Path,
    selector: RuleSelector,
    env: Environment,
    reading: Reading,
    cache: ResultCache | None = None,
    keep: bool = False,
) -> FileResult:
    """Read, parse and lint one file. `keep`: hold on to the parsed document and the raw bytes
    (for fixes and audits); otherwise only the decoded text travels with the findings.
    Never raises: whatever goes wrong with one file is an error line for that file."""
    shown = display_path(path)
    return _contained(shown, lambda: _checked_file(path, shown, selector, env, reading, cache, keep))


def check_text(path: Path, text: str, selector: RuleSelector, env: Environment) -> FileResult:
    """Parse and lint a text file's contents as if read from `path` (an editor's unsaved buffer):
    the same rules, selection and messages as `check_file`. Never raises."""
    shown = display_path(path)

    def checked() -> FileResult:
        doc = parse(shown, text)
        result = lint_document(doc, selector.for_path(path), env)
        return FileResult(shown, result.findings, result.errors, source=doc.source)

    return _contained(shown, checked)


def _contained(shown: str, check: Callable[[], FileResult]) -> FileResult:
    """The result of `check`, or whatever went wrong with the file as one error line for it."""
    try:
        return check()
    except InputError as exc:
        message = str(exc)
        return FileResult(shown, errors=[message if message.startswith(shown) else f"{shown}: {message}"])
    except Exception as exc:  # a bug in healthlint costs one file, not the whole run
        return FileResult(shown, errors=[_internal_error(shown, exc)])


def _internal_error(shown: str, exc: Exception) -> str:
    """One line for an unexpected exception on a file: its type and the first line of its message."""
    detail = (str(exc).splitlines() or [""])[0][:200]
    what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return f"{shown}: cannot be checked: internal error ({what}); please report it"


def _checked_file(path: Path, shown: str, selector: RuleSelector, env: Environment, reading: Reading,
                  cache: ResultCache | None, keep: bool) -> FileResult:  # fmt: skip
    selection = selector.for_path(path)
    raw, article = _read(path, reading)
    hit = _from_cache(shown, raw, article, selection, cache)
    if hit is not None:
        return hit
    binary = binary_parser_for(shown)
    doc = with_file_name_date(binary(shown, raw)) if binary is not None else parse(shown, article.text)  # type: ignore[union-attr]
    result = lint_document(doc, selection, env)
    if cache is not None and article is not None and not result.errors:  # binary formats are never read back
        cache.put(shown, raw, selection, result.findings)
    return FileResult(shown, result.findings, result.errors, article=article, raw=raw if keep else b"",
                      document=doc if keep else None, source=doc.source)  # fmt: skip
