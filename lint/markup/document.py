"""The document model every rule sees: scoped prose with exact source offsets.

A markup adapter (markdown, plaintext, ...) turns source text into a Document. `masked`
has the same length as `source`: prose characters are copied, everything else (markup,
code, URLs, comments, front matter) becomes a space, and line breaks are kept. Checks
search `masked`, so every hit is a source offset by construction and `match` is always
`source[start:end]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from lint.markup import sentences
from lint.source import LineIndex

# The scope vocabulary rules may name. `text` is every prose block.
BLOCK_SCOPES = ("title", "heading", "paragraph", "list_item", "table_cell", "footnote")
SCOPES = ("text", *BLOCK_SCOPES, "blockquote", "link_text", "link_target")

_NOT_LINE_BREAK = re.compile(r"[^\r\n]")

# In `masked`, a source character that a reader does not see and that does not separate words:
# inline markup inside a phrase (`**`, `<span>`, `<!-- -->`, `<wbr>`), invisible format characters. Rules read the text with these removed, so "gener**ally** safe" reads as
# "generally safe" while every offset still maps back to the source.
TRANSPARENT = "\x00"
# In `masked`, the rest of one visible character written with several source characters (a
# character reference: `&#97;` is "a" then four of these). Removed like TRANSPARENT, but a
# finding that ends on the visible character extends over it, so its span is the whole reference.
CONTINUATION = "\x01"


def blank(text: str) -> str:
    """Same length, line breaks kept, everything else a space."""
    return _NOT_LINE_BREAK.sub(" ", text)


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
    masked: str
    blocks: list[Block]
    links: list[Link] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    # source span of each front-matter value, for findings about a field
    metadata_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    # set by the engine's prefilter: for each trigger, part -> the blocks where the part's anchors occur
    focus: dict[Any, dict[int, list[int]]] | None = None

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
        """Source span of each section: the text from one heading to the next."""
        spans: dict[int, tuple[int, int]] = {}
        for block in self.blocks:
            start, _ = spans.get(block.section, (block.start, block.end))
            spans[block.section] = (start, block.end)
        count = max(spans, default=-1) + 1
        return [spans.get(i, (0, 0)) for i in range(count)]
