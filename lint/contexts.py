"""Contexts (NegEx/ConText as data): cues that change what a match means, defined once.

A context file (`rules/contexts/negation.yaml`, or a team's own) holds:

    description: The claim is denied.
    source: Chapman et al. 2001 (NegEx); Harkema et al. 2009 (ConText)
    direction: before        # the cue comes before the match (after, or both)
    scope: clause            # clause or sentence; max_words caps it
    max_words: 6
    cues: ["no evidence that", not, never, "{evidence-noun} found no"]
    pseudo: ["not only", "no doubt"]     # look-alikes that are not cues
    terminators: [but, however, ";"]     # end a clause early (clause scope)

Cues, pseudo-cues and terminators are phrases (vocabularies may be named as `{name}`), or
regular expressions under `patterns`. A rule lists the contexts that clear it
(`contexts: [negation, attribution]`); `negation: skip` is the `negation` context.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lint import datafile

DIRECTIONS = ("before", "after", "both")
SCOPES = ("clause", "sentence")
_WORD = re.compile(r"\S+")
_DEFAULT_TERMINATORS = [",", ";", ":", "—", "–", "(", ")", "but", "however"]


@dataclass(frozen=True)
class Context:
    name: str
    description: str
    source: str
    direction: str
    scope: str
    max_words: int | None
    cues: Any  # Pattern (lint.checks.base), compiled on first use
    pseudo: Any  # Pattern | None
    terminators: Any  # Pattern | None
    path: str = ""
    line: int = 1

    @property
    def nearby(self) -> bool:
        """Cues only in the few words before a match: found in those words alone, per match."""
        return self.direction == "before" and self.max_words is not None

    @property
    def reach(self) -> int:
        """How far back (characters) a nearby context reads: its words, at most 64 characters each."""
        return 64 * (self.max_words or 0)


@dataclass(frozen=True)
class SentenceCues:
    """Where one context's cues, pseudo-cues and terminators are in one sentence (found once)."""

    cues: list[tuple[int, int]]  # cue spans that are not part of a pseudo-cue
    terminators: list[int]  # start offsets
    terminator_ends: list[int]
    word_starts: list[int]  # where each word of the sentence starts

    def clears(self, context: Context, start: int, end: int) -> bool:
        if context.direction == "both" and context.scope == "sentence" and context.max_words is None:
            return bool(self.cues)  # anywhere in the sentence, the match's own words included
        if context.direction in ("before", "both") and self._before(context, start):
            return True
        return context.direction in ("after", "both") and self._after(context, end)

    def _before(self, context: Context, start: int) -> bool:
        floor = -1
        if context.scope == "clause":
            i = bisect_right(self.terminator_ends, start)
            floor = self.terminator_ends[i - 1] if i else -1
        if context.max_words is not None:
            words = bisect_left(self.word_starts, start)
            floor = max(floor, self.word_starts[max(words - context.max_words, 0)] if words else start)
        return any(floor <= cue_start and cue_end <= start for cue_start, cue_end in self.cues)

    def _after(self, context: Context, end: int) -> bool:
        ceiling = 1 << 62
        if context.scope == "clause":
            i = bisect_left(self.terminators, end)
            ceiling = self.terminators[i] if i < len(self.terminators) else ceiling
        if context.max_words is not None:
            words = bisect_left(self.word_starts, end)
            last = words + context.max_words
            ceiling = min(ceiling, self.word_starts[last] if last < len(self.word_starts) else ceiling)
        return any(end <= cue_start and cue_end <= ceiling for cue_start, cue_end in self.cues)


_NO_CUES = SentenceCues([], [], [], [])


def find_cues(context: Context, text: str, start: int, end: int) -> SentenceCues:
    """The context's cues in text[start:end]. Most sentences hold none, and without a cue
    nothing is cleared: pseudo-cues, terminators and words are then not looked for."""
    from lint.checks.base import finditer

    found = [m.span() for m in finditer(context.cues, text, start, end)]
    if not found:
        return _NO_CUES
    pseudo = [] if context.pseudo is None else [m.span() for m in finditer(context.pseudo, text, start, end)]
    cues = [
        (cue_start, cue_end)
        for cue_start, cue_end in found
        if not any(p_start <= cue_start and cue_end <= p_end for p_start, p_end in pseudo)
    ]
    if not cues:
        return _NO_CUES
    ends = [] if context.terminators is None else [m.span() for m in finditer(context.terminators, text, start, end)]
    words = [m.start() for m in _WORD.finditer(text, start, end)]
    return SentenceCues(cues, [s for s, _ in ends], [e for _, e in ends], words)


# --- loading -----------------------------------------------------------------------------------

_KEYS = {"description", "source", "direction", "scope", "max_words", "cues", "patterns", "pseudo", "terminators"}


def load_file(path: Path, build: Any) -> Context:
    """A context file, its cues compiled with `build` (lint.checks.base.BuildContext: vocabularies)."""
    from lint.checks.base import SpecError, compile_alternation

    file = datafile.read(path, "context", _KEYS, "cues mean")
    data, fail = file.data, file.fail
    if data.get("direction") not in DIRECTIONS:
        raise fail(["direction"], f"direction must be one of {', '.join(DIRECTIONS)}")
    if data.get("scope", "sentence") not in SCOPES:
        raise fail(["scope"], f"scope must be one of {', '.join(SCOPES)}")
    max_words = data.get("max_words")
    if max_words is not None and (not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 1):
        raise fail(["max_words"], "max_words must be a positive whole number")
    for key in ("cues", "patterns", "pseudo", "terminators"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise fail([key], f"{key} must be a list of phrases")
    if not data.get("cues") and not data.get("patterns"):
        raise fail([], "a context needs `cues` or `patterns`")
    terminators = data.get("terminators", _DEFAULT_TERMINATORS if data.get("scope") == "clause" else [])
    try:
        cues = compile_alternation({"phrases": data.get("cues", []), "patterns": data.get("patterns", [])}, False,
                                   (), build, ["patterns"])  # fmt: skip
        pseudo = compile_alternation({"phrases": data.get("pseudo", [])}, False, (), build, ["pseudo"])
        ends = compile_alternation({"phrases": terminators}, False, (), build, ["terminators"])
    except SpecError as exc:
        raise fail(exc.key, str(exc)) from None
    line = file.line("direction")
    return Context(file.name, data["description"].strip(), data["source"].strip(), data["direction"],
                   data.get("scope", "sentence"), max_words, cues, pseudo, ends, str(path), line)  # fmt: skip


def load(files: Iterable[Path], build: Any) -> dict[str, Context]:
    return {context.name: context for context in (load_file(file, build) for file in files)}
