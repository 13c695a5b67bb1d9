"""Linear-time screens: a cheap test that a pattern cannot match in a span of text.

The `regex` module backtracks, and the packs' lexicon-heavy patterns run at 1 to 2 MB/s in
it. RE2 runs the same alternations at 100 MB/s or more, in linear time, but has no
look-around, Unicode word boundaries or back-references. So each pattern gets a *screen*:
an RE2 expression that matches a superset of what the pattern matches. Where the screen
finds nothing, the pattern cannot match and is not run; where it finds something, the
`regex` pattern runs as before and decides. Findings therefore never depend on RE2.

The superset is derived from the pattern's parse tree (the standard library's parser):
look-arounds, anchors and word boundaries become empty (they only ever remove matches),
back-references match any text, `\\w`, `\\s`, `\\d` and Unicode properties widen to take in
every non-ASCII character (RE2's classes are ASCII-only), and quantifiers become lazy and lose
their upper bounds (a screen is asked where a match starts, never where it ends). A pattern using syntax the
standard parser does not read the way `regex` does gets no screen, and always runs.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from itertools import compress, count, islice, repeat
from operator import ge, itemgetter, sub
from typing import Any

if sys.version_info >= (3, 11):
    from re import _constants as sre_constants
    from re import _parser as sre_parse
else:  # pragma: no cover - Python 3.10
    import sre_constants
    import sre_parse

_OP = sre_constants
# Unicode properties (\p{..}) stand in as private characters while the pattern is parsed:
# letters, digits, and any other property; each becomes a class holding at least its members.
_PROPERTIES = re.compile(r"\\([pP])(?:\{\^?([^}]*)\}|([A-Za-z]))")
_LETTER_PROPERTY = re.compile(
    r"(?:(?:gc|general_?category)[=:])?(?:is)?(?:l[ultmo&c]?|letter|(?:upper|lower|title|cased|modifier|other)_?(?:case_?)?"
    r"letter|alpha(?:betic)?|upper(?:case)?|lower(?:case)?|latin|latn)",
    re.IGNORECASE,
)
_DIGIT_PROPERTY = re.compile(
    r"(?:(?:gc|general_?category)[=:])?(?:is)?(?:n|nd|digit|decimal_?number|number)", re.IGNORECASE
)
_STAND_INS = {
    0x10FFFB: r"A-Za-z\x{80}-\x{10FFFF}",  # a letter: ASCII letters are the only ASCII ones
    0x10FFFC: r"0-9\x{80}-\x{10FFFF}",  # a digit or number
    0x10FFFD: r"\x{0}-\x{10FFFF}",  # any other property, or any negated one
}
_NAMED_GROUP = re.compile(r"\(\?P?<[A-Za-z_]\w*>")  # `regex` lets a name repeat; the screen needs no groups
# `regex` syntax the standard parser would silently read differently (fuzzy constraints,
# POSIX classes, regex-only flags): such patterns get no screen.
_FOREIGN = re.compile(r"\{[^}\d,]|\[\[?:\w+:\]|\(\?[a-zA-Z]*[VfwrbepL]")
_GLOBAL_FLAGS = re.compile(r"(?<!\\)\(\?([aiLmsux]+)\)")
_NAMED_REFERENCE = re.compile(r"\(\?P=[A-Za-z_]\w*\)")
_SEARCH_START = re.compile(r"(?<!\\)\\G")
_MAX_COUNT = 1000  # RE2's limit on a counted repetition
_NON_ASCII = r"\x{80}-\x{10FFFF}"

# Per category: what stands for it inside a positive class (at least every character the
# `regex` module's Unicode category holds) and inside a negated one (at most those).
_WIDER = {
    _OP.CATEGORY_DIGIT: r"0-9" + _NON_ASCII,
    _OP.CATEGORY_NOT_DIGIT: r"\D",
    _OP.CATEGORY_SPACE: r"\t-\r\x1c-\x20" + _NON_ASCII,
    _OP.CATEGORY_NOT_SPACE: r"\S",
    _OP.CATEGORY_WORD: r"0-9A-Za-z_" + _NON_ASCII,
    _OP.CATEGORY_NOT_WORD: r"\W",
}
_NARROWER = {
    _OP.CATEGORY_DIGIT: r"0-9",
    _OP.CATEGORY_NOT_DIGIT: r"\x00-\x2f\x3a-\x7f",
    _OP.CATEGORY_SPACE: r"\t\n\f\r ",
    _OP.CATEGORY_NOT_SPACE: r"\x21-\x7e",
    _OP.CATEGORY_WORD: r"0-9A-Za-z_",
    _OP.CATEGORY_NOT_WORD: r"\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f",
}
_ANY = r"[\x{0}-\x{10FFFF}]"
# `regex` folds the Turkish dotless ı and dotted İ to i when ignoring case; RE2 does not
_TURKISH_I = r"\x{131}\x{130}"
_START, _END = itemgetter(0), itemgetter(1)
SWEEP_GAP = 400  # spans closer than this many characters are screened in one sweep


class Unscreenable(Exception):
    """The pattern uses something a screen cannot stand in for."""


def screen_source(pattern: str, ignore_case: bool) -> str | None:
    """RE2 syntax for a superset of `pattern`'s matches; None when there is no safe one."""
    return screen_info(pattern, ignore_case)[0]


