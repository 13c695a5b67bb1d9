from __future__ import annotations

from lint.markup import plaintext

ARTICLE = """\
A Guide to Vitamin D

What you will learn:

  • Why it matters
  • How much to take

Vitamin D is made in the skin. It is also in food.

Who Should Take It?

Most adults get enough.
Leave a Reply
"""


def test_plain_text_structure() -> None:
    doc = plaintext.parse("a.txt", ARTICLE)
    assert [(b.kind, doc.source_text(b.start, b.end)) for b in doc.blocks] == [
        ("title", "A Guide to Vitamin D"),
        ("paragraph", "What you will learn:"),
        ("list_item", "Why it matters"),
        ("list_item", "How much to take"),
        ("paragraph", "Vitamin D is made in the skin. It is also in food."),
        ("heading", "Who Should Take It?"),
        ("paragraph", "Most adults get enough.\nLeave a Reply"),
    ]
    assert doc.masked == doc.source


def test_headings_open_sections() -> None:
    doc = plaintext.parse("a.txt", ARTICLE)
    assert doc.blocks[-1].section == doc.blocks[-2].section == 2
    assert doc.blocks[4].section == 1


def test_sentence_lines_are_not_headings() -> None:
    doc = plaintext.parse("a.txt", "This line ends with a period.\n\nno capital letter here\n")
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph"]


def test_comments_are_found_in_plain_text() -> None:
    doc = plaintext.parse("a.txt", "<!-- healthlint-disable-next-line x -->\nText.\n")
    assert len(doc.comments) == 1


def test_empty_and_whitespace_only() -> None:
    assert plaintext.parse("a.txt", "").blocks == []
    assert plaintext.parse("a.txt", " \n\t\n").blocks == []


def test_an_unclosed_comment_is_text_and_ends_the_search() -> None:
    doc = plaintext.parse("a.txt", "A <!-- b <!-- c --> d <!-- never closed\n")
    assert [c.text for c in doc.comments] == ["<!-- b <!-- c -->"]
    assert doc.masked == "A " + " " * len("<!-- b <!-- c -->") + " d <!-- never closed\n"


def test_blank_lines_of_any_length_separate_paragraphs() -> None:
    doc = plaintext.parse("a.txt", "First one.\n" + " \t" * 5000 + "\r\nSecond one.\r" + " " * 3)
    assert [(b.kind, doc.source[b.start : b.end]) for b in doc.blocks] == [
        ("paragraph", "First one."),
        ("paragraph", "Second one."),
    ]
