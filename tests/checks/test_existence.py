from __future__ import annotations

from tests.conftest import MakeRule, findings, matches


def test_phrases_match_case_insensitively_on_word_boundaries(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["miracle cure"])
    assert matches(rule, "A Miracle Cure! Not miracle cures or amiracle cure.\n") == ["Miracle Cure"]


def test_phrases_match_across_markup_and_line_breaks(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["miracle cure"])
    assert matches(rule, "A **miracle**\ncure here.\n") == ["miracle**\ncure"]


def test_patterns_and_message_interpolation(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", patterns=[r"\b(?P<pct>100)\s?% safe\b"], message="'{match}' ({pct})")
    (finding,) = findings(rule, "It is 100% safe.\n")
    assert finding.message == "'100% safe' (100)"
    assert (finding.line, finding.column, finding.end_column) == (1, 7, 16)


def test_case_sensitive(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["FDA"], case_sensitive=True)
    assert matches(rule, "FDA and fda.\n") == ["FDA"]


def test_exceptions_in_the_same_sentence_drop_overlapping_hits(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["cure"], exceptions=[r"there is no cure"])
    assert matches(rule, "There is no cure. This is a cure.\n") == ["cure"]
    assert findings(rule, "There is no cure. This is a cure.\n")[0].column == 29


def test_negation_skip(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["a cure"], negation="skip")
    text = "It is not a cure. There is no evidence it is a cure. It is, however, a cure.\n"
    assert len(matches(rule, text)) == 1


def test_negation_allow_is_the_default(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["a cure"])
    assert len(matches(rule, "It is not a cure.\n")) == 1


def test_quotes_skip_ignores_quotations_and_blockquotes(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["miracle"], quotes="skip")
    text = 'Ads call it a "miracle" pill.\n\n> A miracle, they said.\n\nIt is a miracle.\n'
    assert [f.line for f in findings(rule, text)] == [5]


def test_a_quotation_over_several_sentences_is_quoted_to_its_closing_mark(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["miracle"], quotes="skip")
    text = '“It works. It is a miracle,” she said. The miracle is the ad’s.\n\nA 12" pad. A miracle pad.\n'
    assert matches(rule, text) == ["miracle", "miracle"]  # after the closing mark; after an inch mark


def test_quotes_in_a_press_release_are_the_issuers_own_voice(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["miracle"], quotes="skip")
    quote = '"This device is a miracle," said Ann Lee, chief executive of Acme.\n'
    release = "CHICAGO, May 1, 2026 /PRNewswire/ -- Acme today announced a device.\n\n" + quote
    assert matches(rule, quote) == []
    assert matches(rule, release) == ["miracle"]


def test_scope_limits_where_the_rule_looks(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["miracle"], scope=["heading"])
    text = "# The miracle\n\nA miracle.\n\n## Another miracle\n"
    assert [f.line for f in findings(rule, text)] == [1, 5]
    title_only = make_rule(kind="existence", phrases=["miracle"], scope="title")
    assert [f.line for f in findings(title_only, text)] == [1]


def test_code_is_not_prose(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["miracle"])
    assert matches(rule, "`miracle`\n\n```\nmiracle\n```\n\n<!-- miracle -->\n") == []


def test_link_scopes(make_rule: MakeRule) -> None:
    target = make_rule(kind="existence", patterns=[r"[?&]tag="], scope="link_target")
    text_rule = make_rule(kind="existence", phrases=["buy"], scope="link_text")
    text = "[Buy it](https://amazon.com/x?tag=me-20). Buy now.\n"
    assert matches(target, text) == ["?tag="]
    assert matches(text_rule, text) == ["Buy"]


def test_a_link_text_is_read_to_its_own_end_in_every_block(make_rule: MakeRule) -> None:
    """Link texts are searched where the prefilter found a part's anchors in the block that holds
    them, and each text ends the search (`\\Z`), as a text of its own."""
    rule = make_rule(kind="existence", patterns=[r"\bcheck\s+price\Z", r"\bmiracle\b"], scope=["link_text"])
    text = "Intro.\n\n[Check price](https://shop.example/x) today.\n\nNo link: check price here.\n"
    assert matches(rule, text) == ["Check price"]
    # a word character right after the link's text ("price" then "s" in HTML): still the text's end
    assert matches(rule, "<p>A <a href='/x'>check price</a>s table.</p>\n", path="a.html") == ["check price"]
    assert matches(rule, "[A miracle](https://x.example) and [a cure](https://y.example).\n") == ["miracle"]


def test_a_hit_may_not_span_two_blocks(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["generally safe"])
    assert matches(rule, "# Generally\n\nSafe to say.\n") == []
