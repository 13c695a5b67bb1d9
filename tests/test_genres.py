"""Genres: a document's kind, from cue phrases or its front matter, gating where rules apply."""

from __future__ import annotations

import pytest

from lint.errors import RuleFileError
from lint.genres import is_genre
from lint.markup import parse
from lint.ruleset import shipped_language
from tests.conftest import MakeRule, matches

NEWS = (
    "# Trial of a new sleep drug\n\n"
    'Participants took 10 mg nightly. "The effect was modest," lead author Ann Lee said in a statement.\n'
)
ADVICE = "# Sleep better\n\nTake 10 mg nightly before bed.\n"


def test_a_news_report_is_recognised_by_its_cues_and_advice_is_not() -> None:
    news = shipped_language().genres["news"]
    assert is_genre(parse("a.md", NEWS), news)
    assert not is_genre(parse("a.md", ADVICE), news)


def test_front_matter_can_state_the_genre() -> None:
    genres = shipped_language().genres
    doc = parse("a.md", "---\ntype: news\n---\n" + ADVICE)
    assert is_genre(doc, genres["news"]) and not is_genre(doc, genres["product"])


def test_a_rule_skips_the_genres_it_does_not_apply_to(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", patterns=[r"\b\d+\s?mg\b"], genres={"skip": ["news", "press-release"]})
    assert matches(rule, NEWS) == []
    assert matches(rule, ADVICE) == ["10 mg"]


def test_a_rule_can_run_only_in_some_genres(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["best seller"], genres={"only": ["product"]})
    page = "# Calm gummies\n\nOur best seller. Add to cart for $19.99 with free shipping.\n"
    assert matches(rule, page) == ["best seller"]
    assert matches(rule, "# Books\n\nThe memoir became a best seller last year.\n") == []


def test_an_unknown_genre_is_a_rule_error(make_rule: MakeRule) -> None:
    with pytest.raises(RuleFileError, match=r"unknown genre 'opinion'"):
        make_rule(kind="existence", phrases=["cures"], genres={"skip": ["opinion"]})
