"""proximity: a trigger is a problem unless clearing text is near it.

kind: proximity
phrases: [generally safe]
unless: {matchers: [citation]}
window: {before: 0, after: 1}     # or: sentence | paragraph | section | document
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from lint.checks.base import BuildContext, Environment, Hit, SpecError, Trigger, block_index, sentence_index
from lint.checks.matchers import Clearing
from lint.markup.document import Document

KEYS = ("phrases", "patterns", "exceptions", "unless", "window")


def window_span(doc: Document, window: str | Mapping[str, int], start: int, end: int) -> tuple[int, int]:
    """The source span a window covers around the hit [start, end)."""
    if window == "document":
        return 0, len(doc.masked)
    if not doc.blocks:
        return start, end
    block = doc.blocks[block_index(doc, start)]
    if window == "paragraph":
        return block.start, block.end
    if window == "section":
        return doc.sections[block.section]
    before, after = (0, 0) if isinstance(window, str) else (window.get("before", 0), window.get("after", 0))
    index = sentence_index(doc, start)
    first, last = max(index - before, 0), min(index + after, len(doc.sentences) - 1)
    # the window does not reach across a heading into another section
    blocks = doc.blocks
    while first < index and blocks[doc.sentences[first].block].section != block.section:
        first += 1
    while last > index and blocks[doc.sentences[last].block].section != block.section:
        last -= 1
    return min(doc.sentences[first].start, start), max(doc.sentences[last].end, end)


class Proximity:
    def __init__(self, trigger: Trigger, clearing: Clearing, window: str | Mapping[str, int]) -> None:
        self.trigger, self.clearing, self.window = trigger, clearing, window

    def run(self, doc: Document, env: Environment) -> Iterator[Hit]:
        cleared: dict[tuple[int, int], bool] = {}  # hits in one paragraph or section share a window: search once
        for match in self.trigger.find(doc):
            span = window_span(doc, self.window, match.start(), match.end())
            if span not in cleared:
                cleared[span] = self.clearing.found(doc, *span)
            if not cleared[span]:
                yield Hit(match.start(), match.end(), {k: v or "" for k, v in match.groupdict().items()})


def build(spec: Mapping[str, Any], context: BuildContext) -> Proximity:
    trigger = Trigger.from_spec(spec, context)
    if trigger is None:
        raise SpecError([], "a proximity rule needs `phrases` or `patterns` as its trigger")
    clearing = Clearing(spec["unless"], ["unless"], bool(spec.get("case_sensitive", False)), context)
    return Proximity(trigger, clearing, spec["window"])
