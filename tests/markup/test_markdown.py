from __future__ import annotations

import datetime
import textwrap

import pytest

from lint.errors import InputError
from lint.markup import markdown


def parse(text: str) -> markdown.Document:
    return markdown.parse("a.md", textwrap.dedent(text))


def block_texts(text: str) -> list[tuple[str, str]]:
    doc = parse(text)
    return [(b.kind, doc.source_text(b.start, b.end)) for b in doc.blocks]


def test_the_view_reads_through_inline_markup_and_keeps_line_breaks() -> None:
    doc = parse("# T\n\nSome **bold** `code` [link](https://x.org).\r\n\n```\ncode\n```\n")
    assert "Some bold " in doc.masked  # emphasis delimiters are read through, not blanked
    assert doc.masked.count("\n") == doc.source.count("\n") and doc.masked.count("\r") == doc.source.count("\r")
    assert doc.source_text(0, len(doc.masked)) == doc.source


def test_code_comments_urls_and_markup_are_not_prose() -> None:
    doc = parse("Text `inline code` <!-- note --> [link](https://x.org) **b**.\n\n```\nfenced code\n```\n")
    assert "inline code" not in doc.masked
    assert "note" not in doc.masked
    assert "https" not in doc.masked
    assert "fenced" not in doc.masked
    assert "link" in doc.masked and "b" in doc.masked


def test_blocks_have_scopes() -> None:
    text = """\
    # Title

    A paragraph.

    - item one
    - item two

    > quoted

    | a | b |
    |---|---|
    | c | d |

    ## Section

    Footnote[^1].

    [^1]: The note.
    """
    doc = parse(text)
    kinds = [(b.kind, doc.source_text(b.start, b.end)) for b in doc.blocks]
    assert kinds == [
        ("title", "Title"),
        ("paragraph", "A paragraph."),
        ("list_item", "item one"),
        ("list_item", "item two"),
        ("paragraph", "quoted"),
        ("table_cell", "a"),
        ("table_cell", "b"),
        ("table_cell", "c"),
        ("table_cell", "d"),
        ("heading", "Section"),
        ("paragraph", "Footnote[^1]."),
        ("footnote", "The note."),
    ]
    assert [b.quoted for b in doc.blocks].count(True) == 1
    assert doc.blocks[-1].section == doc.blocks[-3].section == 2


def test_loose_list_items_are_list_items() -> None:
    assert block_texts("- one\n\n  more of one\n- two\n") == [
        ("list_item", "one"),
        ("list_item", "more of one"),
        ("list_item", "two"),
    ]


def test_a_heading_after_text_is_not_the_title() -> None:
    assert block_texts("Intro.\n\n# Heading\n")[1] == ("heading", "Heading")


def test_links_record_text_and_target() -> None:
    doc = parse('See [the study](https://doi.org/10.1/x "t") and <https://auto.org>.\n')
    first, auto = doc.links
    assert doc.source_text(first.text_start, first.text_end) == "the study"
    assert doc.source_text(first.target_start, first.target_end) == "https://doi.org/10.1/x"
    assert doc.source_text(auto.target_start, auto.target_end) == "https://auto.org"


def test_offsets_are_characters_through_non_ascii_text() -> None:
    doc = parse("# Café é\n\nNaïve “claim” here — 😀 generally safe.\n")
    block = doc.blocks[1]
    assert doc.source_text(block.start, block.end) == "Naïve “claim” here — 😀 generally safe."
    at = doc.masked.index("generally safe")
    assert doc.source[at : at + 14] == "generally safe"


def test_crlf_line_endings() -> None:
    doc = markdown.parse("a.md", "# T\r\n\r\nLine one\r\nline two.\r\n")
    assert doc.source_text(doc.blocks[1].start, doc.blocks[1].end) == "Line one\r\nline two."


def test_entities_keep_their_source_text() -> None:
    doc = parse("Salt &amp; pepper.\n")
    block = doc.blocks[0]
    assert doc.source_text(block.start, block.end) == "Salt &amp; pepper."


def test_front_matter_is_metadata_with_value_spans() -> None:
    doc = parse("---\ntitle: A title\ndate: 2024-05-01\n---\n# Heading\n")
    assert doc.metadata["title"] == "A title"
    start, end = doc.metadata_spans["date"]
    assert doc.source_text(start, end) == "2024-05-01"
    assert "A title" not in doc.masked


