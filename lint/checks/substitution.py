"""substitution: a phrase to avoid, the phrase to use instead, and an automatic fix.

kind: substitution
swap:
  committed suicide: died by suicide
  suffers from: has
message: "Use '{suggestion}' instead of '{match}'."
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from lint.checks.base import BuildContext, Environment, Hit, Trigger
from lint.markup.document import Document

KEYS = ("swap", "exceptions")


class Substitution:
    def __init__(self, trigger: Trigger, swap: Mapping[str, str]) -> None:
        self.trigger = trigger
        self.swap = {" ".join(bad.lower().split()): good for bad, good in swap.items()}

    def run(self, doc: Document, env: Environment) -> Iterator[Hit]:
        for match in self.trigger.find(doc):
            text = match.group()
            suggestion = self.swap[" ".join(text.lower().split())]
            fix = match_case(text, suggestion)
            start, end = match.start(), match.end()
            yield Hit(start, end, {"suggestion": fix}, fix if fixable(doc, start, end) else None)


def fixable(doc: Document, start: int, end: int) -> bool:
    """Whether a fix may replace source[start:end]: only plain text, never markup (a `**`, a
    comment or an image between the words would be deleted with the words)."""
    return doc.verbatim(start, end)


_SMALL_WORDS = frozenset("a an the by of to in on for and or with as at from".split())


def match_case(original: str, replacement: str) -> str:
    """Carry the original's capitalisation over to the replacement: all capitals, a headline's
    Title Case, or a capital first letter."""
    words = original.split()
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if len(words) > 1 and all(w[:1].isupper() for w in words):
        return " ".join(
            w if i and w.lower() in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(replacement.split())
        )
    if original[:1].isupper() and not replacement[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def build(spec: Mapping[str, Any], context: BuildContext) -> Substitution:
    # longest phrase first, so "committed suicide" wins over "committed"
    phrases = sorted(spec["swap"], key=len, reverse=True)
    trigger = Trigger.from_spec({**spec, "phrases": phrases, "patterns": []}, context)
    assert trigger is not None  # the schema requires a non-empty swap
    return Substitution(trigger, spec["swap"])
