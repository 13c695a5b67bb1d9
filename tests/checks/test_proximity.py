from __future__ import annotations

import pytest

from tests.conftest import MakeRule, matches

SAFE = {"kind": "proximity", "phrases": ["generally safe"], "unless": {"matchers": ["citation"]}}


@pytest.mark.parametrize(
    "text",
    [
        "It is generally safe [1].\n\n## References\n\n1. Smith A. A review. 2021.\n",
        "It is generally safe (Smith et al., 2021).\n",
        "It is generally safe[^1].\n\n[^1]: A review.\n",
        "It is [generally safe](https://example.org/review).\n",
        "It is generally safe, per doi:10.1000/xyz123.\n",
        "It is generally safe (PMID: 123456).\n",
        "Smith et al. (2019) found it generally safe.\n",
        "It is generally safe (Jones and Lee, 2020).\n",
    ],
)
def test_a_citation_in_the_sentence_clears(make_rule: MakeRule, text: str) -> None:
    assert matches(make_rule(**SAFE, window="sentence"), text) == []


def test_no_citation_fires(make_rule: MakeRule) -> None:
    assert matches(make_rule(**SAFE, window="sentence"), "It is generally safe. Really.\n") == ["generally safe"]


def test_sentence_windows_before_and_after(make_rule: MakeRule) -> None:
    after = make_rule(**SAFE, window={"after": 1})
    before = make_rule(**SAFE, window={"before": 1})
    text = "It is generally safe. See (Smith, 2020).\n"
    assert matches(after, text) == []
    assert matches(before, text) == ["generally safe"]
    assert matches(before, "See (Smith, 2020). It is generally safe.\n") == []


def test_sentence_windows_do_not_cross_headings(make_rule: MakeRule) -> None:
    rule = make_rule(**SAFE, window={"after": 3})
    assert matches(rule, "It is generally safe.\n\n# Sources\n\nSee [1].\n") == ["generally safe"]


def test_paragraph_section_and_document_windows(make_rule: MakeRule) -> None:
    text = "# A\n\nIt is generally safe.\n\nSee (Smith, 2020).\n\n# B\n\nAlso (Lee, 2021).\n"
    assert matches(make_rule(**SAFE, window="paragraph"), text) == ["generally safe"]
    assert matches(make_rule(**SAFE, window="section"), text) == []
    far = "# A\n\nIt is generally safe.\n\n# B\n\nSee (Lee, 2021).\n"
    assert matches(make_rule(**SAFE, window="section"), far) == ["generally safe"]
    assert matches(make_rule(**SAFE, window="document"), far) == []


def test_phrases_and_patterns_clear_too(make_rule: MakeRule) -> None:
    rule = make_rule(
        kind="proximity",
        patterns=[r"\btake \d+ ?mg\b"],
        unless={"phrases": ["talk to your doctor"], "patterns": [r"\bpharmacist\b"]},
        window="section",
    )
    assert matches(rule, "Take 5 mg daily. Talk to your doctor first.\n") == []
    assert matches(rule, "Take 5 mg daily. Ask a pharmacist.\n") == []
    assert matches(rule, "Take 5 mg daily.\n") == ["Take 5 mg"]


def test_link_matcher(make_rule: MakeRule) -> None:
    rule = make_rule(kind="proximity", phrases=["study"], unless={"matchers": ["link"]}, window="sentence")
    assert matches(rule, "A study (https://example.org) found it.\n") == []
    assert matches(rule, "A study [1] found it.\n") == ["study"]


def test_a_link_to_a_shop_is_not_a_citation(make_rule: MakeRule) -> None:
    rule = make_rule(**SAFE, window={"after": 1})
    assert matches(rule, "It is generally safe. [Buy it here](https://amzn.to/3xYz).\n") == ["generally safe"]
    assert matches(rule, "It is generally safe (https://example.com/item?tag=me-20).\n") == ["generally safe"]
    assert matches(rule, "It is generally safe. [The review](https://www.cochranelibrary.com/x).\n") == []
