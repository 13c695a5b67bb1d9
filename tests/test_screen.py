"""lint.screen: an RE2 screen never rules out text its pattern matches, and does rule out text."""

from __future__ import annotations

import importlib.util
import itertools
import pickle
import random
from pathlib import Path

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lint import screen as screen_module
from lint.checks import base
from lint.checks.base import Pattern
from lint.engine import lint_text
from lint.finding import Finding
from lint.markup import parse
from lint.ruleset import load_paths
from lint.screen import Screen, ScreenSet, compile_screen, screen_source

ROOT = Path(__file__).resolve().parent.parent

# Constructs where RE2 and `regex` differ, each with text that the `regex` pattern matches.
TRICKY = [
    (r"\bcaf\w*\b", "un café noir"),  # Unicode \w and \b next to a non-ASCII letter
    (r"\d+\s?mg\b", "take 500\u00a0mg"),  # a no-break space is \s to `regex`, not to RE2
    (r"\d+\s?mg\b", "take ５００ mg"),  # full-width digits are \d to `regex`
    (r"(?<![\w])cure(?![\w])", "a cure"),  # look-arounds
    (r"(?-i:\p{Lu}\p{Ll}+)\s+says", "Zoë Müller says"),  # Unicode properties, scoped flags
    (r"(?i)HERB", "herbal"),  # a global flag
    (r"x(?i)HERB", "xherb"),  # a global flag in the middle, which `regex` applies to the whole pattern
    (r"(?P<n>ab)(?P=n)", "abab"),  # a back-reference
    (r"(?P<name>a)|(?P<name>b)", "b"),  # a repeated group name (allowed by `regex`)
    (r"[^\W\d]+ium", "magnésium"),  # a negated class of categories
    (r"[^\s]+ol", "chólesterol"),
    (r"\Gwarn", "warn"),
    (r"^safe$", "safe"),
    (r"a.b", "a\u2028b"),
    (r"(?s)a.b", "a\nb"),
    (r"(?>ab|a)c", "ac"),  # atomic group: the screen may only widen it
    (r"a{1500}", "a" * 1500),  # beyond RE2's counted-repetition limit
    (r"\w{,3}z", "ééz"),
    (r"[\p{Lu}]x", "Éx"),
    (r"[^\p{L}]x", "1x"),
    (r"\p{Lu}\p{Ll}+ says", "Éloïse says"),  # letter properties stand in as letters, ASCII or not
    (r"(?i)\p{Lu}x", "ax"),  # under IGNORECASE `regex` lets \p{Lu} match any cased letter
    (r"\pL+ café", "naïve café"),
    (r"\p{N}+ mg", "٣٤ mg"),  # Arabic-Indic digits
    (r"\p{^L}x", "1x"),
    (r"\P{L}x", "-x"),
    (r"\p{Sc}\d", "€5"),  # any other property stands in as any character
    (r"[^\p{L}\d]x", "-x"),
    (r"(?x) a  b  # comment", "ab"),
]


@pytest.mark.parametrize(("pattern", "text"), TRICKY)
@pytest.mark.parametrize("flags", [0, regex.IGNORECASE])
def test_screen_never_rules_out_a_match(pattern: str, text: str, flags: int) -> None:
    compiled = regex.compile(pattern, flags)
    screen = compile_screen(screen_source(pattern, bool(flags)))
    assert screen is not None, pattern
    padded = "😀 " + text + " 🎉"  # astral characters before and after: offsets are in characters
    start, end = 2, len(padded) - 2
    match = compiled.search(padded, start, end)
    if match is not None:
        begin = screen.first(padded, start, end)
        assert begin is not None, (pattern, text)
        assert begin <= match.start(), (pattern, text)  # and never past the pattern's first match


def test_screen_rules_out_text_without_a_match() -> None:
    pattern = Pattern(r"\b(?:echinacea|ginseng)\s+(?:cures?|treats?)\s+\w+", regex.IGNORECASE)
    assert pattern.screen is not None
    text = "Ginseng is popular. Échinacea cures nothing. Ginseng treats colds. Noginseng cures it."
    assert pattern.screen.first(text, 0, 19) is None
    assert pattern.screen.first(text, 20, 44) is None  # "Échinacea" is not "echinacea"
    assert pattern.screen.first(text, 45, 66) is not None
    # word boundaries are not screened: the screen lets "Noginseng" through and `regex` decides
    assert pattern.screen.first(text, 67, len(text)) is not None
    assert pattern.compiled.search(text, 67, len(text)) is None
    assert pattern.screen.first("ginseng\u00a0treats colds", 0, 7) is None  # the span stops before the verb


