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
from collections.abc import Callable, Iterable
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
    end_of_text = len(doc.source)
    for index, directive in enumerate(directives):
        if directive.action == "disable-next-line":
            line = doc.lines.line_of(directive.end)
            while line < len(doc.lines.starts):
                line += 1
                start, end = doc.lines.line_span(line, doc.source)
                if doc.source[start:end].strip():
                    directive.covers = (start, end)
                    break
        elif directive.action == "disable":
            stop = end_of_text
            for later in directives[index + 1 :]:
                if later.action == "enable" and (not later.names or set(later.names) & set(directive.names)):
                    stop = later.start
                    break
            directive.covers = (directive.end, stop)


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
    kept: list[Finding] = []
    for finding in findings:
        suppressed = False
        for d in directives:
            lo, hi = d.covers
            # a whole-document finding is suppressed by a block directive anywhere in the document
            inside = lo <= finding.start < hi if finding.match is not None else d.action == "disable"
            if not inside:
                continue
            hit = [n for n in d.names if matches(finding.rule, n)] if d.names else ["*"]
            if hit:
                d.used.update(hit)
                suppressed = True
        if not suppressed:
            kept.append(finding)
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


def _finding(doc: Document, d: Directive, rule: str, message: str, hint: str) -> Finding:
    line, column = doc.lines.position(d.start)
    end_line, end_column = doc.lines.position(d.end)
    text = doc.source[d.start : d.end]
    return Finding(
        path=doc.path, line=line, column=column, end_line=end_line, end_column=end_column, rule=rule,
        category="other", severity="warning", message=message, match=text, hint=hint, fix=None, source=_SOURCE,
        start=d.start, end=d.end, fingerprint=fingerprint(doc.path, rule, text, message),
    )  # fmt: skip
