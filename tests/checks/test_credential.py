from __future__ import annotations

from lint.checks.base import Author, Environment
from lint.checks.credential import PERSON, find_author, identity_problem, name_tokens, with_person
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


BYLINES = {
    **CLAIMS,
    "bylines": [
        r"^(?P<credential>Dr\.?)\s+(?P<name>[^,]+?)\s*(?:,|$)",
        r"^(?P<name>[^,]+?),\s*(?P<credential>MD|RN|physiotherapist)\b",
    ],
}


def test_without_a_registry_a_full_name_is_left_to_the_reader(make_rule: MakeRule) -> None:
    rule = make_rule(**CLAIMS)
    assert findings(rule, "Written by Dr. Priya Raman.\n") == []
    assert findings(rule, "---\nauthor: Helen Cho\n---\nShe is a dietitian.\n") == []


def test_without_a_registry_a_claim_nobody_can_be_found_for_is_reported(make_rule: MakeRule) -> None:
    rule = make_rule(**CLAIMS)
    (unnamed,) = findings(rule, "As a writer who is a neurologist, I see this often.\n")
    assert unnamed.message == "neurologist for the author: no author is named, so readers cannot check it"
    (placeholder,) = findings(rule, "---\nauthor: Admin\n---\nThe editor is a dietitian.\n")
    assert "'Admin' is a placeholder" in placeholder.message
    (one_name,) = findings(rule, "---\nauthor: Sarah\n---\nShe is a dietitian.\n")
    assert "'Sarah' is one name only" in one_name.message


def test_a_by_line_at_the_top_names_the_author(make_rule: MakeRule) -> None:
    rule = make_rule(**CLAIMS)
    assert findings(rule, "By Helen Cho\n\nShe is a dietitian.\n") == []
    (finding,) = findings(rule, "*By admin*\n\nShe is a dietitian.\n")
    assert "'admin' is a placeholder" in finding.message
    (prose,) = findings(rule, "By the time you read this, she is a dietitian.\n")
    assert "no author is named" in prose.message


def test_identity_problem() -> None:
    assert identity_problem("Jane Park, RD") == ""
    assert identity_problem("Dr. Ana M. Ruiz") == ""
    assert "one name only" in identity_problem("Dr. Mia")
    assert "placeholder" in identity_problem("Editorial Team")
    assert "placeholder" in identity_problem("The Editors")
    assert "no author is named" in identity_problem("")


def test_a_front_matter_byline_is_checked_and_points_at_its_value(make_rule: MakeRule) -> None:
    rule = make_rule(**BYLINES)
    text = "---\ntitle: Knees\nauthor: Dr. Mia, physiotherapist\n---\nRest helps.\n"
    (finding,) = findings(rule, text)
    assert (finding.line, finding.column, finding.match) == (3, 9, "Dr. Mia,")
    assert "'Mia' is one name only" in finding.message
    assert findings(rule, "---\nauthor: Dr. Priya Raman, physiotherapist\n---\nRest helps.\n") == []
    (reviewer,) = findings(rule, '---\nreviewed_by: ["Jo, RN"]\n---\nRest helps.\n')
    assert reviewer.line == 2


def test_html_meta_and_json_ld_bylines_are_checked(make_rule: MakeRule) -> None:
    rule = make_rule(**BYLINES)
    meta = '<html><head><meta name="author" content="Sarah, RN"></head><body><p>Rest helps.</p></body></html>'
    (finding,) = findings(rule, meta, path="a.html")
    assert (finding.line, finding.column, finding.match) == (1, 42, "Sarah, RN")
    ld = (
        '<html><head><script type="application/ld+json">{"@type": "Article", "author": '
        '{"@type": "Person", "name": "Dr. Mia"}}</script></head><body><p>Rest helps.</p></body></html>'
    )
    (finding,) = findings(rule, ld, path="a.html")
    assert finding.match == "Dr. Mia"
    assert ld[finding.column - 1 :].startswith("Dr. Mia")


def test_a_byline_is_checked_against_the_registry(make_rule: MakeRule) -> None:
    rule = make_rule(**BYLINES)
    assert findings(rule, "---\nauthor: Dr. Priya Raman\n---\nRest helps.\n", env=REGISTRY) == []
    (finding,) = findings(rule, "---\nauthor: Helen Cho, MD\n---\nRest helps.\n", env=REGISTRY)
    assert "does not list MD for Helen Cho" in finding.message


def test_a_byline_the_text_repeats_is_reported_once(make_rule: MakeRule) -> None:
    rule = make_rule(**BYLINES)
    text = "---\nauthor: Dr. Sam Smith\n---\nWritten by Dr. Sam Smith.\n"
    (finding,) = findings(rule, text, env=REGISTRY)
    assert finding.line == 4


def test_person_is_one_named_piece(make_rule: MakeRule) -> None:
    assert with_person(r"Dr\.\s+(?P<name>(?&person))") == r"Dr\.\s+(?P<name>" + PERSON + ")"
    rule = make_rule(**{**CLAIMS, "claims": [r"(?P<credential>Prof\.)\s+(?P<name>(?&person))"]})
    (finding,) = findings(rule, "Prof. Sean O'Neill wrote it.\n", env=REGISTRY)
    assert finding.match == "Prof. Sean O'Neill"


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


ONE_NAME = {**CLAIMS, "claims": [r"(?P<credential>\b(?:Dr|Nurse)\b\.?)\s+(?P<name>\p{Lu}\p{Ll}+)(?!\s+\p{Lu})"]}


def test_one_name_is_reported_unless_the_text_names_the_person_in_full(make_rule: MakeRule) -> None:
    rule = make_rule(**ONE_NAME)
    (finding,) = findings(rule, "Dr. Sarah recommends the tea.\n")
    assert "'Sarah' is one name only" in finding.message
    assert findings(rule, "Sarah Lind is a nurse. Dr. Lind recommends the tea.\n") == []
    # a title is no given name: "Nurse Amy" does not name Amy in full
    assert len(findings(rule, "Nurse Amy answers every question.\n")) == 1


def test_a_surname_named_in_full_elsewhere_is_checked_there_not_again(make_rule: MakeRule) -> None:
    rule = make_rule(**ONE_NAME)
    assert findings(rule, "Sam Smith wrote this. Dr. Smith is a surgeon.\n", env=REGISTRY) == []
    (finding,) = findings(rule, "Dr. Smith is a surgeon.\n", env=REGISTRY)
    assert "Smith is not in the authors registry" in finding.message


def test_a_json_ld_reviewer_is_a_byline(make_rule: MakeRule) -> None:
    page = (
        '<html><head><script type="application/ld+json">{"@type": "MedicalWebPage", "reviewedBy": '
        '{"@type": "Person", "name": "Dr. Mia"}}</script></head><body><p>Rest helps.</p></body></html>'
    )
    (finding,) = findings(make_rule(**BYLINES), page, path="a.html")
    assert finding.match == "Dr. Mia"
