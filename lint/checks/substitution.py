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
            yield Hit(match.start(), match.end(), {"suggestion": fix}, fix)


def match_case(original: str, replacement: str) -> str:
    """Carry the original's capitalisation over to the replacement."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper() and not replacement[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def build(spec: Mapping[str, Any], context: BuildContext) -> Substitution:
    # longest phrase first, so "committed suicide" wins over "committed"
    phrases = sorted(spec["swap"], key=len, reverse=True)
    trigger = Trigger.from_spec({**spec, "phrases": phrases, "patterns": []}, context)
    assert trigger is not None  # the schema requires a non-empty swap
    return Substitution(trigger, spec["swap"])
