"""The view the rules read: marks removed, spaces plain, homoglyphs folded, offsets mapped back."""

from __future__ import annotations

from lint.markup.view import CONTINUATION as C
from lint.markup.view import TRANSPARENT as T
from lint.markup.view import normalise


def test_marked_characters_are_dropped_and_offsets_map_back() -> None:
    source = "a **b** &#99; d"
    masked = f"a {T}{T}b{T}{T} c{C * 4} d"
    view = normalise(source, masked)
    assert view.text == "a b c d"
    start, end = view.origin.span(view.text.index("b"), view.text.index("b") + 1)
    assert source[start:end] == "b"
    start, end = view.origin.span(view.text.index("c"), view.text.index("c") + 1)
    assert source[start:end] == "&#99;"  # a span ending on a decoded reference covers all of it
    start, end = view.origin.span(0, len(view.text))
    assert source[start:end] == source
    assert view.origin.to_view(source.index("d")) == view.text.index("d")
    assert view.plain == "a b & d"  # the source, same characters dropped: link targets are read from it


def test_text_without_marks_is_the_view_itself() -> None:
    view = normalise("plain text", "plain text")
    assert view.text == "plain text" and view.origin.identity and view.concealed == ()


def test_invisible_characters_inside_words_are_read_through_and_reported() -> None:
    for char in ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\x00"):
        source = f"gener{char}ally safe"
        view = normalise(source, source)
        assert view.text == "generally safe", repr(char)
        (found,) = view.concealed
        assert (found.kind, source[found.start : found.end]) == ("invisible", char)


def test_no_break_and_other_spaces_read_as_spaces() -> None:
    for space in ("\u00a0", "\u2009", "\u202f", "\u3000"):
        assert normalise(f"a{space}b", f"a{space}b").text == "a b"


def test_homoglyphs_are_folded_in_mixed_script_words_only() -> None:
    source = "It is generаlly sаfe. Zdravo, мир. Take 400 μg of β-carotene."
    view = normalise(source, source)
    assert "generally safe" in view.text
    assert "мир" in view.text and "μg" in view.text and "β-carotene" in view.text  # real other-script words stay
    assert [source[c.start : c.end] for c in view.concealed] == ["generаlly", "sаfe"]


def test_a_bidi_override_is_reported_over_the_text_it_reorders() -> None:
    source = "Our tea: \u202eefas yllareneg\u202c for kids."
    view = normalise(source, source)
    (found,) = view.concealed
    assert (found.kind, source[found.start : found.end]) == ("bidi", "\u202eefas yllareneg\u202c")


def test_a_control_character_in_plain_ascii_text_is_read_through() -> None:
    source = "It is gener\x07ally safe."
    view = normalise(source, source)
    assert view.text == "It is generally safe." and [c.kind for c in view.concealed] == ["invisible"]
