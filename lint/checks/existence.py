"""existence: report every occurrence of a phrase or pattern.

kind: existence
phrases: [miracle cure, wonder drug]
patterns: ['\\b100\\s?% safe\\b']
exceptions: ['there is no miracle cure']
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from lint.checks.base import BuildContext, Environment, Hit, SpecError, Trigger
from lint.markup.document import Document

KEYS = ("phrases", "patterns", "exceptions")


class Existence:
    def __init__(self, trigger: Trigger) -> None:
        self.trigger = trigger

    def run(self, doc: Document, env: Environment) -> Iterator[Hit]:
        for match in self.trigger.find(doc):
            yield Hit(match.start(), match.end(), {k: v or "" for k, v in match.groupdict().items()})


def build(spec: Mapping[str, Any], context: BuildContext) -> Existence:
    trigger = Trigger.from_spec(spec, context)
    if trigger is None:
        raise SpecError([], "an existence rule needs `phrases` or `patterns`")
    return Existence(trigger)