def screen_info(pattern: str, ignore_case: bool) -> tuple[str | None, bool]:
    """The screen's source (as `screen_source`), and whether the screen, and so the pattern,
    never matches the empty string (then a match may be looked for only where the screen's
    matches start: see `lint.checks.base.stepped_finditer`)."""
    if any(chr(code) in pattern for code in _STAND_INS):
        return None, False
    rewritten = _NAMED_GROUP.sub("(?:", _PROPERTIES.sub(_stand_in, pattern))
    rewritten = _NAMED_REFERENCE.sub(r"(?:[\\s\\S]*)", rewritten)  # a back-reference may be any text
    rewritten = _SEARCH_START.sub("", rewritten)  # \G is zero-width: dropping it only adds matches
    if _FOREIGN.search(rewritten):
        return None, False
    flags = re.IGNORECASE if ignore_case else 0
    for found in _GLOBAL_FLAGS.findall(rewritten):  # `regex` applies these wherever they stand
        flags |= re.IGNORECASE if "i" in found else 0
        flags |= re.VERBOSE if "x" in found else 0
    rewritten = _GLOBAL_FLAGS.sub("", rewritten)
    try:
        parsed = sre_parse.parse(rewritten, flags)
        folded = bool(parsed.state.flags & re.IGNORECASE)
        # the screen keeps every lower bound, so its shortest match is as long as the parse's
        return ("(?i)" if folded else "") + _sequence(parsed, folded), parsed.getwidth()[0] > 0
    except (re.error, Unscreenable, RecursionError, OverflowError, ValueError):
        return None, False


def _stand_in(match: re.Match[str]) -> str:
    negated, name = match.group(1) == "P" or match.group(0).startswith("\\p{^"), match.group(2) or match.group(3)
    if not negated and _LETTER_PROPERTY.fullmatch(name):
        return chr(0x10FFFB)
    if not negated and _DIGIT_PROPERTY.fullmatch(name):
        return chr(0x10FFFC)
    return chr(0x10FFFD)


def _sequence(items: Any, folded: bool) -> str:
    return "".join(_item(op, av, folded) for op, av in items)


