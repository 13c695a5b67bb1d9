"""Word documents (.docx, through python-docx) to a Document.

A .docx has no text lines, so healthlint gives it one: every paragraph of the body (table
cells included, in document order) is one line of the document's text. A finding at
line N, column C is paragraph N, character C; the text report shows that paragraph.

A .docx is a zip file, capped on disk by --max-file-size; what its parts unpack to is capped
here, before python-docx reads them (it holds every part in memory): a 3 MB file can hold a 1 GB
document.xml. The sizes the zip declares are checked first; then each part is unpacked in small
pieces, never past its declared size, into an uncompressed copy that python-docx reads. (zipfile
alone would not do: asked for a whole part, it inflates all the compressed data before cutting
it to the declared size.)
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Any

from lint.errors import InputError
from lint.markup.document import Block, Document

_HEADING_STYLES = ("heading", "title", "subtitle")
# All parts together, unpacked. python-docx holds them parsed, some ten times this in memory (20 MB
# of document.xml: 290 MB); Word's XML for a long text is a few MB, and its images are compressed already.
MAX_UNPACKED_BYTES = 50_000_000
_PIECE = 1 << 16


def _paragraphs(document: Any) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph in body order, table cells included (each cell once,
    however many grid columns or rows it spans).

    Style names are looked up once: python-docx's `paragraph.style` scans every style of the
    document for each paragraph, and `row.cells` lays out the whole table for each row."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    names = {style.style_id: style.name for style in document.styles if style.type == WD_STYLE_TYPE.PARAGRAPH}
    default_name = default.name if default is not None else ""
    found: list[tuple[str, str]] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            found.append((names.get(child.style, default_name) or "", Paragraph(child, document).text))
        elif child.tag == qn("w:tbl"):
            for row in child.iterchildren(qn("w:tr")):
                for cell in row.iterchildren(qn("w:tc")):
                    found.extend(("table cell", Paragraph(p, document).text) for p in cell.iterchildren(qn("w:p")))
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


def _unpacked(path: str, raw: bytes) -> bytes:
    """The zip re-packed without compression, each part read in pieces up to its declared size."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        declared = sum(info.file_size for info in archive.infolist())
        if declared > MAX_UNPACKED_BYTES:
            raise InputError(f"{path}: its parts unpack to {declared / 1e6:.1f} MB, over the "
                             f"{MAX_UNPACKED_BYTES / 1e6:g} MB limit for a .docx; not checked")  # fmt: skip
        # of two parts with one name, the last, as zipfile reads it
        parts = {info.filename: info for info in archive.infolist() if not info.is_dir()}
        for name, info in parts.items():
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise ValueError(f"{name} uses a compression method Word does not write")  # bzip2 unpacks without bound
            pieces: list[bytes] = []
            with archive.open(info) as stream:
                while piece := stream.read(_PIECE):
                    pieces.append(piece)
            copy.writestr(name, b"".join(pieces))
    return out.getvalue()


def _read(path: str, raw: bytes) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The paragraphs (style, text) and the author and title, or an InputError for a file that is
    not a Word document python-docx can read: not a zip, a part missing, XML that does not parse."""
    try:
        import docx
        from docx.opc.exceptions import OpcError
        from docx.oxml.document import CT_Document
        from lxml.etree import LxmlError  # type: ignore[import-untyped]  # a python-docx dependency, no stubs
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise InputError(f"{path}: reading .docx needs python-docx") from None
    try:
        document = docx.Document(io.BytesIO(_unpacked(path, raw)))
        if not isinstance(document.element, CT_Document) or document.element.body is None:
            raise ValueError("word/document.xml has no document body")
        paragraphs = _paragraphs(document)
        # the author and title properties; not the created/modified stamps, which Word updates on every
        # save and which say nothing about when the content was last reviewed
        properties = document.core_properties
        metadata = {key: value for key, value in (("author", properties.author), ("title", properties.title)) if value}
    # AttributeError and TypeError: python-docx takes each part's root for its schema's element class, and
    # XML in another namespace is a plain element; RuntimeError: an encrypted part
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, KeyError, IndexError,
            ValueError, AttributeError, TypeError, LxmlError, OpcError) as exc:  # fmt: skip
        raise InputError(f"{path}: not a readable .docx file ({exc})") from None
    return paragraphs, metadata


def parse_bytes(path: str, raw: bytes) -> Document:
    paragraphs, metadata = _read(path, raw)
    lines: list[str] = []
    blocks: list[Block] = []
    section = 0
    offset = 0
    for index, (style, text) in enumerate(paragraphs):
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
    return Document(path, source, source, blocks, metadata=metadata)
