"""Literal anchors: strings at least one of which every match of a pattern must contain.

A rule whose anchors do not occur in a block cannot match there, so one Aho-Corasick pass
over a document finds the few (rule, block) pairs worth running a regular expression on.
Anchors are derived from the pattern's parse tree (the standard library's parser, after
rewriting the `regex` module's extras it does not know). When no safe set exists, the
answer is None and the rule runs everywhere; an anchor set is never wrong, only sometimes
absent.

Anchors are matched in a *word view* of the text (`word_view`): lower-cased, every character
but an ASCII letter, digit or underscore read as a space. An anchor is written in the same
view, and where the pattern puts a word edge before or after it (`\\b`, `(?<![\\w])`,
`(?![\\w])`), the anchor carries that edge as a space: " heal " occurs where the word "heal"
does, not in "health" or "healer". (Every character the view keeps is a word character to
`regex`, so a non-word character always reads as a space, and the anchor is never wrong.)
"""

from __future__ import annotations

import re
import sys
from typing import Any

if sys.version_info >= (3, 11):
    from re import _constants as sre_constants
    from re import _parser as sre_parse
else:  # pragma: no cover - Python 3.10
    import sre_constants
    import sre_parse

# For each top-level alternative of the pattern (each of a rule's patterns), sets of lower-cased
# strings such that a match of that alternative contains a string of every set. A block where no
# alternative has all its sets cannot hold a match. None: the pattern can match anywhere.
Anchors = tuple[tuple[frozenset[str], ...], ...] | None
Conjunction = list[frozenset[str]]
MAX_SETS = 3  # the cheapest few sets are selective enough; more only slow the scan

MIN_ANCHOR = 2
# Two-letter anchors are worth it only when rare in English ("md", "dr"), not when every block
# has them ("th", "in"): the most frequent English letter pairs.
COMMON_PAIRS = frozenset(
    "th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as ou io le ve co me de hi ri "
    "ro ic ne ea ra ce li ch ll be ma si om ur ca el ta la ns di fo ho pe ec pr no ct us ac ot il tr ly nc et ut "
    "ss so rs un lo wa ge ie wh ee wi em ad ol rt po we na ul ni ts mo ow pa im mi ai sh ir su id os iv ia am fi "
    "ci vi pl ig tu ev ld ry mp fe bl ab gh ty op wo sa ay ex ke fr oo av ag if ap gr od bo sp rd do uc bu ei ov "
    "by rm ep tt oc fa ef cu rn sc gi da yo cr cl du ga qu ue ff ba ey ls va um pp ua up lu go ht ru ug ds lt pi "
    "rc rr eg au ck ew mu br bi pt ak pu ui rg ib tl ny ki rk ys ob mm fu ph og ms ye ud mb ip ub oi rl gu hr".split()
)
MAX_VARIANTS = 64  # cap on the exact strings a small finite sub-pattern may expand to
# Common words cost more as anchors: a rule anchored on "for" is a candidate almost everywhere.
STOPWORDS = frozenset(
    "a an and are as at be but by can do for from go has have he her his how i if in is it its just may me more "
    "my no not now of on one only or our out so than that the their them then there they this to up us use was "
    "we were what when which who will with you your day end own way new get all any".split()
)
_REWRITES = (
    (re.compile(r"\\[pP]\{[^}]*\}"), r"\\w"),  # Unicode properties: one word character
    (re.compile(r"\(\?P?<[A-Za-z_]\w*>"), "(?:"),  # named groups (may repeat in `regex`)
    (re.compile(r"\(\?-?[a-zA-Z]+(?:-[a-zA-Z]+)?:"), "(?:"),  # scoped flags
    (re.compile(r"\(\?[a-zA-Z]+\)"), ""),  # global inline flags
)
_OP = sre_constants
_ZERO_WIDTH = frozenset({""})
# Word edges stand in the derived strings as private characters until `_word_view_anchor` reads
# them: a `\b`, a "no word character before" and a "no word character after".
_EDGE, _NOT_AFTER_WORD, _NOT_BEFORE_WORD = "\U0010fff0", "\U0010fff1", "\U0010fff2"
_MARKS = _EDGE + _NOT_AFTER_WORD + _NOT_BEFORE_WORD
_LOOKAROUND_EDGES = (
    (re.compile(r"(?<!\\)\(\?<!(?:\\w|\[\\w\])\)"), _NOT_AFTER_WORD),
    (re.compile(r"(?<!\\)\(\?!(?:\\w|\[\\w[^\]\\]*\])\)"), _NOT_BEFORE_WORD),  # (?![\w]), (?![\w'’])
)
_WORD_FLAG = re.compile(r"\(\?[a-zA-Z]*w")  # `regex`'s Unicode word rules: edges between word characters
_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789_")
_WORD_VIEW = bytes(code if code in _WORD_BYTES else 0x20 for code in range(256))


