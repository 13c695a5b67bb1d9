"""Markup adapters: each turns one format's source text into a scoped Document.

Adding a format is one module with `parse(path, source) -> Document` and one entry here.
A format's module is imported when a file of that format is first parsed: a pre-commit
hook checking one Markdown file does not load the HTML parser.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from pathlib import PurePath

from lint.markup.document import Document

Parser = Callable[[str, str], Document]
BytesParser = Callable[[str, bytes], Document]

FORMATS: dict[str, str] = {  # file suffix -> the module (in lint.markup) that parses it
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "mdx",
    ".txt": "plaintext",
    ".html": "html",
    ".htm": "html",
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
    module = FORMATS.get(PurePath(path).suffix.lower(), "markdown")
    parse: Parser = importlib.import_module(f"lint.markup.{module}").parse
    return parse


def parse(path: str, source: str) -> Document:
    return with_file_name_date(parser_for(path)(path, source))


# Jekyll posts (`_posts/2023-05-01-title.md`) and many Hugo sites date an article in its file name
_FILE_NAME_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})-[^/\\]+$")


def with_file_name_date(doc: Document) -> Document:
    """The document, with the date its file name starts with as its `date` when no date field says
    otherwise: the site shows it as the publication date."""
    named = _FILE_NAME_DATE.search(PurePath(doc.path).name)
    if named and not any(str(key).lower() == "date" for key in doc.metadata):
        doc.metadata["date"] = named.group(1)
    return doc
