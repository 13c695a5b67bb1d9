"""One pass over a document to find which rules could match, and in which blocks.

Every trigger's anchors (literal strings one of which every match contains) go into one
Aho-Corasick automaton. Scanning the lower-cased prose once gives, for each trigger, the
blocks worth running its regular expression on; a trigger whose anchors never occur is
not run at all. Triggers without anchors run everywhere.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

import ahocorasick

from lint.checks.base import Trigger
from lint.markup.document import Document


class Prefilter:
    def __init__(self, triggers: Iterable[Trigger]) -> None:
        self.triggers = list(triggers)
        # each (trigger, part, alternative) is a "slot" that needs every one of its anchor sets
        self.slots: list[tuple[int, int, int]] = []  # slot -> (trigger index, part, full bit mask)
        by_anchor: dict[str, list[tuple[int, int]]] = {}
        for index, trigger in enumerate(self.triggers):
            for part, alternatives in enumerate(trigger.part_anchors):
                for sets in alternatives or ():
                    slot = len(self.slots)
                    self.slots.append((index, part, (1 << len(sets)) - 1))
                    for bit, anchor_set in enumerate(sets):
                        for anchor in anchor_set:
                            by_anchor.setdefault(anchor, []).append((slot, 1 << bit))
        self.automaton = ahocorasick.Automaton()
        self.owners: list[tuple[tuple[int, int], ...]] = []  # anchor number -> (slot, bit) pairs
        for anchor, owners in by_anchor.items():
            self.automaton.add_word(anchor, (len(anchor), len(self.owners)))
            self.owners.append(tuple(owners))
        self.empty = not by_anchor
        if not self.empty:
            self.automaton.make_automaton()

    def focus(self, doc: Document) -> dict[Trigger, dict[int, set[int]]]:
        """For each trigger: block -> the parts that have, in that block, a string of each of
        their anchor sets (for one of their alternatives)."""
        if self.empty or not doc.blocks:
            return {}
        text = doc.masked.lower()
        if len(text) != len(doc.masked):  # a few characters change length when lower-cased
            text = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in doc.masked)
        starts, blocks = doc.block_starts, doc.blocks
        hits: set[tuple[int, int]] = set()  # (anchor, block): an anchor repeated in a block counts once
        for end, (length, anchor) in self.automaton.iter(text):
            start = end - length + 1
            block = bisect_right(starts, start) - 1
            if block >= 0 and start < blocks[block].end:  # not in markup between blocks
                hits.add((anchor, block))
        seen: dict[tuple[int, int], int] = {}  # (slot, block) -> anchor sets found
        owners = self.owners
        for anchor, block in hits:
            for slot, bit in owners[anchor]:
                key = (slot, block)
                seen[key] = seen.get(key, 0) | bit
        focus: dict[Trigger, dict[int, set[int]]] = {}
        for (slot, block), mask in seen.items():
            index, part, full = self.slots[slot]
            if mask == full:
                focus.setdefault(self.triggers[index], {}).setdefault(block, set()).add(part)
        return focus
