"""HTML shapes that cost quadratic time before (the standard library's parser rescanning the rest
of the page for every construct never closed, a scan of the open elements for every end tag):
twice the input, about twice the time."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import MakeRule
from tests.test_robustness import _ratio as doubling_ratio

CLAIM = "<p>A miracle.</p>"  # one finding: the time measured is reading the page
# A construct never closed runs to the end of the page as one token, blanked in one step: many
# of them are needed for a time long enough to measure.
REPEAT = 100

PAGES: dict[str, Callable[[int], str]] = {
    "li": lambda n: CLAIM + "<li>x" * n,  # list items never closed (40,000 of them took 37 s)
    "p": lambda n: CLAIM + "<p>x" * n,
    "td": lambda n: CLAIM + "<td>x" * n,
    "div-span": lambda n: CLAIM + "<div>" * n + "</span>" * n,  # end tags of elements not open (57 s)
    "comment": lambda n: CLAIM + "<!--" * REPEAT * n,  # comments never closed
    "tag": lambda n: CLAIM + "<a" * REPEAT * n,  # tags never closed
    "end-tag": lambda n: CLAIM + "</" * REPEAT * n,
    "cdata": lambda n: CLAIM + "<![CDATA[x" * REPEAT * n,
    "bogus-end": lambda n: CLAIM + "</b x" * 10 * n,  # an end tag with attributes, never closed
    "quote": lambda n: CLAIM + "<a href='x" * 10 * n,  # a quoted value never closed
    "quotes": lambda n: "<blockquote>" * n + "<p>x</p>" * n + CLAIM,  # many paragraphs deep in quotes
    "inline": lambda n: CLAIM + "<p>" + "<b>x " * n,  # inline elements never closed
    "open-links": lambda n: CLAIM + "<p>" + '<a href="https://example.org">x ' * n,  # links never closed
    "nested-lists": lambda n: CLAIM + "<ul><li>" + "<ul><li><b>" * n + "<li>x" * n,  # items closing past inline tags
}


@pytest.mark.parametrize("make", PAGES.values(), ids=PAGES)
def test_doubling_an_html_page_roughly_doubles_the_time(make_rule: MakeRule, make: Callable[[int], str]) -> None:
    rules = [make_rule(id="t.miracle", kind="existence", phrases=["miracle"])]
    ratio = doubling_ratio(rules, make(3000), make(6000), path="a.html")
    assert ratio < 3.0, ratio
