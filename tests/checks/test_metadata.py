from __future__ import annotations

import datetime

import pytest

from lint.checks.base import Environment
from lint.checks.metadata import parse_date
from tests.conftest import MakeRule, findings

TODAY = Environment(today=datetime.date(2026, 11, 25))
DATE_RULE = {
    "kind": "metadata",
    "fields": ["last_reviewed", "date"],
    "max_age": "24 months",
    "message": "{field}: {problem}",
}


def test_missing_field_is_a_whole_document_finding(make_rule: MakeRule) -> None:
    (finding,) = findings(make_rule(**DATE_RULE), "# Title\n\nText.\n", env=TODAY)
    assert finding.match is None


def test_recent_date_passes_and_old_date_points_at_the_value(make_rule: MakeRule) -> None:
    rule = make_rule(**DATE_RULE)
    assert findings(rule, "---\ndate: 2026-01-02\n---\nText.\n", env=TODAY) == []
    (old,) = findings(rule, "---\ntitle: T\nlast_reviewed: 2021-03-04\n---\nText.\n", env=TODAY)
    assert (old.line, old.column, old.match) == (3, 16, "2021-03-04")
    assert "5.7 years old" in old.message


def test_first_listed_field_wins(make_rule: MakeRule) -> None:
    rule = make_rule(**DATE_RULE)
    text = "---\ndate: 2015-01-01\nlast_reviewed: 2026-06-01\n---\nText.\n"
    assert findings(rule, text, env=TODAY) == []


def test_not_a_date(make_rule: MakeRule) -> None:
    (finding,) = findings(make_rule(**DATE_RULE), "---\ndate: someday\n---\nText.\n", env=TODAY)
    assert finding.message == "date: is not a date"


def test_pattern(make_rule: MakeRule) -> None:
    rule = make_rule(kind="metadata", fields=["doi"], pattern=r"10\.\d{4,9}/\S+", message="{value} {problem}")
    assert findings(rule, "---\ndoi: 10.1000/abc\n---\nText.\n") == []
    (bad,) = findings(rule, "---\ndoi: nope\n---\nText.\n")
    assert bad.message == "nope does not have the expected format"


def test_optional_field(make_rule: MakeRule) -> None:
    rule = make_rule(kind="metadata", fields=["updated"], required=False, max_age="1 year")
    assert findings(rule, "Text.\n", env=TODAY) == []
    assert len(findings(rule, "---\nupdated: 2020-01-01\n---\nText.\n", env=TODAY)) == 1


def test_text_patterns_count_as_the_field_and_their_date_is_checked(make_rule: MakeRule) -> None:
    rule = make_rule(**DATE_RULE, text_patterns=[r"last reviewed:?\s+(?P<date>\w+ \d{1,2}, \d{4})"])
    assert findings(rule, "Text.\n\nLast reviewed: March 3, 2026\n", "a.txt", env=TODAY) == []
    (old,) = findings(rule, "Text.\n\nLast reviewed: March 3, 2019\n", "a.txt", env=TODAY)
    assert old.match == "March 3, 2019"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-06", datetime.date(2024, 5, 6)),
        ("May 6, 2024", datetime.date(2024, 5, 6)),
        ("6 May 2024", datetime.date(2024, 5, 6)),
        ("Sept. 6th, 2024", None),
        ("Sep 6th, 2024", datetime.date(2024, 9, 6)),
        ("2024-05-06T10:00:00Z", datetime.date(2024, 5, 6)),
        (datetime.date(2020, 1, 1), datetime.date(2020, 1, 1)),
        ("soon", None),
    ],
)
def test_parse_date(value: object, expected: datetime.date | None) -> None:
    assert parse_date(value) == expected