def _item(op: Any, av: Any, folded: bool) -> str:
    if op is _OP.LITERAL:
        if av in _STAND_INS:
            return f"[{_STAND_INS[av]}]"
        return f"[{_literal(av)}{_TURKISH_I}]" if folded and chr(av) in "iI" else _literal(av)
    if op is _OP.NOT_LITERAL:
        return _ANY if av in _STAND_INS else f"[^{_literal(av)}]"
    if op is _OP.ANY:
        return _ANY
    if op is _OP.IN:
        return _class(av, folded)
    if op is _OP.CATEGORY:
        return _class([(op, av)], folded)
    if op is _OP.BRANCH:
        return "(?:" + "|".join(_sequence(branch, folded) for branch in av[1]) + ")"
    if op is _OP.SUBPATTERN:
        _group, add, remove, inner = av
        inner_folded = bool(add & re.IGNORECASE) or (folded and not remove & re.IGNORECASE)
        if inner_folded == folded:
            return "(?:" + _sequence(inner, folded) + ")"
        return ("(?i:" if inner_folded else "(?-i:") + _sequence(inner, inner_folded) + ")"
    if op is getattr(_OP, "ATOMIC_GROUP", None):
        return "(?:" + _sequence(av, folded) + ")"
    if op in _REPEATS:
        low, high, inner = av
        return "(?:" + _sequence(inner, folded) + ")" + _count(low, high)
    if op in (_OP.AT, _OP.ASSERT, _OP.ASSERT_NOT):
        return ""  # zero-width conditions only ever remove matches
    if op is _OP.GROUPREF:
        return _ANY + "*"
    raise Unscreenable(str(op))


_REPEATS = tuple(op for op in (_OP.MAX_REPEAT, _OP.MIN_REPEAT, getattr(_OP, "POSSESSIVE_REPEAT", None)) if op)


def _count(low: int, high: int) -> str:
    """A lazy quantifier: the screen is asked where a match starts, never where it ends, and a
    greedy one would make RE2 scan on to find the longest extent (to the end of the text, for
    `.+`) at every search. An upper bound other than one is dropped (`{0,4}` becomes `*`): it
    only ever removes matches, and a counted repetition of a phrase ("at most four words
    between the subject and the verb") multiplies the states of RE2's automaton by the count,
    which made a claim's screen build new states across every article (4x slower)."""
    low = min(low, _MAX_COUNT)
    if (low, high) == (0, 1):
        return "??"
    return {0: "*?", 1: "+?"}.get(low, f"{{{low},}}?")


def _literal(code: int) -> str:
    char = chr(code)
    return char if char.isascii() and char.isalnum() else f"\\x{{{code:x}}}"


def _class(items: Any, folded: bool = False) -> str:
    """A class, as RE2 syntax. Under ignore-case, a class without cased characters beyond
    ASCII is folded here and marked case-sensitive: RE2 folds a class range by range through
    its Unicode case tables, and the wide ranges that stand for `\\s`, `\\w` and properties
    (every character from U+0080 up) made that most of the cost of compiling the screens."""
    negated = bool(items) and items[0][0] is _OP.NEGATE
    members = items[1:] if negated else items
    table = _NARROWER if negated else _WIDER
    parts = []
    for op, av in members:
        if op is _OP.LITERAL:
            if av in _STAND_INS:  # a property: its stand-in class, or any character if negated
                if negated:
                    return _ANY
                parts.append(_STAND_INS[av])
            else:
                parts.append(_literal(av))
        elif op is _OP.RANGE:
            parts.append(f"{_literal(av[0])}-{_literal(av[1])}")
        elif op is _OP.CATEGORY and av in table:
            parts.append(table[av])
        else:
            raise Unscreenable(str(op))
    if not folded or negated:  # a negated class's members are few and narrow: RE2 folds them cheaply
        return ("[^" if negated else "[") + "".join(parts) + "]"
    variants = _case_variants(members)
    if variants is None:  # a cased character beyond ASCII: RE2 folds the class
        turkish = _TURKISH_I if any(_holds_i(op, av) for op, av in members) else ""
        return "[" + "".join(parts) + turkish + "]"
    return "(?-i:[" + "".join(parts) + "".join(_literal(code) for code in sorted(variants)) + "])"


# What `regex` matches to an ASCII letter when ignoring case, beyond the letter's other case:
# the Turkish dotted and dotless i, the Kelvin sign and the long s.
_FOLDS_TO_ASCII = {"i": (0x130, 0x131), "k": (0x212A,), "s": (0x17F,)}