def word_view(lowered: str) -> str:
    """The text as anchors are matched in it (see the module's docstring); as long as `lowered`."""
    return lowered.encode("ascii", "replace").translate(_WORD_VIEW).decode("ascii")


def cost(anchors: frozenset[str]) -> float:
    """How often a set of anchors is expected to fire: short and common strings cost more."""
    total = 0.0
    for anchor in anchors:
        word = _bare(anchor)
        total += {0: 1e6, 1: 1e6, 2: 5.0, 3: 1.0, 4: 0.5}.get(len(word), 0.2) + (10.0 if word in STOPWORDS else 0.0)
    return total


def _bare(anchor: str) -> str:
    return anchor.strip(" " + _MARKS)


def _usable(anchors: frozenset[str] | None) -> bool:
    """Worth scanning for: no string too short or too common to tell blocks apart."""
    return bool(anchors) and all(_selective(_bare(a)) for a in anchors)  # type: ignore[union-attr]


def _selective(anchor: str) -> bool:
    if len(anchor) < MIN_ANCHOR or anchor in STOPWORDS:
        return False
    return len(anchor) > 2 or anchor not in COMMON_PAIRS


def _cheapest(conjunction: Conjunction) -> frozenset[str] | None:
    return min(conjunction, key=cost, default=None)


def _cross(left: frozenset[str], right: frozenset[str]) -> frozenset[str] | None:
    if len(left) * len(right) > MAX_VARIANTS:
        return None
    return frozenset(a + b for a in left for b in right)


def _exact(op: Any, av: Any) -> frozenset[str] | None:
    """Every string a small, finite sub-pattern can match (lower-cased); None if not small and finite."""
    if op is _OP.LITERAL:
        return frozenset({chr(av).lower()})
    if op is _OP.IN and av and len(av) <= 8 and all(kind is _OP.LITERAL for kind, _ in av):
        return frozenset(chr(code).lower() for _, code in av)
    if op is _OP.AT and av is _OP.AT_BOUNDARY:
        return frozenset({_EDGE})
    if op in (_OP.AT, _OP.ASSERT, _OP.ASSERT_NOT):
        return _ZERO_WIDTH  # zero-width: constrains, consumes nothing
    if op is _OP.SUBPATTERN:
        return _exact_sequence(av[-1])
    if op is _OP.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            strings = _exact_sequence(branch)
            if strings is None or len(union) + len(strings) > MAX_VARIANTS:
                return None
            union |= strings
        return frozenset(union)
    if op in _REPEATS and av[0] == 0 and av[1] == 1:
        inner = _exact_sequence(av[2])
        return None if inner is None else inner | _ZERO_WIDTH
    return None


def _exact_sequence(items: Any) -> frozenset[str] | None:
    strings: frozenset[str] | None = _ZERO_WIDTH
    for op, av in items:
        item = _exact(op, av)
        if item is None or strings is None:
            return None
        strings = _cross(strings, item)
    return strings


def _sequence(items: Any, run: frozenset[str] = _ZERO_WIDTH) -> Conjunction:
    """Necessary sets of a concatenation: its maximal exact runs, and each item's own sets.
    `run`: the strings one of which comes just before the items (a prefix carried in)."""
    necessary: Conjunction = []
    for op, av in items:
        exact = _exact(op, av)
        joined = _cross(run, exact) if exact is not None else None
        if joined is not None:
            run = joined
            continue
        if _usable(run):
            necessary.append(run)
        elif exact is None and run != _ZERO_WIDTH:
            necessary += _distributed(run, op, av)
        run = exact if exact is not None else _ZERO_WIDTH
        if exact is None:
            necessary += _node(op, av)
    if _usable(run):
        necessary.append(run)
    return necessary


