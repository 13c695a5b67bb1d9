from __future__ import annotations

from lint.source import ByteOffsets, LineIndex


def test_positions_are_one_based_lines_and_character_columns() -> None:
    index = LineIndex("ab\ncdé\nf")
    assert index.position(0) == (1, 1)
    assert index.position(3) == (2, 1)
    assert index.position(5) == (2, 3)
    assert index.position(7) == (3, 1)


def test_crlf_and_lone_cr_both_end_lines() -> None:
    text = "a\r\nb\rc\nd"
    index = LineIndex(text)
    assert [index.position(text.index(ch)) for ch in "abcd"] == [(1, 1), (2, 1), (3, 1), (4, 1)]
    assert index.line_span(1, text) == (0, 1)


def test_line_span_excludes_the_line_break() -> None:
    text = "first\r\nsecond\n"
    index = LineIndex(text)
    start, end = index.line_span(2, text)
    assert text[start:end] == "second"


def test_byte_offsets_map_to_characters() -> None:
    text = "aé€😀b"
    offsets = ByteOffsets(text)
    encoded = text.encode()
    for char_index in range(len(text) + 1):
        byte_index = len(text[:char_index].encode())
        assert offsets.to_char(byte_index) == char_index
    assert offsets.to_char(len(encoded)) == len(text)


def test_ascii_text_needs_no_table() -> None:
    assert ByteOffsets("plain ascii").to_char(5) == 5
