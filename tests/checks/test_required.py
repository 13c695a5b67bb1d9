from __future__ import annotations

from tests.conftest import MakeRule, findings

DISCLAIMER = {"phrases": ["not medical advice", "consult your doctor"]}


def test_always_required_gives_a_whole_document_finding(make_rule: MakeRule) -> None:
    rule = make_rule(kind="required", require=DISCLAIMER)
    (finding,) = findings(rule, "# Title\n\nSome text.\n")
    assert finding.match is None and (finding.line, finding.column) == (1, 1)
    assert findings(rule, "# Title\n\nThis is not medical advice.\n") == []


def test_an_empty_document_needs_nothing(make_rule: MakeRule) -> None:
    assert findings(make_rule(kind="required", require=DISCLAIMER), "") == []


def test_when_points_at_the_first_trigger(make_rule: MakeRule) -> None:
    rule = make_rule(kind="required", when={"patterns": [r"\btake \d+ ?mg\b"]}, require=DISCLAIMER)
    (finding,) = findings(rule, "Intro.\n\nTake 5 mg daily. Take 10 mg later.\n")
    assert (finding.line, finding.match) == (3, "Take 5 mg")
    assert findings(rule, "Intro only.\n") == []
    assert findings(rule, "Take 5 mg daily.\n\nConsult your doctor.\n") == []


def test_requirement_can_be_a_citation(make_rule: MakeRule) -> None:
    rule = make_rule(kind="required", require={"matchers": ["citation"]})
    assert findings(rule, "Text (Smith, 2020).\n") == []
    assert len(findings(rule, "Text.\n")) == 1


def test_report_document_makes_a_conditional_finding_whole_document(make_rule: MakeRule) -> None:
    rule = make_rule(kind="required", when={"patterns": [r"\btake \d+ ?mg\b"]}, require=DISCLAIMER, report="document")
    (finding,) = findings(rule, "Intro.\n\nTake 5 mg daily.\n")
    assert finding.match is None


def test_requirement_can_be_a_front_matter_field(make_rule: MakeRule) -> None:
    rule = make_rule(kind="required", require={"fields": ["disclaimer"], "phrases": ["not medical advice"]})
    assert findings(rule, "---\ndisclaimer: Not medical advice.\n---\nText.\n") == []
    assert len(findings(rule, "---\ndisclaimer: ''\n---\nText.\n")) == 1
