from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from lint.cli import cli
from lint.errors import InputError
from lint.markup.docx import parse_bytes


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
