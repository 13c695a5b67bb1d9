"""The bundled rule packs: they load, every example behaves, and the docs match the YAML."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from lint.examples import run_examples
from lint.explain import reference
from lint.ruleset import Rule, bundled_packs, load_paths, shipped_language

ROOT = Path(__file__).resolve().parent.parent
PACKS = bundled_packs()
RULES = load_paths([pack.path for pack in PACKS.values()])


def test_the_packs_of_the_recommended_set() -> None:
    assert set(PACKS) >= {
        "claims-evidence", "supplements-fda", "endorsements-ftc", "dosage-medical-advice", "author-credentials",
        "transparency-currency", "safe-messaging", "stigmatizing-language", "controlled-substances",
    }  # fmt: skip
    assert all(pack.recommended and pack.title and pack.description for pack in PACKS.values())


def test_at_least_fifty_rules() -> None:
    assert len(RULES) >= 50, Counter(r.pack for r in RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_examples(rule: Rule) -> None:
    failures = [str(f) for f in run_examples(rule)]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_carries_its_evidence(rule: Rule) -> None:
    assert rule.source_url.startswith("https://"), rule.source_url
    assert len(rule.bad_examples) >= 2 and len(rule.good_examples) >= 2
    assert rule.id.split(".")[0] and "." in rule.id
    assert len(rule.docs.split()) >= 8, "docs should say why the rule matters"


def test_rules_reference_is_up_to_date() -> None:
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    regenerate = "regenerate with: healthlint rules --no-config --docs > docs/rules.md"
    assert current == reference(RULES, shipped_language()), regenerate


def test_the_errors_named_by_the_severity_scale_are_errors() -> None:
    """docs/severity.md names the rules that stop publication; they must say so in their YAML."""
    page = (ROOT / "docs" / "severity.md").read_text(encoding="utf-8")
    errors = page[page.index("## The bundled packs under this scale") :].split("were lowered")[0]
    named = set(re.findall(r"`([a-z-]+\.[a-z-]+)`", errors))
    severity = {rule.id: rule.severity for rule in RULES}
    assert len(named) >= 10
    assert {name: severity.get(name) for name in named} == dict.fromkeys(named, "error")


def test_an_affiliate_link_is_named_in_the_message_and_a_regulator_is_no_disclosure() -> None:
    from lint.engine import lint_text

    affiliate = [rule for rule in RULES if rule.id == "endorsements.affiliate-link-undisclosed"]
    page = "# Best zinc\n\nThe Federal Trade Commission polices such pages.\n\nBuy [Zinc One](https://amzn.to/9zz).\n"
    (finding,) = lint_text("a.md", page, affiliate)
    assert "('https://amzn.to/9zz')" in finding.message and finding.match == "https://amzn.to/9zz"
    disclosed = page.replace("The Federal Trade Commission polices such pages.", "We earn a commission on sales.")
    assert lint_text("a.md", disclosed, affiliate) == []
