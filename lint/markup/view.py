"""The text rules read: what a reader sees, every offset mapping back to the source.

A markup adapter hands over `masked`, the source at the same length with non-prose blanked and
with TRANSPARENT and CONTINUATION marking characters a reader does not see (inline markup inside
a phrase, the tail of a character reference). `normalise` then

- marks invisible format characters (zero-width space and joiners, word joiner, BOM, soft
  hyphen, bidi controls) and stray control characters as TRANSPARENT;
- turns no-break and other Unicode spaces into plain spaces, and curly apostrophes straight;
- folds letters that imitate Latin ones (Cyrillic "е" in "gеnerally") in words that mix
  scripts, using the Unicode TR39 confusables table of `confusable_homoglyphs`;
- drops the marked characters, so "gener**ally** s&#97;fe" reads "generally safe".

`Origin` maps view offsets back to source offsets, so a finding's span is the exact source text.
What was concealed (an invisible character inside a word, a mixed-script word, a bidi override)
is kept as `Concealment`s for the rule kind that reports them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import regex

# Marks a markup adapter leaves in `masked` (see lint.markup.document, which re-exports them).
TRANSPARENT = "\x00"  # not seen and not a word break: inline markup, invisible characters
CONTINUATION = "\x01"  # the rest of one visible character: a character reference's tail

# invisible in prose (U+0000 is TRANSPARENT already; U+0001 is told apart from CONTINUATION below)
_INVISIBLE = regex.compile(r"[\p{Cf}\x02-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BIDI_OPENER = regex.compile(r"[\u202a\u202b\u202d\u202e\u2066-\u2068]")  # embeddings, overrides, isolates
_BIDI_CLOSERS = "\u202c\u2069"
_BIDI_EVENT = regex.compile(r"[\u202a-\u202e\u2066-\u2069\r\n\u2029]")  # openers, closers and line ends
_ODD_SPACE = regex.compile(r"[^\S\r\n\t ]")  # no-break, thin, ideographic ... spaces
_NOTHING_TO_DO = regex.compile(r"[\t\n\r\x20-\x7e]*")  # no mark, control, odd space or other script
_APOSTROPHES = str.maketrans("’ʼ", "''")  # "don’t" reads as "don't": rules write the straight one
_NON_LATIN_LETTER = regex.compile(r"[^\P{L}\p{Latin}]")
# the word around a letter: its head found backwards from the letter, its tail forwards
_WORD_HEAD = regex.compile(r"(?r)[\p{L}\p{M}\x00\x01]*")
_WORD_TAIL = regex.compile(r"[\p{L}\p{M}\x00\x01]*")
_MARKS = regex.compile(r"[\x00\x01]+")
_LETTER = regex.compile(r"\p{L}")


@dataclass(frozen=True)
class Concealment:
    """Source text that hides what a reader sees from a plain search."""

    kind: str  # "invisible" (inside a word), "mixed-script" (a word), "bidi" (an override)
    start: int  # source offsets
    end: int
    detail: str  # the characters or scripts involved, for the message


class Origin:
    """Maps offsets in the view to offsets in the source (and back, for untouched characters)."""

    __slots__ = ("_continuation", "_removed", "_source_end", "_view_at")

    def __init__(self) -> None:
        self._view_at: list[int] = []  # view offset where each removed run was
        self._source_end: list[int] = []  # source offset just after each run
        self._removed: list[int] = []  # characters removed up to and including each run
        self._continuation: list[int] = []  # the run's leading CONTINUATION characters

    def add_run(self, source_start: int, source_end: int, continuation: int) -> None:
        removed = self._removed[-1] if self._removed else 0
        self._view_at.append(source_start - removed)
        self._source_end.append(source_end)
        self._removed.append(removed + source_end - source_start)
        self._continuation.append(continuation)

    @property
    def identity(self) -> bool:
        return not self._view_at

    def start(self, view: int) -> int:
        """Source offset of the visible character at a view offset."""
        i = bisect_right(self._view_at, view)
        return view + (self._removed[i - 1] if i else 0)

    def end(self, view: int) -> int:
        """Source offset for an exclusive view end: just after the last visible character,
        and after the rest of a character reference it starts."""
        if view <= 0:
            return self.start(view)
        end = self.start(view - 1) + 1
        i = bisect_right(self._view_at, view - 1)
        if i < len(self._view_at) and self._view_at[i] == view:
            end += self._continuation[i]
        return end

    def span(self, start: int, end: int) -> tuple[int, int]:
        source_start = self.start(start)
        return source_start, max(source_start, self.end(end))

    def to_view(self, source: int) -> int:
        """View offset of a source offset (a removed character maps to where the view resumes)."""
        i = bisect_right(self._source_end, source)
        removed = self._removed[i - 1] if i else 0
        if i < len(self._view_at):  # inside run i?
            run_start = self._source_end[i] - (self._removed[i] - removed)
            if source > run_start:
                return self._view_at[i]
        return source - removed


@dataclass(frozen=True)
class View:
    text: str  # what the rules read
    plain: str  # the source with the same characters removed: link targets read from it
    origin: Origin
    concealed: tuple[Concealment, ...]


def normalise(source: str, masked: str) -> View:
    marked, concealed = _mark(source, masked)
    origin = Origin()
    text_parts: list[str] = []
    plain_parts: list[str] = []
    at = 0
    for run in _MARKS.finditer(marked):
        text_parts.append(marked[at : run.start()])
        plain_parts.append(source[at : run.start()])
        origin.add_run(run.start(), run.end(), len(run.group()) - len(run.group().lstrip(CONTINUATION)))
        at = run.end()
    if origin.identity:
        return View(marked, source, origin, concealed)
    text_parts.append(marked[at:])
    plain_parts.append(source[at:])
    return View("".join(text_parts), "".join(plain_parts), origin, concealed)


def _mark(source: str, masked: str) -> tuple[str, tuple[Concealment, ...]]:
    """`masked` with invisible characters marked, odd spaces plain and homoglyphs folded."""
    if _NOTHING_TO_DO.fullmatch(masked):
        return masked, ()  # the common case: printable ASCII and line breaks
    concealed: list[Concealment] = []
    if _BIDI_OPENER.search(masked):
        concealed += _bidi_runs(masked)
    text = _ODD_SPACE.sub(" ", _INVISIBLE.sub(TRANSPARENT, masked)).translate(_APOSTROPHES)
    if CONTINUATION in source:  # a literal U+0001 in prose is invisible, not a reference's tail
        text = _literal_controls_transparent(source, text)
    if TRANSPARENT in text:
        concealed += _invisible_in_words(source, text)
    if _NON_LATIN_LETTER.search(text):
        text = _fold_homoglyphs(text, concealed)
    return text, tuple(sorted(concealed, key=lambda c: (c.start, c.kind)))


def _literal_controls_transparent(source: str, text: str) -> str:
    chars = list(text)
    for m in regex.finditer(CONTINUATION, source):
        if text[m.start()] == CONTINUATION:  # copied from prose (a reference's tail is never U+0001)
            chars[m.start()] = TRANSPARENT
    return "".join(chars)


def _bidi_runs(text: str) -> list[Concealment]:
    """Each embedding, override or isolate, over the text it reorders: to its closing
    character or, unclosed, to the end of the line (one pass, however many are open)."""
    runs: list[Concealment] = []
    open_at: list[int] = []

    def run(start: int, end: int) -> Concealment:
        return Concealment("bidi", start, end, f"U+{ord(text[start]):04X}")

    for event in _BIDI_EVENT.finditer(text):
        if event.group() in _BIDI_CLOSERS:
            if open_at:
                runs.append(run(open_at.pop(), event.end()))
        elif event.group() in "\r\n\u2029":
            runs += [run(start, event.start()) for start in open_at]
            open_at.clear()
        else:
            open_at.append(event.start())
    return runs + [run(start, len(text)) for start in open_at]


def _invisible_in_words(source: str, text: str) -> list[Concealment]:
    """Invisible characters (not markup) between two letters of one word."""
    found = []
    for run in _MARKS.finditer(text):
        start, end = run.span()
        if not (start and end < len(text) and _LETTER.match(text[start - 1]) and _LETTER.match(text[end])):
            continue
        hidden = [c for c in source[start:end] if _INVISIBLE.match(c) or c in (TRANSPARENT, CONTINUATION)]
        if hidden:
            detail = ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in hidden))
            found.append(Concealment("invisible", start, end, detail))
    return found


def _fold_homoglyphs(text: str, concealed: list[Concealment]) -> str:
    """Letters of other scripts that imitate Latin ones, read as Latin in words that mix them
    with Latin letters (and in words made wholly of imitations inside Latin prose)."""
    chars: list[str] | None = None
    covered = 0
    for letter in _NON_LATIN_LETTER.finditer(text):
        if letter.start() < covered:
            continue  # a word already looked at
        start = _WORD_HEAD.search(text, 0, letter.start()).start()  # type: ignore[union-attr]
        end = _WORD_TAIL.match(text, letter.start()).end()  # type: ignore[union-attr]
        covered = end
        word = text[start:end]
        letters = [c for c in word if _LETTER.match(c)]
        scripts = {_script(c) for c in letters} - {"COMMON", "INHERITED"}
        folded = [c if _script(c) == "LATIN" else _latin_twin(c) for c in word]
        mixed = sum(1 for c in letters if _script(c) == "LATIN") >= 2  # not "μg" or "β-blocker": science
        if not mixed and not (len(letters) > 1 and all(folded) and _latin_context(text, start, end)):
            continue
        changes = [
            (start + i, new) for i, (old, new) in enumerate(zip(word, folded, strict=True)) if new and new != old
        ]
        if changes:
            chars = list(text) if chars is None else chars
            for at, new in changes:
                chars[at] = new
            concealed.append(Concealment("mixed-script", start, end, " and ".join(sorted(scripts))))
    return text if chars is None else "".join(chars)


def _latin_context(text: str, start: int, end: int) -> bool:
    """Mostly Latin letters in the 200 characters around a word."""
    around = text[max(0, start - 100) : start] + text[end : end + 100]
    letters = _LETTER.findall(around)
    latin = sum(1 for c in letters if c.isascii())
    return len(letters) > 0 and latin * 2 > len(letters)


@cache
def _script(char: str) -> str:
    if char.isascii() or not _LETTER.match(char):
        return "LATIN" if char.isascii() and char.isalpha() else "COMMON"
    return _homoglyphs().alias(char)


@cache
def _latin_twin(char: str) -> str:
    """The ASCII letter `char` is confusable with, or "" (marks and other non-letters stay)."""
    if char in (TRANSPARENT, CONTINUATION) or not _LETTER.match(char):
        return char
    return _homoglyphs().twins(char)


class _Homoglyphs:
    """The TR39 tables, loaded on first need: most articles never mix scripts."""

    def __init__(self) -> None:
        from confusable_homoglyphs import categories, confusables

        self._alias: Callable[[str], str] = categories.alias
        self._confusable = confusables.is_confusable

    def alias(self, char: str) -> str:
        try:
            return str(self._alias(char))
        except (KeyError, IndexError, ValueError):
            return "COMMON"

    def twins(self, char: str) -> str:
        found = self._confusable(char, preferred_aliases=["latin"]) or []
        for item in found:
            for glyph in item.get("homoglyphs", ()):
                twin = str(glyph.get("c", ""))
                if len(twin) == 1 and twin.isascii() and twin.isalpha():
                    return twin
        return ""


@cache
def _homoglyphs() -> _Homoglyphs:
    return _Homoglyphs()
