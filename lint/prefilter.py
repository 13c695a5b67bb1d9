"""One pass over a document to find which rules could match, and in which blocks.

Every trigger's anchors (literal strings one of which every match contains) go into one
Aho-Corasick automaton. Scanning the prose once, in the anchors' word view (lower-cased,
non-word characters as spaces: `lint.anchors.word_view`), gives for each trigger the blocks
worth running its regular expression on; a trigger whose anchors never occur is not run at
all. Triggers without anchors run everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from operator import itemgetter

import ahocorasick

from lint.anchors import word_view
from lint.checks.base import Trigger
from lint.markup.document import Document


class Prefilter:
    def __init__(self, triggers: Iterable[Trigger]) -> None:
        # Each distinct anchor set gets a number; the automaton maps an anchor to the numbers of
        # the sets that hold it. Each (trigger, part, alternative) is a *slot* that needs all of
        # its sets in a block: it is filed under one of them (its key) and keeps the others.
        set_ids: dict[frozenset[str], int] = {}
        sets_of: dict[str, set[int]] = {}
        self.owners: list[tuple[Trigger, int]] = []  # slot -> (trigger, part)
        self.slots: dict[int, list[tuple[int, frozenset[int]]]] = {}  # key set -> (slot, its other sets)
        for trigger in triggers:
            for part, alternatives in enumerate(trigger.part_anchors):
                for sets in alternatives or ():
                    ids = [set_ids.setdefault(anchor_set, len(set_ids)) for anchor_set in sets]
                    for anchor_set, set_id in zip(sets, ids, strict=True):
                        for anchor in anchor_set:
                            sets_of.setdefault(anchor, set()).add(set_id)
                    self.slots.setdefault(ids[0], []).append((len(self.owners), frozenset(ids[1:])))
                    self.owners.append((trigger, part))
        self.automaton = ahocorasick.Automaton()
        for anchor, owners in sets_of.items():
            self.automaton.add_word(anchor, tuple(sorted(owners)))
        self.empty = not sets_of
        if not self.empty:
            self.automaton.make_automaton()

    def focus(self, doc: Document) -> dict[Trigger, dict[int, list[int]]]:
        """For each trigger: part -> the blocks (in order) that hold a string of each of the
        part's anchor sets (for one of its alternatives)."""
        if self.empty or not doc.blocks:
            return {}
        text = doc.masked.lower()
        if len(text) != len(doc.masked):  # a few characters change length when lower-cased
            text = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in doc.masked)
        # a space before the text: an anchor's leading space reads the character before a block
        text = " " + word_view(text)
        scan, slots, keys = self.automaton.iter, self.slots, frozenset(self.slots)
        found: list[list[int]] = [[] for _ in self.owners]  # slot -> the blocks where it qualifies
        for index, block in enumerate(doc.blocks):
            # the numbers of the anchor sets with a string in this block (collected without a Python
            # loop), read from a slice (the automaton reads the whole string it is given, whatever the
            # bounds) that holds the character before the block and ends in a space: a pattern run on
            # the block sees the text before it, and its end as the end of the text
            present = set(chain.from_iterable(map(_SETS, scan(text[block.start : block.end + 1] + " "))))
            for set_id in present & keys:  # the sets some slot is filed under
                for slot, others in slots.get(set_id, ()):
                    if others <= present:
                        found[slot].append(index)
        focus: dict[Trigger, dict[int, list[int]]] = {}
        for (trigger, part), blocks in zip(self.owners, found, strict=True):
            if blocks:
                parts = focus.setdefault(trigger, {})
                # two alternatives of a part may both qualify in a block
                parts[part] = sorted({*parts[part], *blocks}) if part in parts else blocks
        return focus


_SETS = itemgetter(1)  # (end, set numbers) -> set numbers