def test_case_sensitive_parts_stay_case_sensitive_where_negated() -> None:
    # (?-i:[^a]) must let "A" through; a screen folding case there would wrongly exclude it
    pattern = Pattern(r"x(?-i:[^a])y", regex.IGNORECASE)
    assert pattern.screen is not None
    assert pattern.screen.first("xAy", 0, 3) is not None
    assert pattern.screen.first("xay", 0, 3) is None


@pytest.mark.parametrize(
    "pattern",
    [r"(?:cure){e<=1}", r"[[:alpha:]]+", r"(?V1)[[a-z]--[aeiou]]", r"(?(1)a|b)", r"\m(?:cure)\M"],
)
def test_syntax_the_standard_parser_misreads_gets_no_screen(pattern: str) -> None:
    assert screen_source(pattern, True) is None


def test_text_that_utf8_cannot_encode_is_never_ruled_out() -> None:
    screen = compile_screen(screen_source("cure", True))
    assert screen is not None
    assert screen.first("no match \ud800 here", 0, 15) is not None


def _pack_patterns() -> list[Pattern]:
    found: dict[tuple[str, int], Pattern] = {}
    seen: set[int] = set()

    def walk(obj: object) -> None:
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if isinstance(obj, Pattern):
            found.setdefault((obj.source, obj.flags), obj)
        elif isinstance(obj, (list, tuple)):
            for item in obj:
                walk(item)
        elif isinstance(obj, dict):
            for item in obj.values():
                walk(item)
        elif hasattr(obj, "__dict__"):
            for item in vars(obj).values():
                walk(item)

    for rule in load_paths([ROOT / "rules"], use_cache=False):
        walk(rule)
    return list(found.values())


PACK_PATTERNS = _pack_patterns()


def test_every_pack_pattern_has_a_screen() -> None:
    assert PACK_PATTERNS
    assert [p.source[:80] for p in PACK_PATTERNS if p.screen is None] == []


def test_pack_patterns_are_never_ruled_out_where_they_match_in_the_fixtures() -> None:
    checked = ruled_out = 0
    for path in sorted((ROOT / "fixtures").glob("*.*")):
        if path.suffix not in {".md", ".txt", ".html"}:
            continue
        doc = parse(str(path), path.read_text(encoding="utf-8"))
        for pattern in PACK_PATTERNS:
            assert pattern.screen is not None
            for block in doc.blocks:
                begin = pattern.screen.first(doc.masked, block.start, block.end)
                match = pattern.compiled.search(doc.masked, block.start, block.end)
                checked += 1
                ruled_out += begin is None
                if match is not None:
                    assert begin is not None and begin <= match.start(), (path, pattern.source)
    assert ruled_out > checked * 0.9  # and the screens do their job: most blocks are ruled out


_WORDS = st.sampled_from(
    "herbal supplement cures treats prevents arthritis anxiety ashwagandha kratom dose mg 500 take daily "
    "doctor Dr. Smith MD studies show clinically proven café Zoë naïve 5 000 µg ½ — – “ ” ’ é ü ß İ ı K ſ".split()
)
_SPACES = st.sampled_from([" ", "  ", "\u00a0", "\n", "\t", "\u2009", ", ", ". "])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_WORDS, _SPACES), min_size=1, max_size=40))
@example([("ı", " ")])  # found 2026-12-07: a first-person "I" pattern, which `regex` matches on the dotless ı
def test_pack_patterns_are_never_ruled_out_on_generated_text(words: list[tuple[str, str]]) -> None:
    text = "".join(word + space for word, space in words)
    for pattern in PACK_PATTERNS:
        assert pattern.screen is not None
        if pattern.screen.first(text, 0, len(text)) is None:
            assert not pattern.compiled.search(text), (pattern.source, text)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(_WORDS, _SPACES), min_size=1, max_size=60), st.integers(1, 12))
