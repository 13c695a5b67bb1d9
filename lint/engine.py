"""The pure core: a Document and compiled rules in, findings out. No I/O, no printing."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from lint import suppress
from lint.checks import reports_absence
from lint.checks.base import Environment, Hit, interpolate, sentence_span, time_limit
from lint.finding import Finding, fingerprint
from lint.markup.document import Document
from lint.overlap import one_per_problem
from lint.prefilter import Prefilter
from lint.ruleset import Rule, prefilter_of

_CONTEXT = 500  # characters of a sentence either side of a match that identify a finding


@dataclass(frozen=True)
class Selection:
    """Which rules run on a file and at what severity (config plus per-file overrides)."""

    rules: tuple[Rule, ...]
    severity: Mapping[str, str]  # rule id -> severity
    matches: Callable[[str, str], bool]  # (rule id, name) -> whether the name covers the rule
    known: Callable[[str], bool]
    shared_prefilter: Prefilter | None = None  # the loaded rule set's (`RuleSet.prefilter`), if these are of one

    @cached_property
    def key(self) -> str:
        """Identifies what this selection reports: its rules and their severities."""
        return repr(sorted((rule.id, self.severity.get(rule.id, rule.severity)) for rule in self.rules))

    @cached_property
    def supersedes(self) -> dict[str, frozenset[str]]:
        return {rule.id: rule.supersedes for rule in self.rules if rule.supersedes}

    @cached_property
    def absence(self) -> frozenset[str]:
        return frozenset(rule.id for rule in self.rules if reports_absence(rule.kind))

    @cached_property
    def order(self) -> dict[str, int]:
        return {rule.id: index for index, rule in enumerate(self.rules)}

    @cached_property
    def prefilter(self) -> Prefilter:
        return self.shared_prefilter if self.shared_prefilter is not None else prefilter_of(self.rules)


@dataclass(frozen=True)
class Result:
    findings: list[Finding]
    errors: list[str]  # rule failures (e.g. a pattern timed out), one line each


def lint_document(doc: Document, selection: Selection, env: Environment) -> Result:
    if not doc.has_prose:
        return Result([], [])  # not an article: no missing date, author or disclaimer to report
    findings: list[Finding] = []
    errors: list[str] = []
    doc.focus = selection.prefilter.focus(doc)
    for rule in selection.rules:
        trigger = rule.check.trigger
        if trigger is not None and trigger.ruled_out(doc):
            continue
        try:
            with time_limit(len(doc.masked)):  # one deadline for all of the rule's patterns on this document
                if (rule.gate is not None and not rule.gate.open(doc)) or (
                    rule.genres is not None and not rule.genres.applies(doc)
                ):
                    continue
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
    findings = one_per_problem(set(findings), selection.supersedes, selection.order, selection.absence)
    return Result(sorted(findings, key=Finding.sort_key), errors)


def to_finding(doc: Document, rule: Rule, hit: Hit, severity: str) -> Finding:
    if hit.start is None or hit.end is None:  # the whole document
        start = end = 0
        line = column = end_line = end_column = 1
        shown, sentence, match = "", "", None
    else:  # a hit is in view offsets (unless it says otherwise); the finding points at the source
        view = (doc.origin.to_view(hit.start), doc.origin.to_view(hit.end)) if hit.in_source else (hit.start, hit.end)
        start, end = (hit.start, hit.end) if hit.in_source else doc.source_span(*view)
        line, column = doc.lines.position(start)
        end_line, end_column = doc.lines.position(end)
        shown = " ".join((doc.source[start:end] if hit.in_source else doc.masked[slice(*view)]).split())
        if not shown:  # a link's target, which the masked text blanks out: show the URL itself
            shown = " ".join(doc.plain[slice(*view)].split())
        sentence_start, sentence_end = sentence_span(doc, view[0])
        # a runaway "sentence" (megabytes without a full stop) is cut to the text around the
        # match: each finding's cost stays bounded, and real sentences are whole
        sentence = doc.masked[max(sentence_start, view[0] - _CONTEXT) : min(sentence_end, view[1] + _CONTEXT)]
        match = doc.source[start:end]
    message = interpolate(rule.message, {"match": shown, **hit.values})
    return Finding(
        path=doc.path, line=line, column=column, end_line=end_line, end_column=end_column, rule=rule.id,
        category=rule.category, severity=severity, message=message, match=match, hint=rule.hint, fix=hit.fix,
        source=rule.source, start=start, end=end,
        fingerprint=fingerprint(doc.path, rule.id, shown, sentence or message),
    )  # fmt: skip


def lint_text(path: str, text: str, rules: Iterable[Rule], env: Environment | None = None) -> list[Finding]:
    """Lint one text with the given rules at their own severities (examples, tests, API use)."""
    from lint.markup import parse

    rule_list = tuple(rules)
    ids = {r.id for r in rule_list}
    selection = Selection(rule_list, {}, lambda rule_id, name: rule_id == name, lambda name: name in ids)
    return lint_document(parse(path, text), selection, env or Environment()).findings
