"""The built-in `citation` matcher: what counts as evidence a reader can check, read from vocabularies."""

from __future__ import annotations

from dataclasses import replace

import pytest

from lint.checks.matchers import CITATION_VOCABULARIES, Citations, citations
from lint.markup import parse
from lint.ruleset import shipped_language
from tests.conftest import MakeRule, matches

SAFE = {"kind": "proximity", "phrases": ["generally safe"], "unless": {"matchers": ["citation"]}, "window": "paragraph"}


def cleared(make_rule: MakeRule, text: str) -> bool:
    return matches(make_rule(**SAFE), text) == []


@pytest.mark.parametrize(
    "text",
    [
        "It is generally safe (doi:10.1000/xyz123).\n",
        "It is generally safe, https://doi.org/10.1016/j.example.2020.01.002\n",
        "It is generally safe (PMID: 31234567).\n",
        "It is generally safe (PMC6543210).\n",
        "It is [generally safe](https://pubmed.ncbi.nlm.nih.gov/31234567/).\n",
        "It is generally safe, says [the NIH](https://ods.od.nih.gov/factsheets/Magnesium-Consumer/).\n",
        "It is generally safe, per [a university review](https://medicine.example.edu/reviews/42).\n",
        "It is generally safe in [a journal article](https://www.bmj.com/content/370/bmj.m2980).\n",
        "It is generally safe (see www.cdc.gov/sleep).\n",
        "It is generally safe (Smith et al., 2021).\n",
    ],
)
def test_evidence_clears(make_rule: MakeRule, text: str) -> None:
    assert cleared(make_rule, text)


@pytest.mark.parametrize(
    "text",
    [
        "It is generally safe. [Buy it on Amazon](https://www.amazon.com/dp/B000TEST).\n",
        "It is generally safe. [Get it here](https://amzn.to/3xYz).\n",
        "It is generally safe (https://www.shareasale.com/r.cfm?b=1&u=2).\n",
        "It is generally safe. [Our partner](https://example.com/magnesium?aff=1234).\n",
        "It is generally safe. [This one](https://wellness.example.com/products/sleep-gummies).\n",
        "It is generally safe. [Deal](https://example.com/sleep?coupon=SAVE10).\n",
        "It is generally safe. [The brand we like](https://example.com/recommends/brand-x).\n",
        "It is generally safe. [Shop now](https://example.org/sleep-gummies).\n",
    ],
)
def test_a_shop_or_affiliate_link_does_not_clear(make_rule: MakeRule, text: str) -> None:
    assert not cleared(make_rule, text)


@pytest.mark.parametrize(
    "text",
    [
        "It is generally safe. Photo by [Ana Ruiz](https://unsplash.com/@anaruiz).\n",
        "It is generally safe. Image credit: [Sleep Lab](https://sleep.example.org/about).\n",
        "It is generally safe. [Chart](https://example.org/images/chart.png).\n",
    ],
)
def test_an_image_credit_does_not_clear(make_rule: MakeRule, text: str) -> None:
    assert not cleared(make_rule, text)


def test_the_sites_own_pages_do_not_clear(make_rule: MakeRule) -> None:
    assert not cleared(make_rule, "It is generally safe. [Our gummies](/products/sleep-gummies).\n")
    assert not cleared(make_rule, "It is generally safe. [More on sleep](/blog/sleep-tips).\n")
    own = "---\nurl: https://www.sleepwell.example.com/blog/magnesium\n---\n\n"
    assert not cleared(make_rule, own + "It is generally safe. [Our guide](https://sleepwell.example.com/guide).\n")
    assert cleared(make_rule, own + "It is generally safe. [A review](https://www.cochranelibrary.com/x).\n")


