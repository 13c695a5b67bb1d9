"""Checking many files: read, parse, lint, one file at a time, per-file problems kept apart."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lint.checks.base import Environment
from lint.engine import lint_document
from lint.errors import InputError
from lint.files import Article, BinaryFile, decode, read_bytes
from lint.finding import Finding
from lint.markup import binary_parser_for, parse
from lint.markup.document import Document
from lint.selecting import RuleSelector


@dataclass(frozen=True)
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the file, or a rule on it, failed
    notices: list[str] = field(default_factory=list)  # skipped, not failed (binary files)
    article: Article | None = None
    raw: bytes = b""  # the bytes read, so that a fix never overwrites a file edited since
    document: Document | None = None

    @property
    def source(self) -> str:
        return self.document.source if self.document is not None else ""


def display_path(path: Path) -> str:
    """Paths under the current directory are shown relative to it, as compilers do."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def check_file(path: Path, selector: RuleSelector, env: Environment, encoding: str | None) -> FileResult:
    shown = display_path(path)
    article = None
    try:
        raw = read_bytes(path)
        binary = binary_parser_for(shown)
        if binary is not None:
            doc = binary(shown, raw)
        else:
            article = decode(path, raw, encoding)
            doc = parse(shown, article.text)
    except BinaryFile as exc:
        return FileResult(shown, notices=[str(exc)])
    except InputError as exc:
        message = str(exc)
        return FileResult(shown, errors=[message if message.startswith(shown) else f"{shown}: {message}"])
    result = lint_document(doc, selector.for_path(path), env)
    return FileResult(shown, result.findings, result.errors, article=article, raw=raw, document=doc)


def check_files(
    paths: Iterable[Path], selector: RuleSelector, env: Environment, encoding: str | None = None
) -> Iterator[FileResult]:
    for path in sorted(paths, key=display_path):
        yield check_file(path, selector, env, encoding)
