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


def test_care_the_body_and_a_how_to_topic_are_not_product_claims(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["relieve pain"], contexts=["clinical-agent", "body-agent", "how-to"])
    text = (
        "Doctors often relieve pain with nerve blocks. Your body makes endorphins that relieve pain. "
        "Learn how to relieve pain at home. This balm will relieve pain."
    )
    assert matches(rule, text) == ["relieve pain"]


def test_herbal_medicine_is_not_a_clinician_doing_the_treating(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["relieve pain"], contexts=["clinical-agent"])
    assert matches(rule, "Herbal medicine can relieve pain.") == ["relieve pain"]


def test_a_writers_own_story_and_a_quoted_source_are_not_the_publishers_claim(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["cured my eczema"], contexts=["first-person", "reported-speech"])
    text = "I finally cured my eczema. Her cream cured my eczema, the reader said. Your salve cured my eczema."
    assert matches(rule, text) == ["cured my eczema"]


def test_say_goodbye_is_no_reported_speech(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["joint pain"], contexts=["reported-speech"])
    assert matches(rule, "Say goodbye to joint pain. Joint pain eases, Dr. Lee says.") == ["joint pain"]


def test_a_described_or_traditional_use_is_not_a_claim_of_effect(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["ease nausea"], contexts=["described-use"])
    text = (
        "Ginger is often taken to ease nausea. Historically, sailors chewed the root to ease nausea. "
        "If ginger is taken after meals, it will ease nausea."
    )
    assert matches(rule, text) == ["ease nausea"]


def test_an_unnamed_finding_clears_reported_research_but_not_research_question(make_rule: MakeRule) -> None:
    reported = make_rule(kind="existence", phrases=["prevents colds"], contexts=["reported-research"])
    question = make_rule(kind="existence", phrases=["prevents colds"], contexts=["research-question"])
    text = "Researchers have found that zinc prevents colds. A trial asks whether zinc prevents colds."
    assert matches(reported, text) == []
    assert matches(question, text) == ["prevents colds"]


def test_a_study_reported_with_words_between_noun_and_verb_is_reported_research(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["eases anxiety"], contexts=["reported-research"])
    text = (
        "A small study published in June suggested that saffron eases anxiety. "
        "A 2021 study published in a nutrition journal says saffron eases anxiety. Saffron eases anxiety."
    )
    assert matches(rule, text) == ["eases anxiety"]


def test_unapproved_and_popularized_as_report_a_claim(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["treatment for insomnia"], contexts=["debunking", "attribution"])
    text = (
        "The pill is sold as an unapproved treatment for insomnia. It was popularized as a treatment for insomnia. "
        "It is the best treatment for insomnia."
    )
    assert matches(rule, text) == ["treatment for insomnia"]


def test_a_sentence_that_opens_with_an_activity_is_self_care_not_a_product_claim(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["prevent migraines"], contexts=["care-subject"])
    text = (
        "Getting enough sleep can help prevent migraines. Cupping helps prevent migraines. "
        "Regular exercise may prevent migraines. Our drops prevent migraines."
    )
    assert matches(rule, text) == ["prevent migraines", "prevent migraines"]


def test_what_users_say_is_attributed(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["ease their pain"], contexts=["attribution"])
    text = "Some patients say the capsules ease their pain. The capsules ease their pain."
    assert matches(rule, text) == ["ease their pain"]


def test_one_study_singled_out_is_reported_but_studies_show_is_not(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["reduces hay fever"], contexts=["study-reported"])
    text = (
        "A 2018 trial found that the spray reduces hay fever. In a small study, the spray reduces hay fever. "
        "Studies show the spray reduces hay fever."
    )
    assert matches(rule, text) == ["reduces hay fever"]


def test_a_sentence_without_cues_is_read_no_further() -> None:
    from lint.contexts import find_cues

    negation = shipped_language().contexts["negation"]
    text = "Turmeric cures arthritis, but it does not cure gout. Turmeric cures arthritis, but gout stays."
    cues = find_cues(negation, text, 0, 52)
    assert cues.cues and cues.terminators and cues.word_starts  # "not": terminators and words are read
    empty = find_cues(negation, text, 53, len(text))
    assert empty.cues == [] and empty.terminators == [] and empty.word_starts == []
    assert not empty.clears(negation, 62, 77)
    assert find_cues(negation, "There is no doubt about it.", 0, 27).cues == []  # a pseudo-cue alone


def test_an_article_announcing_its_topic_makes_no_claim(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["ease withdrawal"], contexts=["article-topic"])
    text = "In this article, we look at how kratom may ease withdrawal. Kratom may ease withdrawal."
    assert matches(rule, text) == ["ease withdrawal"]


def test_a_review_singled_out_is_a_study_reported(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["as effective as"], contexts=["study-reported"])
    text = "In a review of twelve trials, saffron was as effective as fluoxetine. It is as effective as fluoxetine."
    assert matches(rule, text) == ["as effective as"]


def test_a_faceless_source_is_no_reported_speech(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["eases gout"], contexts=["reported-speech"])
    text = "Experts say cherry juice eases gout. Cherry juice eases gout, Dr. Osei said."
    assert matches(rule, text) == ["eases gout"]
