"""A writer must not hide a claim from the gate: every disguise below still reads "generally
safe" to a person, and healthlint reports the claim at its exact source span.

Each case: the file type, the text as written, and the span the claim must be reported at.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from lint.config import Config
from lint.engine import lint_text
from lint.ruleset import Rule
from lint.selecting import load_rules
from tests.conftest import MakeRule
from tests.test_robustness import _ratio as doubling_ratio


@pytest.fixture(scope="module")
def rules() -> list[Rule]:
    """The shipped packs, as a user runs them."""
    return list(load_rules(Config()))


CLAIM = "claims.safety-without-evidence"

DISGUISES = [
    # (format, source line, the exact source span of the claim)
    ("md", "Kratom is generally&nbsp;safe.", "generally&nbsp;safe"),
    ("md", "Kratom is gener&#97;lly safe.", "gener&#97;lly safe"),
    ("md", "Kratom is gener&#x61;lly safe.", "gener&#x61;lly safe"),
    ("md", "Kratom is gener&shy;ally safe.", "gener&shy;ally safe"),
    ("md", "Kratom is gener**ally** safe.", "gener**ally** safe"),
    ("md", "Kratom is gener*ally* safe.", "gener*ally* safe"),
    ("md", "Kratom is gener<span>ally</span> safe.", "gener<span>ally</span> safe"),
    ("md", "Kratom is gener<!-- -->ally safe.", "gener<!-- -->ally safe"),
    ("md", "Kratom is gener<wbr>ally safe.", "gener<wbr>ally safe"),
    ("md", "Kratom is generally<br>safe.", "generally<br>safe"),
    ("md", "Kratom is gener\u200bally safe.", "gener\u200bally safe"),
    ("md", "Kratom is gener\u200dally safe.", "gener\u200dally safe"),
    ("md", "Kratom is gener\u200cally safe.", "gener\u200cally safe"),
    ("md", "Kratom is gener\u2060ally safe.", "gener\u2060ally safe"),
    ("md", "Kratom is gener\ufeffally safe.", "gener\ufeffally safe"),
    ("md", "Kratom is gener\u00adally safe.", "gener\u00adally safe"),
    ("md", "Kratom is generаlly sаfe.", "generаlly sаfe"),  # Cyrillic а twice
    ("md", "Kratom is gеnеrаlly ѕаfе.", "gеnеrаlly ѕаfе"),  # Cyrillic е, а, ѕ
    ("txt", "Kratom is gener\u200ball\u00ady safe.", "gener\u200ball\u00ady safe"),
    ("txt", "Kratom is generally\u00a0safe.", "generally\u00a0safe"),
    ("html", "<p>Kratom is generally&nbsp;safe.</p>", "generally&nbsp;safe"),
    ("html", "<p>Kratom is gener&#97;lly safe.</p>", "gener&#97;lly safe"),
    ("html", "<p>Kratom is gener&shy;ally safe.</p>", "gener&shy;ally safe"),
    ("html", "<p>Kratom is gener<span>ally</span> safe.</p>", "gener<span>ally</span> safe"),
    ("html", "<p>Kratom is gener<b>ally</b> safe.</p>", "gener<b>ally</b> safe"),
    ("html", "<p>Kratom is gener<!-- -->ally safe.</p>", "gener<!-- -->ally safe"),
    ("html", "<p>Kratom is gener<wbr>ally safe.</p>", "gener<wbr>ally safe"),
    ("html", "<p>Kratom is generally<br>safe.</p>", "generally<br>safe"),
    ("html", "<p>Kratom is gener\u200bally s\u0430fe.</p>", "gener\u200bally s\u0430fe"),
]


@pytest.mark.parametrize(("suffix", "line", "span"), DISGUISES)
def test_a_disguised_claim_is_found_at_its_exact_span(rules: list[Rule], suffix: str, line: str, span: str) -> None:
    text = f"# Kratom\n\n{line}\n" if suffix != "html" else f"<html><body><h1>Kratom</h1>{line}</body></html>\n"
    findings = [f for f in lint_text(f"a.{suffix}", text, rules) if f.rule == CLAIM]
    assert [f.match for f in findings] == [span]
    (finding,) = findings
    assert text[finding.start : finding.end] == span
    line_text = text.splitlines()[finding.line - 1]
    assert line_text[finding.column - 1 :].startswith(span)


@pytest.mark.parametrize(
    ("suffix", "text", "rule", "span"),
    [
        ("md", "Kratom is gener\u200bally safe.\n", "integrity.invisible-characters", "\u200b"),
        ("md", "Kratom is generally s\u0430fe.\n", "integrity.mixed-script-word", "s\u0430fe"),
        ("txt", "Our tea: \u202eefas yllareneg\u202c for kids.\n", "integrity.bidi-override",
         "\u202eefas yllareneg\u202c"),
    ],
)  # fmt: skip
def test_the_disguise_itself_is_reported(rules: list[Rule], suffix: str, text: str, rule: str, span: str) -> None:
    assert [f.match for f in lint_text(f"a.{suffix}", text, rules) if f.rule == rule] == [span]


def test_ordinary_non_latin_text_and_science_are_not_disguises(rules: list[Rule]) -> None:
    text = "# Folate\n\nTake 400 μg of folic acid; β-carotene is a precursor. In Russian, health is здоровье.\n"
    assert [f.rule for f in lint_text("a.md", text, rules) if f.rule.startswith("integrity.")] == []


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "gen**er**ally s&#97;fe " * 20 * n,  # marks to drop everywhere
        lambda n: "s\u0430fe w\u043erd " * 20 * n,  # mixed-script words everywhere
        lambda n: "a" * 5000 * n + " \u0430\n",  # one huge word, one foreign letter elsewhere
        lambda n: "x " + "*" * 2000 * n + "y",  # a run of emphasis delimiters that is not all markup
        lambda n: "x " + "<!---->" * 200 * n + "y\n",  # a gap of many comments
        lambda n: "gen\u200ber\u00adally " * 20 * n,  # invisible characters inside every word
    ],
    ids=["marks", "mixed-script", "huge-word", "delimiters", "comments", "invisible"],
)
def test_reading_through_disguises_costs_linear_time(make_rule: MakeRule, make: Callable[[int], str]) -> None:
    rules = [make_rule(id="t.safe", kind="existence", phrases=["generally safe"])]
    ratio = doubling_ratio(rules, make(100), make(200))
    assert ratio < 3.0, ratio


def test_a_claim_in_an_html_block_inside_markdown_is_found(rules: list[Rule]) -> None:
    text = '# Kratom\n\n<div class="callout">\n<p>Kratom is <em>generally</em> safe.</p>\n</div>\n'
    findings = [f for f in lint_text("a.md", text, rules) if f.rule == CLAIM]
    assert [f.match for f in findings] == ["generally</em> safe"]
