"""claim: subject, predicate and object from vocabularies, in order, a few words apart."""

from __future__ import annotations

import pytest

from lint.errors import RuleFileError
from tests.conftest import MakeRule, matches

CLAIM = {
    "kind": "claim",
    "subject": ["herb"],
    "predicate": ["treat-verb"],
    "object": ["ailment"],
    "report": "predicate",
}


@pytest.fixture(autouse=True)
def vocabularies(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two small vocabularies beside the shipped ones (as a team's config would add them)."""
    from lint import ruleset
    from lint.vocabulary import Term, Vocabulary

    shipped = ruleset.shipped_language()
    extra = {
        "herb": Vocabulary("herb", "herbs", "test", (Term("turmeric", "noun"), Term("ginger", "noun"))),
        "ailment": Vocabulary("ailment", "ailments", "test", (Term("arthritis", "noun"), Term("migraine", "noun"))),
    }
    from dataclasses import replace

    language = replace(shipped, vocabularies={**shipped.vocabularies, **extra})
    monkeypatch.setattr(ruleset, "shipped_language", lambda: language)


def test_a_claim_across_inserted_words_is_found_and_reported_from_its_predicate(make_rule: MakeRule) -> None:
    rule = make_rule(**CLAIM)
    text = "Turmeric quickly and gently relieves painful arthritis. Ginger cured my migraines."
    assert matches(rule, text) == ["relieves painful arthritis", "cured my migraines"]


def test_roles_out_of_order_or_too_far_apart_or_across_sentences_are_not_a_claim(make_rule: MakeRule) -> None:
    rule = make_rule(**CLAIM)
    text = (
        "Arthritis is treated with turmeric by some. "
        "Turmeric, which is sold in every shop in the country and online, relieves arthritis. "
        "Turmeric is yellow. It relieves arthritis."
    )
    assert matches(rule, text) == []


def test_an_inflected_term_fills_a_role(make_rule: MakeRule) -> None:
    assert matches(make_rule(**CLAIM), "Ginger treated her migraines.") == ["treated her migraines"]


def test_a_negated_or_reported_claim_is_cleared_by_its_contexts(make_rule: MakeRule) -> None:
    rule = make_rule(**CLAIM, contexts=["negation", "reported-research"])
    text = "Turmeric does not cure arthritis. In a small study, turmeric relieved arthritis. Turmeric cures arthritis."
    assert matches(rule, text) == ["cures arthritis"]


def test_a_pronoun_is_the_subject_only_on_a_page_about_the_product(make_rule: MakeRule) -> None:
    rule = make_rule(**CLAIM, pronoun_subject=2)
    product_page = "# Turmeric capsules\n\nOur turmeric is organic. Turmeric grows in India. It relieves arthritis.\n"
    news_page = "# Pain clinic opens\n\nThe clinic has a pool. It relieves arthritis, the doctors say.\n"
    assert matches(rule, product_page) == ["relieves arthritis"]
    assert matches(rule, news_page) == []


def test_a_claim_can_be_cleared_by_a_citation_nearby(make_rule: MakeRule) -> None:
    rule = make_rule(**CLAIM, unless={"matchers": ["citation"]}, window={"before": 0, "after": 1})
    text = "Turmeric relieves arthritis (Daily et al., 2016). Ginger cures migraine."
    assert matches(rule, text) == ["cures migraine"]


def test_a_claim_needs_two_roles_from_known_vocabularies(make_rule: MakeRule) -> None:
    with pytest.raises(RuleFileError, match="at least two of"):
        make_rule(kind="claim", subject=["herb"])
    with pytest.raises(RuleFileError, match=r"unknown vocabulary \{no-such\}"):
        make_rule(kind="claim", subject=["herb"], object=["no-such"])


def test_an_attributed_claim_is_cleared_by_the_attribution_context(make_rule: MakeRule) -> None:
    rule = make_rule(**CLAIM, contexts=["attribution"])
    text = (
        "Turmeric is marketed as something that relieves arthritis. Ginger is said to cure migraines. "
        "Ginger cures migraine."
    )
    assert matches(rule, text) == ["cures migraine"]


def test_the_subject_may_stand_further_from_the_predicate_than_the_other_roles(make_rule: MakeRule) -> None:
    rule = make_rule(**CLAIM, subject_gap=8)
    text = (
        "Turmeric, taken with black pepper every morning, relieves arthritis. "
        "Turmeric relieves the stiff, swollen and painful joints of arthritis."  # object too far: max_gap 4
    )
    assert matches(rule, text) == ["relieves arthritis"]


def test_the_subject_may_come_last_after_a_linking_word(make_rule: MakeRule) -> None:
    rule = make_rule(**CLAIM, subject_after=True)
    text = "Relieve your arthritis naturally with turmeric. Relieve arthritis, then buy ginger."
    assert matches(rule, text) == ["Relieve your arthritis naturally with turmeric"]


def test_predicate_forms_drop_derived_nouns_and_bare_gerunds(make_rule: MakeRule) -> None:
    spec = {key: value for key, value in CLAIM.items() if key != "subject"}
    verbs = make_rule(**spec, predicate_forms="verb")
    finite = make_rule(**spec, predicate_forms="finite", gerund_lead=["gerund-lead"])
    text = "The treatment of arthritis is hard. Relieving arthritis pain. Ginger is warm, thereby relieving migraine."
    assert matches(verbs, text) == ["Relieving arthritis", "relieving migraine"]
    assert matches(finite, text) == ["relieving migraine"]


def test_predicate_form_options_are_checked(make_rule: MakeRule) -> None:
    with pytest.raises(RuleFileError, match="predicate_forms"):
        make_rule(**CLAIM, predicate_forms="nouns")
    with pytest.raises(RuleFileError, match="gerund_lead"):
        make_rule(**CLAIM, gerund_lead=["gerund-lead"])
    with pytest.raises(RuleFileError, match="subject_gap"):
        make_rule(kind="claim", predicate=["treat-verb"], object=["ailment"], subject_gap=3)


def test_plain_patterns_report_what_roles_cannot_say_and_keep_the_contexts(make_rule: MakeRule) -> None:
    rule = make_rule(**CLAIM, patterns=[r"\bditch your pills\b"], contexts=["negation"])
    text = "Ditch your pills today. Never ditch your pills. Ginger cures migraine."
    assert matches(rule, text) == ["Ditch your pills", "cures migraine"]


def test_a_contracted_pronoun_is_the_subject_on_the_products_page(make_rule: MakeRule) -> None:
    rule = make_rule(**CLAIM, pronoun_subject=2)
    page = "# Turmeric\n\nOur turmeric is organic. Turmeric grows in India. It’s known to relieve arthritis.\n"
    assert matches(rule, page) == ["relieve arthritis"]


def test_a_decimal_number_between_roles_is_no_sentence_end(make_rule: MakeRule) -> None:
    rule = make_rule(**CLAIM)
    text = "Turmeric at 1.5 grams relieves arthritis. Turmeric is sold. Relieves arthritis."
    assert matches(rule, text) == ["relieves arthritis"]


def test_a_sentence_that_makes_the_claim_twice_is_one_finding(make_rule: MakeRule) -> None:
    rule = make_rule(**CLAIM)
    text = "Turmeric relieves arthritis and ginger cures migraine. Ginger cures migraine."
    assert matches(rule, text) == ["relieves arthritis", "cures migraine"]


def test_a_pronoun_led_claim_is_left_to_the_rule_with_the_subject_on_its_page(make_rule: MakeRule) -> None:
    spec = {key: value for key, value in CLAIM.items() if key != "subject"}
    rule = make_rule(**spec, defer={"subject": ["herb"], "min": 2})
    product_page = "# Turmeric\n\nOur turmeric is organic. Turmeric grows in India. It relieves arthritis.\n"
    news_page = "# Pain clinic opens\n\nThe clinic has a pool. It relieves arthritis, the doctors say.\n"
    assert matches(rule, product_page) == []
    assert matches(rule, news_page) == ["relieves arthritis"]
    assert matches(rule, product_page + "\nWarm baths relieve arthritis.\n") == ["relieve arthritis"]


def test_a_claim_for_a_named_subject_is_deferred_only_for_the_objects_named(make_rule: MakeRule) -> None:
    spec = {key: value for key, value in CLAIM.items() if key not in ("subject", "object")}
    rule = make_rule(**spec, defer={"subject": ["herb"], "object": ["ailment"]}, object=["ailment", "symptom"])
    text = "Ginger tea relieves migraine. Ginger tea relieves nausea symptoms. Warm baths relieve migraine."
    assert matches(rule, text) == ["relieves nausea", "relieve migraine"]