def test_possible_spans_keep_every_match_and_where_it_may_begin(words: list[tuple[str, str]], cuts: int) -> None:
    """Spans searched one by one, swept together, or swept in runs of close spans: a span with
    a match of the pattern is reported, and never with a start after the pattern's first match
    there."""
    text = "".join(word + space for word, space in words)
    step = max(len(text) // cuts, 1)
    edges = [*range(0, len(text), step), len(text)]
    # with gaps between, of one character, or of three where a span's end is even
    spans = [(start, max(start, end - 1 - 2 * (end % 2 == 0))) for start, end in itertools.pairwise(edges)]
    default_gap = screen_module.SWEEP_GAP
    try:
        for gap in (0, 2, len(text) + 1):
            screen_module.SWEEP_GAP = gap
            for pattern in PACK_PATTERNS[::7]:
                assert pattern.screen is not None
                possible = dict(pattern.screen.possible(text, spans))
                for index, (start, end) in enumerate(spans):
                    first = pattern.compiled.search(text, start, end)
                    if first is not None:
                        assert index in possible, (pattern.source, text, spans[index], gap)
                        assert possible[index] <= first.start()
    finally:
        screen_module.SWEEP_GAP = default_gap


def _corpus_articles(count: int) -> list[tuple[str, str]]:
    """Articles from the benchmark's deterministic generator (bench/corpus.py)."""
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    rng = random.Random(3)
    return [(f"article-{n}.md", corpus.article(rng, 6_000, n)) for n in range(count)]


def test_findings_are_the_same_with_and_without_screens(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "fixtures").glob("*.*"))
             if p.suffix in {".md", ".txt", ".html"}] + _corpus_articles(25)  # fmt: skip
    rules = load_paths([ROOT / "rules"], use_cache=False)

    def findings(screen_after: int) -> list[list[Finding]]:
        monkeypatch.setattr(base, "SCREEN_AFTER", screen_after)
        fresh = pickle.loads(pickle.dumps(rules))  # patterns start uncompiled, screens untried
        return [lint_text(name, text, fresh) for name, text in texts]

    screened, unscreened = findings(0), findings(10**12)
    assert sum(map(len, screened)) > 100  # the comparison is about real findings
    assert screened == unscreened


def test_a_small_run_compiles_screens_later_and_a_large_one_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    def pattern() -> base.Pattern:
        return base.Pattern(r"\bcure[sd]?\b", 0)

    monkeypatch.setattr(base, "_small_run", [1])
    budget = base.SCREEN_AFTER // len(pattern().source)  # characters asked for before a screen pays
    base.expect_text(5_000)  # one short article: screens must earn ten times more
    assert pattern()._screen_for(budget) is None
    base.expect_text(200_000)  # a few articles: the budget itself
    medium = pattern()
    assert medium._screen_for(budget // 2) is None
    assert medium._screen_for(budget) is not None
    base.expect_text(10_000_000)  # a corpus: every screen pays back its compiling
    assert pattern()._screen_for(1) is not None


@pytest.mark.parametrize("source", [r"\bI\b", r"[h-j]x", r"(?:it|is)"])
def test_ignore_case_screens_admit_the_turkish_i_that_regex_folds_to_i(source: str) -> None:
    pattern = regex.compile(source, regex.IGNORECASE)
    screen = Screen(screen_source(source, True) or "")
    for text in ("ı", "İx", "ıt", "İs"):
        if pattern.search(text):
            assert screen.first(text, 0, len(text)) is not None, (source, text)


@pytest.mark.parametrize("source", [r"[a-z]", r"[k]x", r"[r-t]", r"[\w-]", r"\s", r"[^a]", r"[ÀÉ]", r"[\d\s’]"])
def test_ignore_case_classes_admit_every_character_regex_folds_into_them(source: str) -> None:
    # the screen folds ASCII classes itself (RE2's folding of the wide classes was slow)
    pattern = regex.compile(source, regex.IGNORECASE)
    screen = Screen(screen_source(source, True) or "")
    for char in [chr(code) for code in range(0x80)] + ["ſ", "K", "ı", "İ", "à", "É", "é", "\u00a0", "’"]:
        text = char + "x"
        if pattern.match(text):
            assert screen.first(text, 0, len(text)) == 0, (source, char)


def test_a_screen_set_tells_which_screens_match_in_a_span() -> None:
    screens = ScreenSet([screen_source(r"\bturmeric\b", True) or "", screen_source(r"cures?", False) or "", "zz"])
    text = "😀 Turmeric is a root. It cures nothing."
    assert screens.matching(text, 0, len(text)) == [0, 1]
    assert screens.matching(text, 0, 20) == [0]  # "cures" lies beyond the span
    assert screens.matching(text, 24, len(text)) == [1]


def test_a_screen_set_that_gave_up_counts_every_screen_as_matching() -> None:
    class GaveUp:  # what RE2's Set answers when its automaton ran out of memory: nothing
        def Match(self, data: object) -> list[int]:
            return []

    screens = ScreenSet(["abc", "def"])
    object.__setattr__(screens, "_set", GaveUp())
    assert screens.matching("xyz", 0, 3) == [0, 1]


def test_may_match_keeps_patterns_with_a_match_or_without_a_screen_in_order() -> None:
    patterns = [Pattern(r"\bginger\b", regex.IGNORECASE), Pattern(r"(?V1)[[a-z]--[b]]x", 0), Pattern(r"nausea", 0)]
    assert patterns[1].screen_source is None  # set operations: no screen, so always kept
    text = "Ginger for nausea? Not here."
    assert base.may_match(patterns, text, 0, len(text)) == patterns
    assert base.may_match(patterns, text, 0, 10) == patterns[:2]
    assert base.may_match(patterns, text, 18, len(text)) == [patterns[1]]
