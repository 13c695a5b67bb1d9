"""One problem, one finding (lint/overlap.py), through the engine with real rules."""

from __future__ import annotations

from lint.engine import lint_text
from lint.ruleset import bundled_packs, load_paths
from tests.conftest import MakeRule

TEXT = "Zinc cured her arthritis.\n"


def test_two_rules_of_one_category_on_one_span_give_the_more_severe_finding(make_rule: MakeRule) -> None:
    general = make_rule(id="test.general", kind="existence", phrases=["cured"], severity="warning")
    specific = make_rule(id="test.specific", kind="existence", phrases=["cured her arthritis"], severity="error")
    assert [f.rule for f in lint_text("a.md", TEXT, [general, specific])] == ["test.specific"]


def test_rules_of_different_categories_each_report(make_rule: MakeRule) -> None:
    cure = make_rule(id="test.cure", kind="existence", phrases=["cured"], category="absolute-claim")
    disease = make_rule(id="test.disease", kind="existence", phrases=["cured her arthritis"])
    assert sorted(f.rule for f in lint_text("a.md", TEXT, [cure, disease])) == ["test.cure", "test.disease"]


def test_a_rule_that_supersedes_another_replaces_its_overlapping_findings_only(make_rule: MakeRule) -> None:
    cure = make_rule(id="test.cure", kind="existence", phrases=["cured"], category="absolute-claim", severity="error")
    disease = make_rule(
        id="test.disease", kind="existence", phrases=["cured her arthritis"], supersedes=["test.cure"]
    )  # a warning: what it supersedes is gone whatever its severity
    text = TEXT + "\nThe ham was cured for a year.\n"
    found = [(f.rule, f.line) for f in lint_text("a.md", text, [cure, disease])]
    assert found == [("test.disease", 1), ("test.cure", 3)]


def test_a_finding_about_something_missing_is_never_merged(make_rule: MakeRule) -> None:
    dose = make_rule(id="test.dose", kind="existence", phrases=["cured"], severity="warning")
    disclaimer = make_rule(
        id="test.disclaimer", kind="required", severity="error",
        when={"phrases": ["cured"]}, require={"phrases": ["ask your doctor"]},
    )  # fmt: skip
    assert sorted(f.rule for f in lint_text("a.md", TEXT, [dose, disclaimer])) == ["test.disclaimer", "test.dose"]


def test_the_shipped_packs_supersede_only_rules_that_exist() -> None:
    rules = load_paths([pack.path for pack in bundled_packs().values()])
    ids = {rule.id for rule in rules}
    named = {name for rule in rules for name in rule.supersedes}
    assert named <= ids, named - ids
