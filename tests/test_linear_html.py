"""HTML shapes that cost quadratic time before (the standard library's parser rescanning the rest
of the page for every construct never closed, a scan of the open elements for every end tag):
twice the input, about twice the time."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import MakeRule
from tests.test_robustness import _ratio as doubling_ratio

# A construct never closed runs to the end of the page as one token, blanked in one step: many
# of them are needed for a time long enough to measure.
REPEAT = 100


PAGES: dict[str, Callable[[int], str]] = {
    "li": lambda n: "<li>x miracle" * n,  # list items never closed
    "p": lambda n: "<p>x miracle" * n,
    "td": lambda n: "<table><tr>" + "<td>x miracle" * n,
    "div-span": lambda n: "<div>" * n + "</span>" * n,  # end tags of elements that are not open
    "comment": lambda n: "<p>a miracle</p>" + "<!--" * REPEAT * n,  # comments never closed
    "tag": lambda n: "<p>a miracle</p>" + "<a" * REPEAT * n,  # tags never closed
    "end-tag": lambda n: "<p>a miracle</p>" + "</" * REPEAT * n,
    "cdata": lambda n: "<p>a miracle</p>" + "<![CDATA[x" * REPEAT * n,
    "bogus-end": lambda n: "<p>a miracle</p>" + "</b x" * 10 * n,  # an end tag with attributes, never closed
    "quote": lambda n: "<p>a miracle</p>" + "<a href='x" * 10 * n,  # a quoted value never closed
    "quotes": lambda n: "<blockquote>" * n + "<p>x miracle</p>" * n,  # many paragraphs deep in quotes
    "inline": lambda n: "<p>" + "<b>x miracle " * n,  # inline elements never closed
    "open-links": lambda n: "<p>" + '<a href="https://example.org">x ' * n + "miracle</p>",  # links never closed
    "nested-lists": lambda n: "<ul><li>" + "<ul><li><b>" * n + "<li>x miracle" * n,  # items closing past inline tags
}


@pytest.mark.parametrize("make", PAGES.values(), ids=PAGES)
def test_doubling_an_html_page_roughly_doubles_the_time(make_rule: MakeRule, make: Callable[[int], str]) -> None:
    rules = [make_rule(id="t.miracle", kind="existence", phrases=["miracle"])]
    ratio = doubling_ratio(rules, make(1500), make(3000), path="a.html")
    assert ratio < 3.0, ratio
