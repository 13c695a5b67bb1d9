"""Inline suppression in articles, applied after the checks as a filter over findings.

    <!-- healthlint-disable claims.generally-safe, claims-evidence -- quoted from the label -->
    ...
    <!-- healthlint-enable -->
    <!-- healthlint-disable-next-line claims.cure -- reason -->

Names are rule ids, packs or categories; no names means every rule. A directive naming
something unknown, or one that suppressed nothing, is itself reported.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from lint.finding import Finding, fingerprint
from lint.markup.document import Document

UNKNOWN_RULE = "healthlint.unknown-suppression"
UNUSED = "healthlint.unused-suppression"
_SOURCE = "healthlint documentation: inline suppression <https://github.com/healthlint/healthlint#suppression>"

# Names run to the first "--"; a reason may follow. The reason is matched greedily: a lazy
# reason followed by `\s*-->` rescanned a run of spaces from each of its positions (quadratic).
_DIRECTIVE = re.compile(
    r"<!--\s*healthlint-(disable-next-line|disable|enable)\b([^-]*(?:-(?!-)[^-]*)*)(?:--.*)?-->",
    re.DOTALL,
)


@dataclass
class Directive:
    action: str  # disable | enable | disable-next-line
    names: tuple[str, ...]
    start: int
    end: int
    covers: tuple[int, int] = (0, 0)  # source span the directive suppresses
    used: set[str] = field(default_factory=set)


def parse(doc: Document) -> list[Directive]:
    directives: list[Directive] = []
    for comment in doc.comments:
        m = _DIRECTIVE.fullmatch(comment.text.strip())
        if m:
            # each name once: a name repeated thousands of times is reported once, not once per repeat
            names = tuple(dict.fromkeys(m.group(2).replace(",", " ").split()))
            directives.append(Directive(m.group(1), names, comment.start, comment.end))
    _resolve_spans(doc, directives)
    return directives


def _resolve_spans(doc: Document, directives: list[Directive]) -> None:
    # Each directive looks up what it covers instead of scanning the others or the lines after
    # it: thousands of directives must not cost thousands of passes.
    next_line_covers: dict[int, tuple[int, int]] = {}  # a directive's line -> the next line with text
    for directive in directives:
        if directive.action == "disable-next-line":
            line = doc.lines.line_of(directive.end)
            if line not in next_line_covers:
                next_line_covers[line] = _next_line_with_text(doc, line)
            directive.covers = next_line_covers[line]
    # a block ends at the first later enable naming nothing or one of its names: walk backwards,
    # keeping where the nearest later enable of each kind starts
    any_enable = len(doc.source)
    enable_of: dict[str, int] = {}
    for directive in reversed(directives):
        if directive.action == "enable" and not directive.names:
            any_enable = directive.start
        elif directive.action == "enable":
            enable_of.update(dict.fromkeys(directive.names, directive.start))
        elif directive.action == "disable":
            stop = min([any_enable, *(enable_of[name] for name in directive.names if name in enable_of)])
            directive.covers = (directive.end, stop)


def _next_line_with_text(doc: Document, line: int) -> tuple[int, int]:
    while line < len(doc.lines.starts):
        line += 1
        start, end = doc.lines.line_span(line, doc.source)
        if doc.source[start:end].strip():
            return start, end
    return 0, 0


def apply(
    doc: Document,
    findings: Iterable[Finding],
    matches: Callable[[str, str], bool],
    known: Callable[[str], bool],
    active: Callable[[str], bool],
) -> list[Finding]:
    """Drop suppressed findings; add findings for unknown names and unused directives.

    `matches(rule_id, name)`: whether a directive name covers a rule; `known(name)`: whether a
    name is any rule, pack or category; `active(name)`: whether it covers a rule that ran.
    """
    directives = [d for d in parse(doc) if d.action != "enable"]
    found = list(findings)
    suppressed = _suppressed(found, directives, matches)
    kept = [finding for index, finding in enumerate(found) if index not in suppressed]
    for d in directives:
        # one finding per directive for all its unknown names: each finding carries the
        # directive's text, so one per name made a directive of n names cost n times its length
        unknown = [name for name in d.names if not known(name)]
        if unknown:
            listed = ", ".join(f"'{name}'" for name in unknown)
            kept.append(
                _finding(
                    doc,
                    d,
                    UNKNOWN_RULE,
                    f"Suppression names an unknown rule, pack or category: {listed}.",
                    "Check the id with `healthlint rules`, or remove the directive.",
                )
            )
        for name in d.names:
            if known(name) and name not in d.used and active(name):
                kept.append(
                    _finding(
                        doc,
                        d,
                        UNUSED,
                        f"Suppression of '{name}' suppressed nothing.",
                        "Remove the directive, or move it next to the text it is meant for.",
                    )
                )
        if not d.names and not d.used:
            kept.append(
                _finding(
                    doc,
                    d,
                    UNUSED,
                    "Suppression suppressed nothing.",
                    "Remove the directive, or move it next to the text it is meant for.",
                )
            )
    return kept


def _suppressed(findings: list[Finding], directives: list[Directive], matches: Callable[[str, str], bool]) -> set[int]:
    """The indices of the findings some directive covers; each directive records which of its
    names covered a finding (`used`).

    Findings are grouped by rule and sorted by offset: a directive looks up, per rule its names
    cover, whether a finding falls in its span (a bisection), and the spans are merged per rule
    before the findings are swept once. Checking every finding against every directive cost
    their product (thousands of each: seconds).
    """
    by_rule: dict[str, list[tuple[int, int]]] = {}  # rule -> sorted (start, index) of its findings
    whole_document: list[int] = []
    for index, finding in enumerate(findings):
        if finding.match is None:
            whole_document.append(index)
        else:
            by_rule.setdefault(finding.rule, []).append((finding.start, index))
    for starts in by_rule.values():
        starts.sort()
    spans: dict[str, list[tuple[int, int]]] = {}  # rule -> spans of the directives that cover it
    suppressed: set[int] = set()
    for d in directives:
        lo, hi = d.covers
        for name in d.names or ("*",):
            for rule, starts in by_rule.items():
                if (name == "*" or matches(rule, name)) and _any_in(starts, lo, hi):
                    d.used.add(name)
                    spans.setdefault(rule, []).append((lo, hi))
            # a whole-document finding is suppressed by a block directive anywhere in the document
            for index in whole_document:
                if d.action == "disable" and (name == "*" or matches(findings[index].rule, name)):
                    d.used.add(name)
                    suppressed.add(index)
    for rule, rule_spans in spans.items():
        suppressed.update(_inside(by_rule[rule], sorted(rule_spans)))
    return suppressed


def _any_in(starts: list[tuple[int, int]], lo: int, hi: int) -> bool:
    """Whether any of the sorted (start, index) pairs starts in [lo, hi)."""
    return bisect_left(starts, (lo, -1)) < bisect_left(starts, (hi, -1))


def _inside(starts: list[tuple[int, int]], spans: list[tuple[int, int]]) -> Iterator[int]:
    """The indices of the (start, index) pairs inside any of the spans (both sorted by start)."""
    reach, span = -1, 0  # reach: the end of the spans begun at or before the current start
    for start, index in starts:
        while span < len(spans) and spans[span][0] <= start:
            reach = max(reach, spans[span][1])
            span += 1
        if start < reach:
            yield index


def _finding(doc: Document, d: Directive, rule: str, message: str, hint: str) -> Finding:
    line, column = doc.lines.position(d.start)
    end_line, end_column = doc.lines.position(d.end)
    text = doc.source[d.start : d.end]
    return Finding(
        path=doc.path, line=line, column=column, end_line=end_line, end_column=end_column, rule=rule,
        category="other", severity="warning", message=message, match=text, hint=hint, fix=None, source=_SOURCE,
        start=d.start, end=d.end, fingerprint=fingerprint(doc.path, rule, text, message),
    )  # fmt: skip