def _distributed(run: frozenset[str], op: Any, av: Any) -> Conjunction:
    """A prefix too short to scan for, before a choice: carried into each alternative. A
    vocabulary's trie writes "cold" and "COVID-19" as `co(?:lds?|vid-?19)`, where "co" is
    too common and "ld" too; "cold" and "covid" are not."""
    if op is _OP.SUBPATTERN and len(av[-1]) == 1:
        op, av = av[-1][0]
    if op is not _OP.BRANCH:
        return []
    cheapest = [_cheapest(_sequence(branch, run)) for branch in av[1]]
    if any(c is None for c in cheapest):
        return []
    union = frozenset().union(*cheapest)  # type: ignore[arg-type]
    return [union] if _usable(union) else []


def _node(op: Any, av: Any) -> Conjunction:
    if op is _OP.SUBPATTERN:
        return _sequence(av[-1])
    if op is _OP.BRANCH:
        # one string from each alternative's cheapest set; an alternative without one spoils it
        cheapest = [_cheapest(_sequence(branch)) for branch in av[1]]
        if any(c is None for c in cheapest):
            return []
        union = frozenset().union(*cheapest)  # type: ignore[arg-type]
        return [union] if _usable(union) else []
    if op in _REPEATS:
        low, _high, inner = av
        return _sequence(inner) if low >= 1 else []
    if op is getattr(_OP, "ATOMIC_GROUP", None):
        return _sequence(av)
    return []  # classes, dots, back-references


_REPEATS = tuple(op for op in (_OP.MAX_REPEAT, _OP.MIN_REPEAT, getattr(_OP, "POSSESSIVE_REPEAT", None)) if op)


def _alternatives(parsed: Any) -> list[Any]:
    """The top-level alternatives of a parsed pattern (a rule's patterns are joined with |),
    each with the anchors (`\\b`, `^`) around a group that holds them all."""
    items = list(parsed)
    lead: list[Any] = []
    trail: list[Any] = []
    while True:
        while items and items[0][0] is _OP.AT:
            lead.append(items.pop(0))
        while items and items[-1][0] is _OP.AT:
            trail.insert(0, items.pop())
        if len(items) == 1 and items[0][0] is _OP.SUBPATTERN:
            items = list(items[0][1][-1])
            continue
        break
    if len(items) == 1 and items[0][0] is _OP.BRANCH:
        return [[*lead, *alternative, *trail] for branch in items[0][1][1] for alternative in _alternatives(branch)]
    return [[*lead, *items, *trail]]


def anchors(pattern: str) -> Anchors:
    """Per top-level alternative, the anchor sets every match of it contains (matched
    case-insensitively); None when some alternative has none worth having."""
    if any(mark in pattern for mark in _MARKS):
        return None
    edges = not _WORD_FLAG.search(pattern)
    if edges:  # before the \\p rewrite: a lookbehind for "no letter" is not one for "no word character"
        for lookaround, mark in _LOOKAROUND_EDGES:
            pattern = lookaround.sub(mark, pattern)
    for rewrite, replacement in _REWRITES:
        pattern = rewrite.sub(replacement, pattern)
    try:
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    result = []
    for alternative in _alternatives(parsed):
        viewed = {
            _without_edged_duplicates({_word_view_anchor(a, edges) for a in found}) for found in _sequence(alternative)
        }
        sets = tuple(sorted((found for found in viewed if _usable(found)), key=cost)[:MAX_SETS])
        if not sets:
            return None
        result.append(sets)
    return tuple(result)


def _without_edged_duplicates(anchors: set[str]) -> frozenset[str]:
    """A set without the strings on word edges that hold another of its strings ("heal "
    beside "heal", " colds" beside " cold"): wherever they occur, so does that one, and the
    automaton would report both."""
    return frozenset(
        anchor
        for anchor in anchors
        if anchor == anchor.strip()
        or not any(shorter != anchor and shorter in anchors for shorter in (anchor.strip(), anchor[1:], anchor[:-1]))
    )


def _word_view_anchor(anchor: str, edges: bool) -> str:
    """A derived string as it reads in the word view, its word edges as spaces where they
    say that the character beyond is not a word character."""
    first, last = anchor[:1], anchor[-1:]
    inner = anchor
    for mark in _MARKS:
        inner = inner.replace(mark, "")
    viewed = inner.encode("ascii", "replace").translate(_WORD_VIEW).decode("ascii")
    if not edges or not viewed:
        return viewed
    starts_word, ends_word = viewed[0] != " ", viewed[-1] != " "
    if first == _NOT_AFTER_WORD or (first == _EDGE and starts_word):
        viewed = " " + viewed
    if last == _NOT_BEFORE_WORD or (last == _EDGE and ends_word):
        viewed += " "
    return viewed
