from __future__ import annotations

from lint.checks.base import Author, Environment
from lint.checks.credential import find_author, name_tokens
from tests.conftest import MakeRule, findings

CLAIMS = {
    "kind": "credential",
    "claims": [
        r"(?P<credential>\bDr\.?)\s+(?P<name>\p{Lu}\w+(?:\s+\p{Lu}\w+)?)",
        r"(?P<name>\p{Lu}\w+ \p{Lu}\w+),\s*(?P<credential>MD|PhD|RN)\b",
        r"\bis an? (?:board-certified )?(?P<credential>neurologist|dietitian)\b",
    ],
    "implies": {"dr": ["MD", "DO", "PhD"]},
    "message": "{credential} for {name}: {reason}",
}
REGISTRY = Environment(
    authors=(
        Author("Priya Raman", ("P. Raman",), ("MD", "board-certified neurologist")),
        Author("Helen Cho", (), ("RD", "registered dietitian")),
    )
)


def test_without_a_registry_every_claim_is_unconfirmed(make_rule: MakeRule) -> None:
    (finding,) = findings(make_rule(**CLAIMS), "Written by Dr. Priya Raman.\n")
    assert finding.message == "Dr. for Priya Raman: no authors registry confirms it"


def test_registry_confirms_name_and_credential(make_rule: MakeRule) -> None:
    rule = make_rule(**CLAIMS)
    assert findings(rule, "Written by Dr. Priya Raman.\n", env=REGISTRY) == []
    assert findings(rule, "Priya Raman, MD, wrote this.\n", env=REGISTRY) == []
    assert findings(rule, "Dr. Raman reviewed it.\n", env=REGISTRY) == []


def test_unknown_person_or_credential_is_reported(make_rule: MakeRule) -> None:
    rule = make_rule(**CLAIMS)
    (unknown,) = findings(rule, "Written by Dr. Sam Smith.\n", env=REGISTRY)
    assert "Sam Smith is not in the authors registry" in unknown.message
    (wrong,) = findings(rule, "Helen Cho, MD, wrote this.\n", env=REGISTRY)
    assert "does not list MD for Helen Cho" in wrong.message


def test_the_author_field_names_the_person_when_the_claim_does_not(make_rule: MakeRule) -> None:
    rule = make_rule(**CLAIMS)
    text = "---\nauthor: Helen Cho\n---\nShe is a dietitian.\n"
    assert findings(rule, text, env=REGISTRY) == []
    other = "---\nauthor: Helen Cho\n---\nShe is a neurologist.\n"
    assert len(findings(rule, other, env=REGISTRY)) == 1


def test_names() -> None:
    assert name_tokens("Dr. Priya Raman, MD") == ("priya", "raman")
    assert name_tokens("Dr. Reynolds'") == ("reynolds",)
    authors = REGISTRY.authors
    assert find_author(authors, "P. Raman") is authors[0]
    assert find_author(authors, "Raman") is authors[0]
    assert find_author(authors, "Nobody") is None
