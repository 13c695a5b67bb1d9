"""The pure core: a Document and compiled rules in, findings out. No I/O, no printing."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from lint import suppress
from lint.checks.base import Environment, Hit, interpolate
from lint.finding import Finding
from lint.markup.document import Document
from lint.ruleset import Rule


@dataclass(frozen=True)
class Selection:
    """Which rules run on a file and at what severity (config plus per-file overrides)."""

    rules: tuple[Rule, ...]
    severity: Mapping[str, str]  # rule id -> severity
    matches: Callable[[str, str], bool]  # (rule id, name) -> whether the name covers the rule
    known: Callable[[str], bool]


@dataclass(frozen=True)
class Result:
    findings: list[Finding]
    errors: list[str]  # rule failures (e.g. a pattern timed out), one line each


def lint_document(doc: Document, selection: Selection, env: Environment) -> Result:
    findings: list[Finding] = []
    errors: list[str] = []
    for rule in selection.rules:
        try:
            hits = list(rule.check.run(doc, env))
        except TimeoutError:
            errors.append(
                f"{doc.path}: rule {rule.id}: a pattern took too long and was stopped; "
                f"the rule was skipped for this file ({rule.path}:{rule.line})"
            )
            continue
        severity = selection.severity.get(rule.id, rule.severity)
        findings.extend(to_finding(doc, rule, hit, severity) for hit in hits)
    active_ids = {rule.id for rule in selection.rules}

    def active(name: str) -> bool:
        return any(selection.matches(rule_id, name) for rule_id in active_ids)

    findings = suppress.apply(doc, findings, selection.matches, selection.known, active)
    return Result(sorted(set(findings), key=Finding.sort_key), errors)


def to_finding(doc: Document, rule: Rule, hit: Hit, severity: str) -> Finding:
    if hit.start is None or hit.end is None:
        values = {"match": "", **hit.values}
        return Finding(
            doc.path,
            1,
            1,
            1,
            1,
            rule.id,
            rule.category,
            severity,
            interpolate(rule.message, values),
            None,
            rule.hint,
            hit.fix,
            rule.source,
            0,
            0,
        )
    line, column = doc.lines.position(hit.start)
    end_line, end_column = doc.lines.position(hit.end)
    shown = " ".join(doc.masked[hit.start : hit.end].split())
    message = interpolate(rule.message, {"match": shown, **hit.values})
    return Finding(
        doc.path,
        line,
        column,
        end_line,
        end_column,
        rule.id,
        rule.category,
        severity,
        message,
        doc.source[hit.start : hit.end],
        rule.hint,
        hit.fix,
        rule.source,
        hit.start,
        hit.end,
    )


def lint_text(path: str, text: str, rules: Iterable[Rule], env: Environment | None = None) -> list[Finding]:
    """Lint one text with the given rules at their own severities (examples, tests, API use)."""
    from lint.markup import parse

    rule_list = tuple(rules)
    ids = {r.id for r in rule_list}
    selection = Selection(rule_list, {}, lambda rule_id, name: rule_id == name, lambda name: name in ids)
    return lint_document(parse(path, text), selection, env or Environment()).findings
