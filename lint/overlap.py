"""One problem, one finding: overlapping findings that report the same problem become one.

Two findings report one problem when their spans overlap and either
- one's rule `supersedes` the other's (the more specific rule says so: a supplement's disease
  claim over the general cure claim on "zinc cured her arthritis"), or
- their rules share a category (two safety rules on one "is safe"): the more severe finding is
  kept, then the longer, then the one whose rule comes first.
Findings about something missing from the article (a date, a disclaimer, a crisis line) are
never merged, even when they point at the text that made them required.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from lint.finding import SEVERITY_RANK, Finding


def one_per_problem(findings: Iterable[Finding], supersedes: Mapping[str, frozenset[str]],
                    order: Mapping[str, int], absence: frozenset[str]) -> list[Finding]:  # fmt: skip
    """The findings without those another finding reports the same problem as. `order`: each
    rule's position in the selection (the tie-break); `absence`: the rules that report something
    missing."""
    findings = list(findings)
    spans = sorted(
        (f for f in findings if f.end > f.start and f.rule not in absence), key=lambda f: (f.start, f.end, f.rule)
    )
    dropped: set[int] = set()
    for index, first in enumerate(spans):
        for later in range(index + 1, len(spans)):  # not a slice: it would copy the rest for every finding
            second = spans[later]
            if second.start >= first.end:
                break
            if first.rule == second.rule or id(first) in dropped or id(second) in dropped:
                continue
            loser = _loser(first, second, supersedes, order)
            if loser is not None:
                dropped.add(id(loser))
    return [f for f in findings if id(f) not in dropped]


def _loser(
    a: Finding, b: Finding, supersedes: Mapping[str, frozenset[str]], order: Mapping[str, int]
) -> Finding | None:
    if b.rule in supersedes.get(a.rule, ()):
        return b
    if a.rule in supersedes.get(b.rule, ()):
        return a
    if a.category != b.category:
        return None

    def strength(f: Finding) -> tuple[int, int, int]:
        return (-SEVERITY_RANK.get(f.severity, -1), -(f.end - f.start), order.get(f.rule, len(order)))

    return b if strength(a) <= strength(b) else a
