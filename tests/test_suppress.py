from __future__ import annotations

from lint.checks.base import Environment
from lint.engine import Selection, lint_document
from lint.markup import parse
from lint.ruleset import Rule
from lint.suppress import UNKNOWN_RULE, UNUSED
from tests.conftest import MakeRule


def run(rules: list[Rule], text: str, path: str = "a.md") -> list[tuple[int, str]]:
    ids = {r.id for r in rules}
    selection = Selection(tuple(rules), {}, lambda rule_id, name: rule_id == name, lambda name: name in ids)
    result = lint_document(parse(path, text), selection, Environment())
    return [(f.line, f.rule) for f in result.findings]


def miracle(make_rule: MakeRule, rule_id: str = "test.miracle") -> Rule:
    return make_rule(id=rule_id, kind="existence", phrases=["miracle"])


def test_disable_and_enable_block(make_rule: MakeRule) -> None:
    rule = miracle(make_rule)
    text = (
        "A miracle.\n\n<!-- healthlint-disable test.miracle -- quoting the ad -->\n\n"
        "A miracle.\n\n<!-- healthlint-enable -->\n\nA miracle.\n"
    )
    assert run([rule], text) == [(1, "test.miracle"), (9, "test.miracle")]


def test_disable_without_names_covers_every_rule(make_rule: MakeRule) -> None:
    text = "<!-- healthlint-disable -->\n\nA miracle.\n"
    assert run([miracle(make_rule)], text) == []


def test_disable_next_line(make_rule: MakeRule) -> None:
    rule = miracle(make_rule)
    text = "<!-- healthlint-disable-next-line test.miracle -- reason -->\nA miracle.\n\nA miracle.\n"
    assert run([rule], text) == [(4, "test.miracle")]


def test_disable_next_line_skips_blank_lines(make_rule: MakeRule) -> None:
    text = "<!-- healthlint-disable-next-line test.miracle -->\n\nA miracle.\n"
    assert run([miracle(make_rule)], text) == []


def test_only_the_named_rule_is_suppressed(make_rule: MakeRule) -> None:
    first, second = miracle(make_rule), miracle(make_rule, "test.other")
    text = "<!-- healthlint-disable-next-line test.other -->\nA miracle.\n"
    assert run([first, second], text) == [(2, "test.miracle")]


def test_unknown_rule_in_a_directive_is_reported(make_rule: MakeRule) -> None:
    text = "<!-- healthlint-disable-next-line test.nope -->\nA miracle.\n"
    assert run([miracle(make_rule)], text) == [(1, UNKNOWN_RULE), (2, "test.miracle")]


def test_a_directive_that_suppresses_nothing_is_reported(make_rule: MakeRule) -> None:
    text = "<!-- healthlint-disable-next-line test.miracle -->\nNothing here.\n"
    assert run([miracle(make_rule)], text) == [(1, UNUSED)]


def test_directives_in_code_are_ignored(make_rule: MakeRule) -> None:
    text = "```\n<!-- healthlint-disable -->\n```\n\nA miracle.\n"
    assert run([miracle(make_rule)], text) == [(5, "test.miracle")]


def test_plain_text_directives(make_rule: MakeRule) -> None:
    text = "<!-- healthlint-disable-next-line test.miracle -->\nA miracle.\n"
    assert run([miracle(make_rule)], text, "a.txt") == []


def test_whole_document_findings_are_suppressed_by_a_block_directive(make_rule: MakeRule) -> None:
    rule = make_rule(id="test.disclaimer", kind="required", require={"phrases": ["not medical advice"]})
    assert run([rule], "Text.\n") == [(1, "test.disclaimer")]
    assert run([rule], "<!-- healthlint-disable test.disclaimer -- news item -->\nText.\n") == []


def test_a_reason_of_spaces_still_makes_a_directive(make_rule: MakeRule) -> None:
    text = "<!-- healthlint-disable-next-line test.miracle -- " + " " * 5000 + "quoted -->\nA miracle.\n"
    assert run([miracle(make_rule)], text) == []


def test_a_directive_needs_its_own_closing(make_rule: MakeRule) -> None:
    # "--->" closes the comment, but the names end at its first "--": not a directive
    assert run([miracle(make_rule)], "<!-- healthlint-disable test.miracle--->\nA miracle.\n") == [(2, "test.miracle")]


def test_unknown_names_of_one_directive_are_one_finding(make_rule: MakeRule) -> None:
    rule = miracle(make_rule)
    ids = {rule.id}
    selection = Selection((rule,), {}, lambda rule_id, name: rule_id == name, lambda name: name in ids)
    text = "<!-- healthlint-disable-next-line test.nope test.miracle other.nope test.nope -->\nA miracle.\n"
    result = lint_document(parse("a.md", text), selection, Environment())
    assert [(f.rule, f.message) for f in result.findings] == [
        (UNKNOWN_RULE, "Suppression names an unknown rule, pack or category: 'test.nope', 'other.nope'.")
    ]
