"""Word documents (.docx, through python-docx) to a Document.

A .docx has no text lines, so healthlint gives it one: every paragraph of the body (table
cells included, in document order) is one line of the document's text. A finding at
line N, column C is paragraph N, character C; the text report shows that paragraph.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from lint.errors import InputError
from lint.markup.document import Block, Document

_HEADING_STYLES = ("heading", "title", "subtitle")


def _paragraphs(document: Any) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph in body order, table cells included."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    found: list[tuple[str, str]] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            found.append((paragraph.style.name if paragraph.style is not None else "", paragraph.text))
        elif tag == "tbl":
            for row in Table(child, document).rows:
                for cell in row.cells:
                    found.extend(("table cell", p.text) for p in cell.paragraphs)
    return found


def _kind(style: str, index: int, blocks: list[Block]) -> str:
    lowered = style.lower()
    if lowered.startswith("title") or (lowered.startswith("heading 1") and not blocks):
        return "title"
    if lowered.startswith(_HEADING_STYLES):
        return "heading"
    if lowered == "table cell":
        return "table_cell"
    if "list" in lowered:
        return "list_item"
    return "paragraph"


def parse_bytes(path: str, raw: bytes) -> Document:
    try:
        import docx
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise InputError(f"{path}: reading .docx needs python-docx") from None
    try:
        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{path}: not a readable .docx file ({exc})") from None
    lines: list[str] = []
    blocks: list[Block] = []
    section = 0
    offset = 0
    for index, (style, text) in enumerate(_paragraphs(document)):
        text = text.replace("\r", " ").replace("\n", " ").replace("\v", " ")
        kind = _kind(style, index, blocks)
        if kind in ("title", "heading"):
            section += 1
        if text.strip():
            start = offset + len(text) - len(text.lstrip())
            end = offset + len(text.rstrip())
            blocks.append(Block(kind, start, end, section))
        lines.append(text)
        offset += len(text) + 1
    source = "\n".join(lines)
    # the author and title properties; not the created/modified stamps, which Word updates on every save
    # and which say nothing about when the content was last reviewed
    properties = document.core_properties
    metadata = {key: value for key, value in (("author", properties.author), ("title", properties.title)) if value}
    return Document(path, source, source, blocks, metadata=metadata)
