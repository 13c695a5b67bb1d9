"""Markup adapters: each turns one format's source text into a scoped Document.

Adding a format is one module with `parse(path, source) -> Document` and one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from lint.markup import html, markdown, plaintext
from lint.markup.document import Document

Parser = Callable[[str, str], Document]
BytesParser = Callable[[str, bytes], Document]

FORMATS: dict[str, Parser] = {
    ".md": markdown.parse,
    ".markdown": markdown.parse,
    ".txt": plaintext.parse,
    ".html": html.parse,
    ".htm": html.parse,
}


def _docx(path: str, raw: bytes) -> Document:
    from lint.markup import docx  # python-docx is imported only for Word files

    return docx.parse_bytes(path, raw)


# formats that are not text: the parser gets the file's bytes
BINARY_FORMATS: dict[str, BytesParser] = {".docx": _docx}


def binary_parser_for(path: str) -> BytesParser | None:
    return BINARY_FORMATS.get(PurePath(path).suffix.lower())


def parser_for(path: str) -> Parser:
    """The parser for a file name; unknown extensions are read as Markdown."""
    return FORMATS.get(PurePath(path).suffix.lower(), markdown.parse)


def parse(path: str, source: str) -> Document:
    return parser_for(path)(path, source)
