"""The bundled rule packs: they load, every example behaves, and the docs match the YAML."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from lint.examples import run_examples
from lint.explain import reference
from lint.ruleset import Rule, bundled_packs, load_paths

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
    assert current == reference(RULES), "regenerate with: healthlint rules --no-config --docs > docs/rules.md"
