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
        self.triggers = [t for t in triggers if t.anchors is not None]
        # each (trigger, alternative) pair is a "slot" that needs every one of its anchor sets
        self.slots: list[tuple[int, int]] = []  # slot -> (trigger index, full bit mask)
        by_anchor: dict[str, list[tuple[int, int]]] = {}
        for index, trigger in enumerate(self.triggers):
            for sets in trigger.anchors or ():
                slot = len(self.slots)
                self.slots.append((index, (1 << len(sets)) - 1))
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

    def focus(self, doc: Document) -> dict[Trigger, list[int]]:
        """For each trigger, the blocks where one of its alternatives has a string of every anchor set."""
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
        found: dict[int, set[int]] = {}
        for (slot, block), mask in seen.items():
            index, full = self.slots[slot]
            if mask == full:
                found.setdefault(index, set()).add(block)
        return {self.triggers[index]: sorted(blocks) for index, blocks in found.items()}
