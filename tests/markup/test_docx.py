from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from lint.cli import cli
from lint.errors import InputError
from lint.markup.docx import MAX_UNPACKED_BYTES, parse_bytes


def word_file() -> bytes:
    document = docx.Document()
    document.core_properties.author = "Jane Roe"
    document.add_heading("Turmeric facts", level=1)
    document.add_paragraph("It is generally safe for most adults.")
    document.add_paragraph("")
    document.add_heading("Dosing", level=2)
    document.add_paragraph("Take 500 mg twice daily, a miracle.", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Cell miracle"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_paragraphs_are_lines_and_styles_are_scopes() -> None:
    doc = parse_bytes("a.docx", word_file())
    assert doc.source.split("\n") == [
        "Turmeric facts", "It is generally safe for most adults.", "", "Dosing",
        "Take 500 mg twice daily, a miracle.", "Cell miracle", "",
    ]  # fmt: skip
    assert [b.kind for b in doc.blocks] == ["title", "paragraph", "heading", "list_item", "table_cell"]
    assert doc.metadata == {"author": "Jane Roe"}


def test_findings_are_located_by_paragraph_and_character(project: Path) -> None:
    (project / "articles" / "a.docx").write_bytes(word_file())
    result = CliRunner().invoke(cli, ["check", "--format", "json", "articles/a.docx"], catch_exceptions=False)
    import json

    assert [(f["line"], f["column"], f["match"]) for f in json.loads(result.stdout)] == [
        (2, 7, "generally safe"), (5, 28, "miracle"), (6, 6, "miracle"),
    ]  # fmt: skip


def test_a_broken_docx_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"not a readable \.docx"):
        parse_bytes("a.docx", b"PK\x03\x04 not really a zip")


def test_fix_never_writes_a_word_file(project: Path) -> None:
    (project / "house" / "swap.yaml").write_text(
        "id: house.suffers\nkind: substitution\ncategory: stigmatizing-language\nseverity: info\nmessage: m\n"
        "hint: h\nsource: {title: t, url: 'https://example.org'}\ndocs: d\n"
        "examples: {bad: [suffers from it, she suffers from], good: [has it, fine]}\nswap: {suffers from: has}\n",
        encoding="utf-8",
    )
    document = docx.Document()
    document.add_paragraph("She suffers from migraines.")
    out = io.BytesIO()
    document.save(out)
    path = project / "articles" / "a.docx"
    path.write_bytes(out.getvalue())
    result = CliRunner().invoke(cli, ["check", "--fix", "articles/a.docx"], catch_exceptions=False)
    assert "articles/a.docx:1:5: info house.suffers" in result.stdout
    assert path.read_bytes() == out.getvalue()


# --- broken and hostile files -------------------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def with_part(name: str, data: bytes) -> bytes:
    """A valid Word file with one part replaced."""
    original = zipfile.ZipFile(io.BytesIO(word_file()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in original.infolist():
            archive.writestr(info.filename, data if info.filename == name else original.read(info.filename))
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("word/document.xml", b"<w:document"),  # cut short
        ("word/document.xml", f"<w:document {W}><w:body>".encode() + b"<w:p>" * 1000),  # deeper than lxml reads
        ("word/document.xml", b"<x/>"),  # not a Word document
        ("word/document.xml", f"<w:document {W}/>".encode()),  # no body
        ("word/styles.xml", b"<<"),
        ("[Content_Types].xml", b"<Types/>"),
        ("_rels/.rels", b"not xml"),
    ],
    ids=["cut-short", "too-deep", "not-word", "no-body", "styles", "content-types", "relationships"],
)
def test_malformed_xml_inside_a_valid_zip_is_an_input_error(name: str, data: bytes) -> None:
    with pytest.raises(InputError, match=r"^a\.docx: not a readable \.docx file \(.+\)$"):
        parse_bytes("a.docx", with_part(name, data))


def test_a_docx_that_unpacks_to_more_than_the_limit_is_refused_before_it_is_read() -> None:
    padding = b" " * (MAX_UNPACKED_BYTES + 1)  # compresses to about 50 KB
    bomb = with_part("word/document.xml", f"<w:document {W}><w:body>".encode() + padding + b"</w:body></w:document>")
    assert len(bomb) < 200_000
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=r"^a\.docx: its parts unpack to 50\.\d MB, over the 50 MB limit"):
            parse_bytes("a.docx", bomb)
        assert tracemalloc.get_traced_memory()[1] < 5_000_000  # nothing was unpacked
    finally:
        tracemalloc.stop()


def test_a_part_larger_than_its_header_says_is_never_unpacked_past_it() -> None:
    actual = f"<w:document {W}><w:body>".encode() + b" " * 20_000_000 + b"</w:body></w:document>"
    raw = bytearray(with_part("word/document.xml", actual))
    at = raw.index(b"PK\x01\x02" + raw[raw.index(b"PK\x01\x02") + 4 : raw.index(b"PK\x01\x02") + 24])  # first entry
    while raw[at + 46 : at + 46 + len(b"word/document.xml")] != b"word/document.xml":
        at = raw.index(b"PK\x01\x02", at + 4)
    raw[at + 24 : at + 28] = struct.pack("<I", 1_000)  # the central directory's uncompressed size
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=r"not a readable \.docx file"):
            parse_bytes("a.docx", bytes(raw))
        assert tracemalloc.get_traced_memory()[1] < 5_000_000
    finally:
        tracemalloc.stop()


def test_styles_are_looked_up_once_not_once_per_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    from docx.styles.styles import Styles

    document = docx.Document()
    for n in range(50):
        document.add_paragraph(f"Paragraph {n}.", style="List Bullet" if n % 2 else None)
    out = io.BytesIO()
    document.save(out)
    lookups: list[object] = []
    default = Styles.default

    def counted(self: Styles, kind: object) -> object:
        lookups.append(kind)
        return default(self, kind)  # type: ignore[arg-type]

    monkeypatch.setattr(Styles, "default", counted)
    doc = parse_bytes("a.docx", out.getvalue())
    assert [b.kind for b in doc.blocks] == ["paragraph", "list_item"] * 25
    assert len(lookups) == 1


def test_a_merged_table_cell_is_read_once() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    merged = table.cell(0, 0).merge(table.cell(1, 1))  # one cell, two columns wide and two rows high
    merged.text = "Merged miracle"
    out = io.BytesIO()
    document.save(out)
    assert parse_bytes("a.docx", out.getvalue()).source.split("\n").count("Merged miracle") == 1
