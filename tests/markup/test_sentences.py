from __future__ import annotations

import pytest

from lint.markup.sentences import split


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split(text, 0, len(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("Dr. Reynolds is here. She left.", ["Dr. Reynolds is here.", "She left."]),
        ("Use e.g. Vitamin D. Or i.e. Zinc.", ["Use e.g. Vitamin D.", "Or i.e. Zinc."]),
        ("Smith et al. (2020) found it. Next.", ["Smith et al. (2020) found it.", "Next."]),
        ("The U.S. Food and Drug Administration said so.", ["The U.S. Food and Drug Administration said so."]),
        ("Take 1.5 mg daily. Stop after 3.5 weeks.", ["Take 1.5 mg daily.", "Stop after 3.5 weeks."]),
        ("Take 500 mg. tablets twice daily.", ["Take 500 mg. tablets twice daily."]),
        ("Take 5 mg. Then rest.", ["Take 5 mg.", "Then rest."]),
        ("J. Smith agrees. So does A. B. Jones.", ["J. Smith agrees.", "So does A. B. Jones."]),
        ('"Is it safe?" she asked. No.', ['"Is it safe?" she asked.', "No."]),
        ("A list item without punctuation", ["A list item without punctuation"]),
        ("  padded.   Spaces.  ", ["padded.", "Spaces."]),
        ("", []),
        ("Dr. Dr. Dr. Smith left. Then.", ["Dr. Dr. Dr. Smith left.", "Then."]),
        ("Vitamin D. Hepatitis C. Done.", ["Vitamin D.", "Hepatitis C.", "Done."]),
        ("(J. Smith) agrees. Fine.", ["(J. Smith) agrees.", "Fine."]),
        ("Wait.... What?!? Yes", ["Wait....", "What?!?", "Yes"]),
        ("Not .... a boundary", ["Not .... a boundary"]),
        ("Eat nuts, seeds, etc. Then rest.", ["Eat nuts, seeds, etc.", "Then rest."]),
        ("Nuts, seeds, etc. are fine.", ["Nuts, seeds, etc. are fine."]),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_split_respects_the_block_bounds() -> None:
    text = "ignored. Inside one. Inside two. ignored"
    start, end = text.index("Inside one"), text.index(" ignored")
    assert [text[a:b] for a, b in split(text, start, end)] == ["Inside one.", "Inside two."]


def test_a_block_may_start_inside_a_run_of_punctuation() -> None:
    text = "Stop!!! Go."
    assert [text[a:b] for a, b in split(text, 5, len(text))] == ["!!", "Go."]


def test_the_word_before_a_dot_ends_at_the_dot() -> None:
    # "e.g" on the line before does not make a dot at the start of the next line an abbreviation
    assert sentences("e.g\n. Next") == ["e.g\n.", "Next"]