def test_a_numbered_reference_clears_only_if_it_resolves(make_rule: MakeRule) -> None:
    assert not cleared(make_rule, "It is generally safe [3].\n")
    listed = "It is generally safe [3].\n\n## References\n\n1. A.\n2. B.\n3. C.\n"
    assert cleared(make_rule, listed)  # the third entry under a reference-list heading
    assert not cleared(make_rule, "It is generally safe [4].\n\n## References\n\n1. A.\n2. B.\n3. C.\n")
    numbered = "It is generally safe [3].\n\n3. Lee K. Magnesium and sleep. Nutrients. 2019;11:1.\n"
    assert cleared(make_rule, numbered)  # a numbered entry that reads like a reference
    steps = "It is generally safe [3].\n\n1. Warm the milk.\n2. Stir.\n3. Drink it an hour before bed.\n"
    assert not cleared(make_rule, steps)  # a numbered step is not a reference
    assert cleared(make_rule, "It is generally safe [2, 3].\n\n## Sources\n\n1. A.\n2. B.\n")
    assert cleared(make_rule, "It is generally safe [1-3].\n\n## Sources\n\n1. A.\n2. B.\n3. C.\n")


def test_footnotes_and_superscripts_resolve(make_rule: MakeRule) -> None:
    assert cleared(make_rule, "It is generally safe.[^a]\n\n[^a]: Lee K. Nutrients. 2019.\n")
    assert not cleared(make_rule, "It is generally safe.[^a]\n")
    assert cleared(make_rule, "It is generally safe.²\n\n## Notes\n\n1. A.\n2. B.\n")
    assert not cleared(make_rule, "It is generally safe.²\n")
    assert not cleared(make_rule, "It is generally safe [sic].\n")


def test_a_reference_list_in_plain_text_and_html() -> None:
    found = citations(shipped_language())
    text = parse("a.txt", "It is generally safe [1].\n\nReferences\n\n[1] Lee K. Nutrients. 2019.\n")
    assert found(text, 0, 25)
    html = "<p>It is generally safe<sup>1</sup>.</p><h2>Sources</h2><ol><li>Lee K. 2019.</li></ol>"
    assert found.references(parse("a.html", html)) == frozenset({"1"})


def test_source_urls() -> None:
    found = citations(shipped_language())
    assert found.source_url("https://www.nejm.org/doi/full/10.1056/NEJMoa2034577")
    assert found.source_url("https://www.who.int/news-room/fact-sheets/detail/depression).")
    assert not found.source_url("https://smile.amazon.co.uk/gp/product/B0001")
    assert not found.source_url("https://go.skimresources.com/?id=1&url=x")
    assert not found.source_url("mailto:editor@example.org")
    assert not found.source_url("https://www.instagram.com/p/C0ffee/")
    assert not found.source_url("https://example.org/images/photo.JPG")
    assert not found.source_url("https://news.example.org/story", own_host="example.org")


def test_a_configuration_adds_a_shop() -> None:
    language = shipped_language()
    shop = language.vocabularies["shop-host"].with_edits(["healthmart.example"], [])
    edited = citations(replace(language, vocabularies={**language.vocabularies, "shop-host": shop}))
    assert isinstance(edited, Citations) and edited is not citations(language)
    assert not edited.source_url("https://www.healthmart.example/melatonin")
    assert citations(language).source_url("https://www.healthmart.example/melatonin")
    assert set(CITATION_VOCABULARIES) <= set(language.vocabularies)


def test_an_in_page_link_to_a_reference_entry_clears(make_rule: MakeRule) -> None:
    html = (
        '<p>It is generally safe.<sup><a href="#fn2">2</a></sup></p>'
        "<h2>References</h2><ol><li>A.</li><li>Lee K. Nutrients. 2019.</li></ol>"
    )
    assert matches(make_rule(**SAFE), html, path="a.html") == []
    unlisted = '<p>It is generally safe.<sup><a href="#fn2">2</a></sup></p>'
    assert matches(make_rule(**SAFE), unlisted, path="a.html") == ["generally safe"]
    jump = '<p>It is generally safe. <a href="#dosage">See dosage</a>.</p><h2>References</h2><ol><li>A.</li></ol>'
    assert matches(make_rule(**SAFE), jump, path="a.html") == ["generally safe"]
