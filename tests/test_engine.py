from __future__ import annotations

import pytest

from lint.checks import base
from lint.checks.base import Environment
from lint.engine import Selection, lint_document
from lint.markup import parse
from tests.conftest import MakeRule


def test_a_catastrophic_pattern_is_stopped_and_other_rules_still_run(
    make_rule: MakeRule, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(base, "PATTERN_TIMEOUT_SECONDS", 0.2)
    slow = make_rule(id="test.slow", kind="existence", patterns=["(a+)+$"])
    fine = make_rule(id="test.fine", kind="existence", phrases=["miracle"])
    ids = {"test.slow", "test.fine"}
    selection = Selection((slow, fine), {}, lambda r, n: r == n, lambda n: n in ids)
    doc = parse("long.md", "A miracle " + "a" * 20_000 + "b\n")
    result = lint_document(doc, selection, Environment())
    assert [f.rule for f in result.findings] == ["test.fine"]
    (error,) = result.errors
    assert error.startswith("long.md: rule test.slow: a pattern took too long") and "rule0.yaml:1" in error


def test_severity_override_and_sorting(make_rule: MakeRule) -> None:
    first = make_rule(id="test.b", kind="existence", phrases=["cure"])
    second = make_rule(id="test.a", kind="existence", phrases=["cure", "miracle"], category="absolute-claim")
    selection = Selection((first, second), {"test.b": "error"}, lambda r, n: r == n, lambda n: True)
    result = lint_document(parse("a.md", "A miracle cure.\n"), selection, Environment())
    assert [(f.column, f.rule, f.severity) for f in result.findings] == [
        (3, "test.a", "warning"),
        (11, "test.a", "warning"),
        (11, "test.b", "error"),
    ]
