"""Sentence boundaries inside one block of prose.

A careful regular-expression splitter: it runs at tens of MB/s, where the maintained
statistical splitters run at 0.2 to 1.4 MB/s (measured for issue 6). A boundary is
terminal punctuation, optional closing quotes or brackets, whitespace, then something
that can start a sentence. Abbreviations (Dr., e.g., et al., U.S.), initials
(J. Smith), decimals (1.5 mg) and a unit before a lower-case word ("500 mg. tablets")
are not boundaries; a unit before a capital ("Take 5 mg. Then ...") is. Block ends are always boundaries,
so list items without final punctuation are sentences of their own.
"""

from __future__ import annotations

import re
from itertools import chain

# Words that end in a period without ending the sentence (compared lower-case, without the dot).
# Not "etc.": it ends a list, and before a capital it ends the sentence too.
ABBREVIATIONS = frozenset(
    """
    dr drs mr mrs ms mx prof sr jr st mt ft rev gen col capt lt sgt hon pres gov sen rep
    e.g i.e cf vs al approx ca fig figs no nos vol vols ed eds p pp ch sec dept univ inc ltd co corp
    jan feb mar apr jun jul aug sep sept oct nov dec
    u.s u.k u.s.a e.u
    approx est
    ph.d m.d d.o r.n b.s m.s b.a m.a m.p.h d.c n.d
    """.split()
)

# A single letter after these words names a thing ("vitamin D.", "hepatitis C."), not an initial.
_LETTER_NAMES = frozenset(
    "vitamin vitamins hepatitis type group grade class stage phase part plan schedule appendix section strain".split()
)

_TERMINAL_RUN = r"""[.!?…]+['"”’)\]]*(?=\s+['"“‘(\[]?[A-Z0-9•])"""
# A run of terminal punctuation is tried from its first character only (and where the block
# starts): tried from each of its characters, a long run ("....") that ends nowhere was
# rescanned to its end each time.
_BOUNDARY = re.compile(r"(?<![.!?…])" + _TERMINAL_RUN)
_BOUNDARY_HERE = re.compile(_TERMINAL_RUN)
_BEFORE_WORD = frozenset("([\"'“‘")  # besides whitespace, what a word before a dot starts after
_SPACE = re.compile(r"\S")


def split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans (start, end) within text[start:end], trimmed of surrounding space."""
    spans: list[tuple[int, int]] = []
    begin = start
    first = _BOUNDARY_HERE.match(text, start, end)
    rest = _BOUNDARY.finditer(text, first.end() if first else start, end)
    for m in chain([first] if first else (), rest):
        if text[m.start()] == "." and _is_abbreviation(text, begin, m.start()):
            continue
        spans.append((begin, m.end()))
        begin = m.end()
    spans.append((begin, end))
    return [trimmed for span in spans if (trimmed := _trim(text, *span))]


def _is_abbreviation(text: str, begin: int, dot: int) -> bool:
    # Words are found by stepping back from the dot, never by searching forward from the
    # sentence's start: a run of abbreviations ("Dr. Dr. ...") keeps the sentence open, and a
    # search from its start at every dot was quadratic.
    word_start = _word_start(text, begin, dot)
    if word_start is None:
        return False
    word = text[word_start:dot].lower()
    if word in ABBREVIATIONS:
        return True
    # a single letter is an initial (J. Smith), unless it names a thing (vitamin D.)
    if len(word) == 1 and word.isalpha():
        previous = _previous_token(text, begin, word_start)
        return previous is None or previous.lower() not in _LETTER_NAMES
    return False


def _word_start(text: str, begin: int, dot: int) -> int | None:
    """Where the word ending at `dot` starts: after whitespace, an opening bracket or quote, or
    at the start of the text. None when there is no word there, or it starts before `begin`."""
    start = dot
    while start > begin and not _separates(text[start - 1]):
        start -= 1
    if start == dot or (start == begin and start > 0 and not _separates(text[start - 1])):
        return None
    return start


def _separates(char: str) -> bool:
    return char.isspace() or char in _BEFORE_WORD


def _previous_token(text: str, begin: int, end: int) -> str | None:
    """The last whitespace-separated token in text[begin:end], if any."""
    token_end = end
    while token_end > begin and text[token_end - 1].isspace():
        token_end -= 1
    token_start = token_end
    while token_start > begin and not text[token_start - 1].isspace():
        token_start -= 1
    return text[token_start:token_end] if token_start < token_end else None


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    first = _SPACE.search(text, start, end)
    if first is None:
        return None
    last = end
    while last > first.start() and text[last - 1].isspace():
        last -= 1
    return first.start(), last
