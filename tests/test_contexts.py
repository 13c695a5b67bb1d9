"""Contexts as data: cues with a direction, a scope, pseudo-cues and terminators clear a match."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint.contexts import load_file
from lint.errors import RuleFileError
from lint.ruleset import shipped_language
from tests.conftest import MakeRule, matches

# (contexts, the rule's phrase, text, the matches reported): each case is one class of wording a
# context clears, with the publisher's own claim that it must leave alone
CASES = [
    pytest.param(
        ["negation"],
        "cures arthritis",
        "Turmeric cures arthritis. It never cures arthritis. There is no evidence it cures arthritis.",
        ["cures arthritis"],
        id="a_negated_claim_is_not_reported",
    ),
    pytest.param(
        ["negation"],
        "cures arthritis",
        "There is no doubt it cures arthritis.",
        ["cures arthritis"],
        id="a_pseudo_cue_is_not_a_negation",
    ),
    pytest.param(
        ["negation"],
        "cures arthritis",
        "No one who has tried our herbal tea blend for a month doubts it cures arthritis.",
        ["cures arthritis"],
        id="the_negation_scope_is_a_few_words_back",
    ),
    pytest.param(
        ["attribution", "reported-research"],
        "cures arthritis",
        "The tea is marketed as a drink that cures arthritis. In a small study, curcumin cures arthritis in mice. "
        "Our tea cures arthritis.",
        ["cures arthritis"],
        id="a_reported_or_attributed_claim_is_not_the_publishers",
    ),
    pytest.param(
        ["question", "debunking"],
        "cures arthritis",
        "Does the label say it cures arthritis? The idea that it cures arthritis is a myth. It cures arthritis.",
        ["cures arthritis"],
        id="a_question_and_a_debunked_claim_are_not_assertions",
    ),
    pytest.param(
        ["clinical-agent", "body-agent", "how-to"],
        "relieve pain",
        "Doctors often relieve pain with nerve blocks. Your body makes endorphins that relieve pain. "
        "Learn how to relieve pain at home. This balm will relieve pain.",
        ["relieve pain"],
        id="care_the_body_and_a_how_to_topic_are_not_product_claims",
    ),
    pytest.param(
        ["clinical-agent"],
        "relieve pain",
        "Herbal medicine can relieve pain.",
        ["relieve pain"],
        id="herbal_medicine_is_not_a_clinician_doing_the_treating",
    ),
    pytest.param(
        ["first-person", "reported-speech"],
        "cured my eczema",
        "I finally cured my eczema. Her cream cured my eczema, the reader said. Your salve cured my eczema.",
        ["cured my eczema"],
        id="a_writers_own_story_and_a_quoted_source_are_not_the_publishers_claim",
    ),
    pytest.param(
        ["reported-speech"],
        "joint pain",
        "Say goodbye to joint pain. Joint pain eases, Dr. Lee says.",
        ["joint pain"],
        id="say_goodbye_is_no_reported_speech",
    ),
    pytest.param(
        ["described-use"],
        "ease nausea",
        "Ginger is often taken to ease nausea. Historically, sailors chewed the root to ease nausea. "
        "If ginger is taken after meals, it will ease nausea.",
        ["ease nausea"],
        id="a_described_or_traditional_use_is_not_a_claim_of_effect",
    ),
    pytest.param(
        ["reported-research"],
        "eases anxiety",
        "A small study published in June suggested that saffron eases anxiety. "
        "A 2021 study published in a nutrition journal says saffron eases anxiety. Saffron eases anxiety.",
        ["eases anxiety"],
        id="a_study_reported_with_words_between_noun_and_verb_is_reported_research",
    ),
    pytest.param(
        ["debunking", "attribution"],
        "treatment for insomnia",
        "The pill is sold as an unapproved treatment for insomnia. It was popularized as a treatment for insomnia. "
        "It is the best treatment for insomnia.",
        ["treatment for insomnia"],
        id="unapproved_and_popularized_as_report_a_claim",
    ),
    pytest.param(
        ["care-subject"],
        "prevent migraines",
        "Getting enough sleep can help prevent migraines. Cupping helps prevent migraines. "
        "Regular exercise may prevent migraines. Our drops prevent migraines.",
        ["prevent migraines", "prevent migraines"],
        id="a_sentence_that_opens_with_an_activity_is_self_care_not_a_product_claim",
    ),
    pytest.param(
        ["attribution"],
        "ease their pain",
        "Some patients say the capsules ease their pain. The capsules ease their pain.",
        ["ease their pain"],
        id="what_users_say_is_attributed",
    ),
    pytest.param(
        ["study-reported"],
        "reduces hay fever",
        "A 2018 trial found that the spray reduces hay fever. In a small study, the spray reduces hay fever. "
        "Studies show the spray reduces hay fever.",
        ["reduces hay fever"],
        id="one_study_singled_out_is_reported_but_studies_show_is_not",
    ),
    pytest.param(
        ["article-topic"],
        "ease withdrawal",
        "In this article, we look at how kratom may ease withdrawal. Kratom may ease withdrawal.",
        ["ease withdrawal"],
        id="an_article_announcing_its_topic_makes_no_claim",
    ),
    pytest.param(
        ["study-reported"],
        "as effective as",
        "In a review of twelve trials, saffron was as effective as fluoxetine. It is as effective as fluoxetine.",
        ["as effective as"],
        id="a_review_singled_out_is_a_study_reported",
    ),
    pytest.param(
        ["reported-speech"],
        "eases gout",
        "Experts say cherry juice eases gout. Cherry juice eases gout, Dr. Osei said.",
        ["eases gout"],
        id="a_faceless_source_is_no_reported_speech",
    ),
]


@pytest.mark.parametrize(("contexts", "phrase", "text", "expected"), CASES)
def test_a_context_clears_its_class_of_wording_and_not_the_claim(
    make_rule: MakeRule, contexts: list[str], phrase: str, text: str, expected: list[str]
) -> None:
    rule = make_rule(kind="existence", phrases=[phrase], contexts=contexts)
    assert matches(rule, text) == expected


def test_a_terminator_ends_the_negations_scope(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["cures arthritis"], negation="skip")
    assert matches(rule, "It is not cheap, but it cures arthritis.") == ["cures arthritis"]
    assert matches(rule, "It is not a drug; it cures arthritis.") == ["cures arthritis"]


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


def test_an_unnamed_finding_clears_reported_research_but_not_research_question(make_rule: MakeRule) -> None:
    reported = make_rule(kind="existence", phrases=["prevents colds"], contexts=["reported-research"])
    question = make_rule(kind="existence", phrases=["prevents colds"], contexts=["research-question"])
    text = "Researchers have found that zinc prevents colds. A trial asks whether zinc prevents colds."
    assert matches(reported, text) == []
    assert matches(question, text) == ["prevents colds"]


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