def _case_variants(members: Any) -> set[int] | None:
    """The characters a class's members match under ignore-case beyond themselves; None when
    a member beyond ASCII may have other cases (left to RE2)."""
    codes: list[int] = []
    for op, av in members:
        if op is _OP.LITERAL and av not in _STAND_INS:
            if av > 0x7F and (chr(av).lower() != chr(av) or chr(av).upper() != chr(av)):
                return None
            codes.append(av)
        elif op is _OP.RANGE:
            if av[1] > 0x7F:
                return None
            codes.extend(range(av[0], av[1] + 1))
    variants: set[int] = set()
    for code in codes:
        char = chr(code)
        if char.isascii() and char.isalpha():
            variants.add(ord(char.swapcase()))
            variants.update(_FOLDS_TO_ASCII.get(char.lower(), ()))
    return variants


def _holds_i(op: Any, av: Any) -> bool:
    if op is _OP.LITERAL:
        return chr(av) in "iI"
    return op is _OP.RANGE and any(av[0] <= code <= av[1] for code in (0x49, 0x69))


class Screen:
    """A compiled screen: where in a text its pattern may match, and where it cannot."""

    __slots__ = ("_compiled", "_start")

    def __init__(self, source: str) -> None:
        import re2

        options = re2.Options()
        options.log_errors = False
        options.max_mem = 16 << 20  # a DFA cache budget: twice RE2's default, for the lexicon-heavy screens
        self._compiled = re2.compile(source.encode(), options)
        self._start = _starter(self._compiled)

    def first(self, text: str, start: int, end: int) -> int | None:
        """Where the screen's first match in text[start:end] starts (the pattern's first match
        cannot start earlier), or None: the pattern cannot match there."""
        encoded = _encoded(text)
        if encoded.data is None:
            return start
        if not encoded.wide:  # ASCII: character and byte offsets are one
            at = self._start(encoded.data, start, end)
            return None if at < 0 else at
        at = self._start(encoded.data, encoded.offset(start), encoded.offset(end))
        return None if at < 0 else encoded.index(at)

    def possible(self, text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """For each of the (sorted, disjoint) spans where the screen matches: its index, and the
        offset of the screen's first match in it, before which the pattern cannot match either.

        Spans less than `SWEEP_GAP` characters apart are searched in one sweep (a search costs
        about as much as reading that much text): from the first span of such a run onwards,
        each match marks the span it starts in, and the search resumes at the next span. A
        match that starts in a span but runs past its end still marks it, which errs on the
        safe side; no span with a match is ever skipped, because the search never resumes
        beyond the start of an unmarked span.
        """
        if not spans:
            return []
        encoded = _encoded(text)
        if encoded.data is None:
            return [(index, start) for index, (start, _) in enumerate(spans)]
        data, search, wide = encoded.data, self._start, bool(encoded.wide)
        offset, index_of = encoded.offset, encoded.index  # ASCII (not wide): offsets are indices
        found: list[tuple[int, int]] = []
        # the runs: spans[first:after] for consecutive cuts (found without a Python loop: a corpus
        # asks about hundreds of thousands of spans)
        gaps = map(sub, map(_START, islice(spans, 1, None)), map(_END, spans))
        cuts = [*compress(count(1), map(ge, gaps, repeat(SWEEP_GAP))), len(spans)]
        first = 0
        for after in cuts:
            last, index = offset(spans[after - 1][1]) if wide else spans[after - 1][1], first
            while index < after:
                begin = search(data, offset(spans[index][0]) if wide else spans[index][0], last)
                if begin < 0:
                    break
                at = index_of(begin) if wide else begin
                index = bisect_right(spans, at, index, after, key=_END)  # the first span ending after the match starts
                if index < after and spans[index][0] <= at:
                    found.append((index, at))
                    index += 1
            first = after
        return found


class ScreenSet:
    """Several screens read in one pass (RE2's Set): which of them match somewhere in a span.

    A genre's cues are each screened over the whole article, and most match nowhere: one pass
    for all of them costs about what one of them did. RE2 gives up on a Set whose automaton
    outgrows its memory without saying so, so the Set holds a last pattern that matches at the
    end of any text: without it in the answer, every screen is taken to match.
    """

    __slots__ = ("_count", "_set")

    def __init__(self, sources: Sequence[str]) -> None:
        import re2

        options = re2.Options()
        options.log_errors = False
        options.max_mem = 16 << 20
        self._set = re2.Set.SearchSet(options)
        for source in sources:
            self._set.Add(source)
        self._set.Add(r"\z")  # reached only when the pass read the text to its end
        self._set.Compile()
        self._count = len(sources)

    def matching(self, text: str, start: int, end: int) -> list[int]:
        """The indices of the screens that match somewhere in text[start:end] (all of them when
        that cannot be told)."""
        encoded = _encoded(text)
        if encoded.data is None:
            return list(range(self._count))
        found = self._set.Match(memoryview(encoded.data)[encoded.offset(start) : encoded.offset(end)]) or []
        if self._count not in found:
            return list(range(self._count))
        return sorted(index for index in found if index < self._count)


def _starter(compiled: Any) -> Callable[[bytes, int, int], int]:
    """search(data, start, end) -> the byte offset where the first match starts, or -1.

    google-re2's `search` wraps each call in a generator and a Match object, about as long as
    a screen's search itself on a short span; its compiled core answers with the spans alone.
    """
    core, anchor = getattr(compiled, "_regexp", None), None
    try:
        from re2 import _re2

        anchor = _re2.RE2.Anchor.UNANCHORED
    except (ImportError, AttributeError):
        core = None
    if core is not None and anchor is not None:
        match = core.Match

        def start_of(data: bytes, start: int, end: int) -> int:
            if end > len(data):
                end = len(data)
            return match(anchor, data, start, end)[0][0] if 0 <= start <= end else -1

        return start_of

    def searched(data: bytes, start: int, end: int) -> int:
        found = compiled.search(data, start, end)
        return -1 if found is None else int(found.start())

    return searched


def compile_screen(source: str | None) -> Screen | None:
    if source is None:
        return None
    try:
        return Screen(source)
    except Exception:  # RE2 refused it (too large, say): the pattern simply runs unscreened
        return None


class _Encoded:
    """A text's UTF-8 bytes, with character offsets turned into byte offsets."""

    __slots__ = ("data", "extra", "text", "wide", "wide_bytes")

    def __init__(self, text: str) -> None:
        self.text = text  # held, so that identity identifies it
        self.wide: list[int] = []  # offsets of the characters longer than one byte
        self.extra: list[int] = [0]  # extra bytes before the k-th of them
        self.wide_bytes: list[int] = []  # the byte offset of each of them
        try:
            self.data: bytes | None = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: RE2 cannot read them, so nothing is screened
            self.data = None
            return
        if len(self.data) != len(text):
            for match in re.finditer(r"[^\x00-\x7f]", text):
                self.wide.append(match.start())
                code = ord(match.group())
                self.extra.append(self.extra[-1] + (1 if code < 0x800 else 2 if code < 0x10000 else 3))
        self.wide_bytes = [at + extra for at, extra in zip(self.wide, self.extra, strict=False)]

    def offset(self, index: int) -> int:
        """The byte offset of character `index`."""
        if not self.wide:
            return index
        return index + self.extra[bisect_left(self.wide, index)]

    def index(self, offset: int) -> int:
        """The character index at byte `offset` (a character boundary)."""
        if not self.wide:
            return offset
        return offset - self.extra[bisect_left(self.wide_bytes, offset)]


_recent: list[_Encoded] = []  # the last few texts screened: a document's masked text and source


def _encoded(text: str) -> _Encoded:
    for encoded in _recent:
        if encoded.text is text:
            return encoded
    encoded = _Encoded(text)
    _recent.insert(0, encoded)
    del _recent[2:]
    return encoded
