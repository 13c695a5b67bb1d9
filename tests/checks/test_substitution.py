from __future__ import annotations

from lint.checks.substitution import match_case
from tests.conftest import MakeRule, findings


def test_substitution_suggests_and_fixes(make_rule: MakeRule) -> None:
    rule = make_rule(
        kind="substitution",
        swap={"committed suicide": "died by suicide", "committed": "unused"},
        message="Say '{suggestion}' rather than '{match}'.",
    )
    (finding,) = findings(rule, "He committed suicide in 2019.\n")
    assert finding.match == "committed suicide"
    assert finding.fix == "died by suicide"
    assert finding.message == "Say 'died by suicide' rather than 'committed suicide'."


def test_fix_keeps_the_capitalisation(make_rule: MakeRule) -> None:
    rule = make_rule(kind="substitution", swap={"suffers from": "has"})
    assert [f.fix for f in findings(rule, "Suffers from it. She suffers from it. SUFFERS FROM.\n")] == [
        "Has",
        "has",
        "HAS",
    ]


def test_match_case() -> None:
    assert match_case("Addict", "person with a substance use disorder") == "Person with a substance use disorder"
    assert match_case("addict", "person") == "person"
    assert match_case("A", "b") == "B"
    assert match_case("Commits Suicide", "died by suicide") == "Died by Suicide"
    assert match_case("Committed suicide", "died by suicide") == "Died by suicide"
