"""Contexts as data: cues with a direction, a scope, pseudo-cues and terminators clear a match."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint.contexts import load_file
from lint.errors import RuleFileError
from lint.ruleset import shipped_language
from tests.conftest import MakeRule, matches


def test_a_negated_claim_is_not_reported(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["cures arthritis"], contexts=["negation"])
    text = "Turmeric cures arthritis. It never cures arthritis. There is no evidence it cures arthritis."
    assert matches(rule, text) == ["cures arthritis"]


def test_a_terminator_ends_the_negations_scope(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["cures arthritis"], negation="skip")
    assert matches(rule, "It is not cheap, but it cures arthritis.") == ["cures arthritis"]
    assert matches(rule, "It is not a drug; it cures arthritis.") == ["cures arthritis"]


def test_a_pseudo_cue_is_not_a_negation(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["cures arthritis"], contexts=["negation"])
    assert matches(rule, "It not only cures arthritis, it soothes the mind.") == ["cures arthritis"]
    assert matches(rule, "There is no doubt it cures arthritis.") == ["cures arthritis"]


def test_the_negation_scope_is_a_few_words_back(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["cures arthritis"], contexts=["negation"])
    far = "No one who has tried our herbal tea blend for a month doubts it cures arthritis."
    assert matches(rule, far) == ["cures arthritis"]


def test_a_reported_or_attributed_claim_is_not_the_publishers(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["cures arthritis"], contexts=["attribution", "reported-research"])
    text = (
        "The tea is marketed as a drink that cures arthritis. In a small study, curcumin cures arthritis in mice. "
        "Our tea cures arthritis."
    )
    assert matches(rule, text) == ["cures arthritis"]


def test_a_question_and_a_debunked_claim_are_not_assertions(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["cures arthritis"], contexts=["question", "debunking"])
    text = "Does the label say it cures arthritis? The idea that it cures arthritis is a myth. It cures arthritis."
    assert matches(rule, text) == ["cures arthritis"]


def test_an_unknown_context_is_a_rule_error(make_rule: MakeRule) -> None:
    with pytest.raises(RuleFileError, match=r"unknown context 'sarcasm'"):
        make_rule(kind="existence", phrases=["cures"], contexts=["sarcasm"])


def test_a_context_file_is_validated_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "hedge.yaml").write_text(
        "description: d\nsource: s\ndirection: sideways\ncues: [maybe]\n", encoding="utf-8"
    )
    with pytest.raises(RuleFileError, match=r"hedge\.yaml:3:\d+: context 'hedge': direction must be one of"):
        load_file(tmp_path / "hedge.yaml", shipped_language())


def test_every_shipped_context_has_its_evidence() -> None:
    contexts = shipped_language().contexts
    assert {"negation", "attribution", "reported-research", "debunking", "question"} <= set(contexts)
    for context in contexts.values():
        assert context.description and context.source and context.direction in ("before", "after", "both")


def test_a_sentence_without_cues_is_read_no_further() -> None:
    from lint.contexts import find_cues

    negation = shipped_language().contexts["negation"]
    text = "Turmeric cures arthritis, but it does not cure gout. Turmeric cures arthritis, but gout stays."
    cues = find_cues(negation, text, 0, 52)
    assert cues.cues and cues.terminators and cues.word_starts  # "not": terminators and words are read
    empty = find_cues(negation, text, 53, len(text))
    assert empty.cues == empty.terminators == empty.word_starts == []
    assert not empty.clears(negation, 62, 77)
    assert find_cues(negation, "There is no doubt about it.", 0, 27).cues == []  # a pseudo-cue alone