def test_comments_are_recorded() -> None:
    doc = parse("<!-- healthlint-disable x -->\n\nText <!-- inline --> here.\n")
    assert [c.text for c in doc.comments] == ["<!-- healthlint-disable x -->", "<!-- inline -->"]


@pytest.mark.parametrize(
    ("front", "message"),
    [("---\n: [\n---\n", "not valid YAML"), ("---\n- a\n- b\n---\n", "must be a mapping")],
)
def test_bad_front_matter_is_an_input_error(front: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        markdown.parse("a.md", front + "Text.\n")


def test_sections_span_heading_to_heading() -> None:
    doc = parse("Intro.\n\n# One\n\nA.\n\n# Two\n\nB.\n")
    assert [doc.source_text(s, e) for s, e in doc.sections] == ["Intro.", "One\n\nA.", "Two\n\nB."]


def test_an_html_block_is_read_as_html() -> None:
    doc = parse('# T\n\n<div class="callout">\nThis supplement <b>cures</b> anxiety, [see](x).\n</div>\n\nAfter.\n')
    assert "This supplement cures anxiety" in doc.masked
    assert [doc.source_text(b.start, b.end) for b in doc.blocks] == [
        "T",
        "This supplement <b>cures</b> anxiety, [see](x).",
        "After.",
    ]


def test_a_date_at_the_start_of_the_file_name_is_the_articles_date_unless_front_matter_says() -> None:
    from lint.markup import parse as parse_any

    assert parse_any("_posts/2023-05-01-sleep-tips.md", "Some text.\n").metadata == {"date": "2023-05-01"}
    dated = parse_any("_posts/2023-05-01-sleep-tips.md", "---\ndate: 2024-02-02\n---\nText.\n")
    assert str(dated.metadata["date"]) == "2024-02-02"
    assert "date" not in parse_any("posts/sleep-2023-05-01.md", "Some text.\n").metadata


def test_toml_front_matter_is_metadata_with_value_spans_and_no_prose() -> None:
    source = '+++\ntitle = "Sleep"\ndate = 2023-01-01\nauthor = "Dr. Mia"  # byline\n[params]\nx = 1\n+++\n\nHello.\n'
    doc = markdown.parse("a.md", source)
    expected = {"title": "Sleep", "date": datetime.date(2023, 1, 1), "author": "Dr. Mia", "params": {"x": 1}}
    assert doc.metadata == expected
    assert {key: source[start:end] for key, (start, end) in doc.metadata_spans.items()} == {
        "title": '"Sleep"', "date": "2023-01-01", "author": '"Dr. Mia"'
    }  # fmt: skip
    assert doc.masked.strip() == "Hello."


@pytest.mark.parametrize(
    ("source", "where"),
    [('+++\ntitle = "Sleep\n+++\n\nText.\n', "a.md:2:15: "), ("+++\ntitle = \n+++\n\nText.\n", "a.md:2:")],
)
def test_invalid_toml_front_matter_is_an_input_error_at_its_line(source: str, where: str) -> None:
    with pytest.raises(InputError, match="front matter is not valid TOML") as info:
        markdown.parse("a.md", source)
    assert str(info.value).startswith(where)


def test_json_front_matter_is_metadata_with_value_spans_and_no_prose() -> None:
    source = '{\n  "title": "Sleep",\n  "date": "2023-01-01",\n  "tags": ["a", "b"]\n}\n\n# Sleep\n\nHello.\n'
    doc = markdown.parse("a.md", source)
    assert doc.metadata == {"title": "Sleep", "date": "2023-01-01", "tags": ["a", "b"]}
    assert source[slice(*doc.metadata_spans["date"])] == '"2023-01-01"'
    assert doc.masked.split() == ["Sleep", "Hello."]
    assert markdown.parse("a.md", "{braces} in a first line are text.\n").metadata == {}


def test_invalid_json_front_matter_is_an_input_error_at_its_line() -> None:
    with pytest.raises(InputError, match=r"^a\.md:2:\d+: front matter is not valid JSON"):
        markdown.parse("a.md", '{\n  "title": "Sleep",,\n}\n\nText.\n')
