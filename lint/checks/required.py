"""required: when a trigger occurs anywhere (or always), the document must contain something.

    kind: required
    when: {patterns: ['\\btake \\d+\\s*(?:mg|g)\\b']}     # omit: always required
    require: {phrases: [not medical advice, consult your doctor]}

The finding points at the first trigger, or at the whole document when there is no `when`
or the rule says `report: document`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from lint.checks.base import BuildContext, Environment, Hit, Trigger
from lint.checks.matchers import Clearing
from lint.markup.document import Document

KEYS = ("when", "require", "exceptions", "report")


REPORTS_ABSENCE = True  # what it reports is missing from the article (see lint.overlap)


class Required:
    def __init__(self, trigger: Trigger | None, requirement: Clearing, whole_document: bool) -> None:
        self.trigger, self.requirement, self.whole_document = trigger, requirement, whole_document

    def run(self, doc: Document, env: Environment) -> Iterator[Hit]:
        if self.trigger is None:
            if doc.blocks and not self.requirement.found(doc, 0, len(doc.masked)):
                yield Hit(None, None)
            return
        first = next(self.trigger.find(doc), None)
        if first is not None and not self.requirement.found(doc, 0, len(doc.masked)):
            yield Hit(None, None) if self.whole_document else Hit(first.start(), first.end())


def build(spec: Mapping[str, Any], context: BuildContext) -> Required:
    when = spec.get("when")
    trigger = (
        None
        if when is None
        else Trigger.from_spec(
            {**spec, "phrases": when.get("phrases", ()), "patterns": when.get("patterns", ())}, context, ["when"]
        )
    )
    case = bool(spec.get("case_sensitive", False))
    return Required(trigger, Clearing(spec["require"], ["require"], case, context), spec.get("report") == "document")
