"""The document model every rule sees: scoped prose with exact source offsets.

A markup adapter (markdown, plaintext, ...) turns source text into a Document. It passes
`masked`: the source at the same length, prose characters copied, everything else (markup,
code, URLs, comments, front matter) a space, line breaks kept, and characters a reader does
not see inside a phrase marked (see `lint.markup.view`). On construction `masked` becomes the
*view*, the text a reader sees ("gener**ally** s&#97;fe" reads "generally safe"), and blocks,
links and front-matter spans are moved into view offsets. Checks search the view; `origin`
maps what they find back to the source, so `match` is always `source[start:end]`.
Comments (suppression directives) keep source offsets: only the engine reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from lint.markup import sentences
from lint.markup.view import CONTINUATION as CONTINUATION  # re-exported: the marks adapters leave
from lint.markup.view import TRANSPARENT as TRANSPARENT
from lint.markup.view import Concealment, Origin, normalise
from lint.source import LineIndex

# The scope vocabulary rules may name. `text` is every prose block.
BLOCK_SCOPES = ("title", "heading", "paragraph", "list_item", "table_cell", "footnote")
SCOPES = ("text", *BLOCK_SCOPES, "blockquote", "link_text", "link_target")

_NOT_LINE_BREAKS = re.compile(r"[^\r\n]+")
_PROSE = re.compile(rf"[^\s{TRANSPARENT}]")  # a character a reader sees

# Marks a markup adapter may leave in `masked` besides blanks (see lint.markup.view):
# TRANSPARENT, a source character a reader does not see and that does not separate words
# (inline markup inside a phrase such as `**`, `<span>`, `<!-- -->`, `<wbr>`); CONTINUATION,
# the rest of one visible character written with several (`&#97;` is "a" then four of these).


def blank(text: str) -> str:
    """Same length, line breaks kept, everything else a space."""
    return _NOT_LINE_BREAKS.sub(lambda run: " " * len(run.group()), text)  # a run at a time, not a character


@dataclass(frozen=True)
class Block:
    """One leaf of prose: a heading, a paragraph, a list item, a table cell."""

    kind: str  # one of BLOCK_SCOPES
    start: int
    end: int
    section: int  # index into Document.sections
    quoted: bool = False  # inside a blockquote


@dataclass(frozen=True)
class Link:
    text_start: int
    text_end: int
    target_start: int
    target_end: int
    url: str


@dataclass(frozen=True)
class Comment:
    """An HTML comment in the source (where suppression directives live)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    block: int  # index into Document.blocks


@dataclass
class Document:
    path: str
    source: str
    masked: str  # given in source offsets; the view once constructed
    blocks: list[Block]
    links: list[Link] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    # span of each front-matter value, for findings about a field
    metadata_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    # set by the engine's prefilter: for each trigger, part -> the blocks where the part's anchors occur
    focus: dict[Any, dict[int, list[int]]] | None = None
    traits: dict[str, bool] = field(default_factory=dict)  # facts about the whole text, found once (its genre)
    origin: Origin = field(init=False)
    plain: str = field(init=False)  # the source with the view's removed characters removed (link targets)
    concealed: tuple[Concealment, ...] = field(init=False)  # source spans that hide text from a plain search

    def __post_init__(self) -> None:
        view = normalise(self.source, self.masked)
        self.masked, self.plain, self.origin, self.concealed = view.text, view.plain, view.origin, view.concealed
        if self.origin.identity:
            return
        to_view = self.origin.to_view
        self.blocks = [replace(b, start=to_view(b.start), end=to_view(b.end)) for b in self.blocks]
        self.links = [
            Link(to_view(k.text_start), to_view(k.text_end), to_view(k.target_start), to_view(k.target_end), k.url)
            for k in self.links
        ]
        self.metadata_spans = {key: (to_view(s), to_view(e)) for key, (s, e) in self.metadata_spans.items()}

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span of a view span."""
        return self.origin.span(start, end)

    def source_text(self, start: int, end: int) -> str:
        """The source text of a view span."""
        return self.source[slice(*self.origin.span(start, end))]

    def verbatim(self, start: int, end: int) -> bool:
        """Whether a view span is the source text itself (no markup, reference or folding in it):
        only such a span can be rewritten by a fix."""
        source_start, source_end = self.origin.span(start, end)
        return self.source[source_start:source_end] == self.masked[start:end]

    @property
    def has_prose(self) -> bool:
        """Whether a reader sees any text: an empty file, or one with only front matter, comments or
        code, is not an article."""
        return _PROSE.search(self.masked) is not None

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.source)

    @cached_property
    def sentences(self) -> list[Sentence]:
        found: list[Sentence] = []
        for index, block in enumerate(self.blocks):
            found.extend(Sentence(s, e, index) for s, e in sentences.split(self.masked, block.start, block.end))
        return found

    @cached_property
    def sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def block_starts(self) -> list[int]:
        return [b.start for b in self.blocks]

    @cached_property
    def sections(self) -> list[tuple[int, int]]:
        """View span of each section: the text from one heading to the next."""
        spans: dict[int, tuple[int, int]] = {}
        for block in self.blocks:
            start, _ = spans.get(block.section, (block.start, block.end))
            spans[block.section] = (start, block.end)
        count = max(spans, default=-1) + 1
        return [spans.get(i, (0, 0)) for i in range(count)]
