"""Genres: a document's kind, from cue phrases or its front matter, gating where rules apply."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint.errors import RuleFileError
from lint.genres import is_genre
from lint.markup import parse
from lint.ruleset import shipped_language
from tests.conftest import MakeRule, matches

NEWS = (
    "# Trial of a new sleep drug\n\n"
    'Participants took 10 mg nightly. "The effect was modest," lead author Ann Lee said in a statement.\n\n'
    '"It is too early to recommend it," said Tom Park, who was not involved in the study.\n'
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


def test_an_html_page_whose_json_ld_says_news_article_is_news() -> None:
    genres = shipped_language().genres
    data = '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Sleep"}'
    doc = parse("a.html", f'<script type="application/ld+json">{data}</script><p>Take 10 mg nightly.</p>')
    assert is_genre(doc, genres["news"])
    assert not is_genre(parse("a.html", "<p>Take 10 mg nightly.</p>"), genres["news"])


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


def _doc(front: str, body: str = ADVICE) -> object:
    return parse("a.md", f"---\n{front}\n---\n{body}")


def test_a_front_matter_value_that_names_no_genre_leaves_the_cues_to_decide() -> None:
    genres = shipped_language().genres
    assert is_genre(_doc("type: post", NEWS), genres["news"])  # Jekyll's `type: post` says nothing about genre
    assert not is_genre(_doc("audience: general", NEWS), genres["clinical"])


def test_the_audience_field_and_listed_values_state_genres() -> None:
    genres = shipped_language().genres
    clinical = _doc("audience: clinician")
    assert is_genre(clinical, genres["clinical"]) and not is_genre(clinical, genres["advice"])
    both = _doc("content_type: [News-Article, how to]", NEWS)
    assert is_genre(both, genres["news"]) and is_genre(both, genres["advice"])
    assert not is_genre(both, genres["press-release"])
    assert is_genre(_doc("type: Press_Release"), genres["press-release"])


def test_one_decisive_cue_is_enough_where_other_cues_are_counted() -> None:
    genres = shipped_language().genres
    release = "# New trial\n\nBOSTON, May 1, 2026 /PRNewswire/ -- Acme Health reports results.\n"
    assert is_genre(parse("a.md", release), genres["press-release"])
    blog = "# New trial\n\nWe read the press release so you do not have to.\n"
    assert not is_genre(parse("a.md", blog), genres["press-release"])


def test_reported_speech_makes_a_news_report_and_a_single_quote_does_not() -> None:
    news = shipped_language().genres["news"]
    story = (
        "# Sleep drug trial\n\n"
        '"We saw a modest effect," Ann Lee said. The drug is not yet approved, said Tom Park of the agency.\n\n'
        '"More work is needed," she added.\n'
    )
    assert is_genre(parse("a.md", story), news)
    assert not is_genre(parse("a.md", '# Sleep\n\n"Try it tonight," my friend Ann said.\n'), news)


def test_advice_and_clinical_texts_are_recognised_by_their_cues() -> None:
    genres = shipped_language().genres
    tips = "# Sleep tips\n\nHere's how to sleep better.\n\n- Avoid screens after nine.\n- Keep the room cool.\n"
    label = (
        "# Drug X\n\n## Indications and usage\n\nFor adults.\n\n## Dosage and administration\n\n10 mg daily.\n\n"
        "## Contraindications\n\nNone known.\n\n## Adverse reactions\n\nHeadache.\n"
    )
    assert is_genre(parse("a.md", tips), genres["advice"]) and not is_genre(parse("a.md", tips), genres["clinical"])
    assert is_genre(parse("a.md", label), genres["clinical"]) and not is_genre(parse("a.md", label), genres["advice"])


def test_a_genre_file_with_a_bad_stated_or_decisive_key_is_an_error(tmp_path: Path) -> None:
    from lint.genres import load_file

    build = shipped_language()
    bad = tmp_path / "opinion.yaml"
    bad.write_text("description: An opinion piece.\nsource: AP Stylebook.\nstated: opinion\n")
    with pytest.raises(RuleFileError, match=r"`stated` is a list"):
        load_file(bad, build)
    bad.write_text("description: An opinion piece.\nsource: AP Stylebook.\ndecisive: ['(unclosed']\n")
    with pytest.raises(RuleFileError, match=r"opinion.yaml:3"):
        load_file(bad, build)


def test_cues_are_counted_across_phrases_and_patterns_once_per_position() -> None:
    product = shipped_language().genres["product"]
    assert is_genre(parse("a.md", "# Calm gummies\n\nNow $19.99. Add to cart.\n"), product)  # a price and a phrase
    assert not is_genre(parse("a.md", "# Calm gummies\n\nIt costs about $20.\n"), product)  # one cue of two
    column = "# Liver cleanses\n\nA bottle costs about $20; a rival brand, $25. Both cost more than $10 a month.\n"
    assert not is_genre(parse("a.md", column), product)  # prices in a column are not a shop's (no cents)
    release = shipped_language().genres["press-release"]
    contacts = "# Results\n\nThe study is out.\n\nMedia contact: Jo Bloggs\n\nEmail: jo@example.org\n"
    assert is_genre(parse("a.md", contacts), release)  # a phrase and a line-start pattern, in separate blocks


def test_a_genre_file_may_use_fields_and_named_matchers(tmp_path: Path) -> None:
    from lint.genres import load_file

    build = shipped_language()
    desk = tmp_path / "wire.yaml"
    desk.write_text("description: A wire story.\nsource: AP Stylebook.\nfields: [news_desk]\n")
    linked = tmp_path / "linked.yaml"
    linked.write_text("description: A page of links.\nsource: House style.\nmatchers: [link]\n")
    assert is_genre(_doc("news_desk: health"), load_file(desk, build))
    assert not is_genre(_doc("author: Ann Lee"), load_file(desk, build))
    assert is_genre(parse("a.md", "# Links\n\nSee [the NIH](https://www.nih.gov/).\n"), load_file(linked, build))
    assert not is_genre(parse("a.md", "# Links\n\nNone yet.\n"), load_file(linked, build))


def test_a_sales_page_quoting_customers_is_a_product_page_not_news() -> None:
    genres = shipped_language().genres
    page = (
        "# Calm gummies\n\n"
        '"I sleep so well now," says Karen. "My stress is gone," Mark said. "Best purchase ever," says Lia.\n\n'
        "Take 2 gummies nightly. $29.99 per bottle. Add to cart.\n"
    )
    doc = parse("a.md", page)
    assert is_genre(doc, genres["product"]) and not is_genre(doc, genres["news"])
    assert is_genre(parse("a.md", NEWS), genres["news"])


def test_genres_that_yield_to_each_other_or_to_an_unknown_genre_are_errors(tmp_path: Path) -> None:
    from lint.genres import load

    build = shipped_language()
    (tmp_path / "a.yaml").write_text("description: A.\nsource: S.\nphrases: [alpha]\nyields_to: [b]\n")
    (tmp_path / "b.yaml").write_text("description: B.\nsource: S.\nphrases: [beta]\nyields_to: [a]\n")
    with pytest.raises(RuleFileError, match=r"yield to each other"):
        load(sorted(tmp_path.glob("*.yaml")), build)
    (tmp_path / "b.yaml").write_text("description: B.\nsource: S.\nphrases: [beta]\nyields_to: [c]\n")
    with pytest.raises(RuleFileError, match=r"b.yaml:4.*unknown genre 'c'"):
        load(sorted(tmp_path.glob("*.yaml")), build)
