"""The trigger machinery every kind shares (lint.checks.base): shared patterns and their screens."""

from __future__ import annotations

import pytest

from lint.checks import base
from lint.checks.base import Pattern, share_patterns
from lint.engine import lint_text
from tests.conftest import MakeRule


def test_equal_patterns_of_several_rules_become_one(make_rule: MakeRule) -> None:
    first = make_rule(id="test.first", kind="existence", patterns=[r"\bmiracle\s+cures?\b"])
    second = make_rule(
        id="test.second", kind="existence", patterns=[r"\bmiracle\s+cures?\b", r"\bwonder\b"], category="absolute-claim"
    )  # another category: two findings on one span of one category would be one problem (lint.overlap)
    assert first.check.trigger.parts[0] is not second.check.trigger.parts[0]
    share_patterns([first, second])
    assert first.check.trigger.parts[0] is second.check.trigger.parts[0]
    assert second.check.trigger.parts[1].source == r"(?:\bwonder\b)"
    text = "A miracle cure. Another wonder. One more miracle cures all."
    assert [f.match for f in lint_text("a.md", text, [first, second])] == [
        "miracle cure", "miracle cure", "wonder", "miracle cures", "miracle cures",
    ]  # fmt: skip


def test_a_shared_screen_answers_the_same_question_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "SCREEN_AFTER", 0)

    class Holder:
        def __init__(self, pattern: Pattern) -> None:
            self.pattern = pattern

    first, second = Holder(Pattern(r"\bcure[sd]?\b", 0)), Holder(Pattern(r"\bcure[sd]?\b", 0))
    share_patterns([first, second])
    pattern = first.pattern
    assert second.pattern is pattern and pattern.shared
    text = "It cures. Nothing here. It cured them."
    spans = [(0, 9), (10, 23), (24, 38)]
    assert pattern.possible(text, spans) == [(0, 3), (2, 27)]
    asked: list[object] = []
    screen = pattern.screen
    assert screen is not None
    monkeypatch.setattr(type(screen), "possible", lambda *args: asked.append(args) or [])
    assert pattern.possible(text, list(spans)) == [(0, 3), (2, 27)]  # the same text and spans: answered again
    assert not asked
    assert pattern.possible(text, spans[:2]) == [] and asked  # other spans: screened


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (r"\bcure[sd]?\b", "It cures. Cured? No: incurable, cures, CURED, cure."),
        (r"(?<![\w-])herb(?:al)?\s+(?:tea|remedy)", "herbal tea, non-herbal remedy, herb  remedy, herbalist tea"),
        (r"\b(?:a|an)\s+\w+", "a cat an owl anna a"),  # a loose screen: many places where the pattern fails
        (r"(?i)\bcafé\s+\p{L}+", "Café crème, CAFÉ noir, cafés au lait, café 42"),
        (r"x+", "xx x xxx"),
        (r"\bab\b", "xab xab xab xab xab xab ab xab ab"),  # more misses than allowed: the pattern scans on
    ],
)
def test_matches_looked_for_where_the_screen_matches_are_the_same(source: str, text: str) -> None:
    import regex

    pattern = Pattern(source, regex.IGNORECASE)
    assert pattern.screen is not None and pattern.stepped is not None
    expected = [m.span() for m in base.timed_finditer(pattern.compiled, text, 0, len(text))]
    for start in range(len(text)):
        begin = pattern.first(text, start, len(text))
        if begin is None:
            assert not [span for span in expected if span[0] >= start]
            continue
        found = [m.span() for m in base.stepped_finditer(pattern, text, begin, len(text))]
        assert found == [m.span() for m in base.timed_finditer(pattern.compiled, text, start, len(text))]


def test_a_pattern_that_may_match_empty_is_not_stepped() -> None:
    pattern = Pattern(r"\bcures?\b|(?=x)", 0)
    assert pattern.screen is not None and pattern.stepped is None
    anchored = Pattern(r"\Gcure", 0)
    assert anchored.screen is not None and anchored.stepped is None
