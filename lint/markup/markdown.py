"""Markdown (CommonMark + GFM tables + footnotes + YAML front matter) to a Document.

pulldown-cmark (through pyromark) reports a byte range for every event, so positions come
from the parser, never from searching the text again.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pyromark

from lint.markup import frontmatter
from lint.markup.document import CONTINUATION, TRANSPARENT, Block, Comment, Document, Link, blank
from lint.source import ByteOffsets

# what Markdown healthlint reads (the audit report renders with the same, so both see one document)
OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_YAML_STYLE_METADATA_BLOCKS
    | pyromark.Options.ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS  # Hugo's TOML front matter (+++)
)
_LEAVES = {"Paragraph": "paragraph", "Heading": "heading", "TableCell": "table_cell"}
_CONTAINERS = ("Item", "BlockQuote", "FootnoteDefinition")
_COMMENT_START = "<!--"
# what may sit inside a phrase without a reader seeing a break: emphasis delimiters, inline tags
# other than line breaks and images, comments
# (each piece matches one way only, so a gap that is not all markup fails in linear time)
_INLINE_MARKUP = re.compile(
    r"(?:[*_~]|<(?!br\b|img\b)[a-z/][^<>\r\n]*>|<!--(?:(?!-->).)*-->)+", re.IGNORECASE | re.DOTALL
)


class _Builder:
    """Accumulates prose ranges and leaf blocks while walking the event stream."""

    def __init__(self, path: str, source: str) -> None:
        self.path = path
        self.source = source
        self.prose: list[tuple[int, int]] = []  # source ranges copied into `masked`
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.comments: list[Comment] = []
        self.metadata: dict[str, Any] = {}
        self.metadata_spans: dict[str, tuple[int, int]] = {}
        self.section = 0
        self.containers: list[str] = []  # open Item / BlockQuote / FootnoteDefinition, innermost last
        self.image_depth = 0  # alt text is not prose
        self.in_code = False
        self.in_metadata = False
        self.toml_metadata = False  # the front matter is TOML (+++), not YAML (---)
        self.leaf: str | None = None  # kind of the open leaf block
        self.leaf_span: tuple[int, int] | None = None
        self.link_stack: list[tuple[int, str, int]] = []  # (event start, url, prose count at start)
        self.decoded: list[tuple[int, int, str]] = []  # (start, end, text): a reference or escape, decoded
        self.html_blocks: list[tuple[int, str]] = []  # (start, masked text) of each HTML block read as HTML

    def add_prose(self, start: int, end: int) -> None:
        if start >= end or self.image_depth or self.in_code:
            return
        if self.leaf is None:
            self.leaf = self.paragraph_kind()  # text directly inside a tight list item
        if self.prose and self.prose[-1][1] == start:
            self.prose[-1] = (self.prose[-1][0], end)
        else:
            self.prose.append((start, end))
        self.leaf_span = (start, end) if self.leaf_span is None else (self.leaf_span[0], end)

    def paragraph_kind(self) -> str:
        return "list_item" if self.containers and self.containers[-1] == "Item" else "paragraph"

    def close_leaf(self) -> None:
        if self.leaf is not None and self.leaf_span is not None:
            start, end = self.leaf_span
            while end > start and self.source[end - 1].isspace():
                end -= 1
            kind = "footnote" if "FootnoteDefinition" in self.containers else self.leaf
            if kind == "heading" and not self.blocks and self.section == 1:
                kind = "title"
            self.blocks.append(Block(kind, start, end, self.section, "BlockQuote" in self.containers))
        self.leaf, self.leaf_span = None, None

    def add_comment(self, start: int, end: int, html: str) -> None:
        at = html.find(_COMMENT_START)
        while at >= 0:
            close = html.find("-->", at + 4)
            if close < 0:
                return
            self.comments.append(Comment(start + at, start + close + 3, html[at : close + 3]))
            at = html.find(_COMMENT_START, close + 3)


# Jekyll's Liquid (`{% include x.html %}`, `{{ page.title }}`) and Hugo's shortcodes (`{{< figure >}}`,
# `{{% note %}}`): template syntax, never prose. A highlighted or commented-out block is hidden whole.
_TEMPLATE_BLOCK = re.compile(r"\{%-?\s*(highlight|comment)\b|\{\{[<%]\s*(highlight)\b")
# (a tag holds no `{`: a start that is not a tag fails at the next one, and the search stays linear)
_TEMPLATE_TAG = re.compile(r"\{%(?:[^%{]|%(?!\}))*%\}|\{\{(?:[^{}]|\}(?!\}))*\}\}")


def template_spans(source: str) -> list[tuple[int, int]]:
    """Where Liquid tags and Hugo shortcodes are, in order, not overlapping."""
    spans: list[tuple[int, int]] = []
    at = 0
    unclosed: set[str] = set()  # blocks with no closing tag after the last one looked for: none later
    for block in _TEMPLATE_BLOCK.finditer(source):
        name = block.group(1) or block.group(2)
        if block.start() < at or block.group() in unclosed:
            continue
        liquid = block.group(1) is not None
        closing = r"\{%-?\s*end" + name + r"\s*-?%\}" if liquid else r"\{\{[<%]\s*/" + name + r"\s*[>%]\}\}"
        close = re.compile(closing).search(source, block.end())
        if close is None:
            unclosed.add(block.group())
        else:
            spans += [(m.start(), m.end()) for m in _TEMPLATE_TAG.finditer(source, at, block.start())]
            spans.append((block.start(), close.end()))
            at = close.end()
    spans += [(m.start(), m.end()) for m in _TEMPLATE_TAG.finditer(source, at)]
    return spans


_GLUE = frozenset("(/=\"':}")  # before a span, these make it part of a URL or a value: it stays one word


def conceal(source: str, spans: list[tuple[int, int]], tags: dict[int, str] | None = None) -> str:
    """The source with each span (template syntax, an MDX expression or tag) hidden from the
    Markdown parser at the same length, so that every offset holds and the structure around it is
    kept: lines of nothing else become blank; a span glued to a word, a URL or a value before it
    (a link's `({{ site.url }}/x)`, `href="{{ url }}"`) becomes `x`s, still one word; one that
    opens a line of text becomes an inline tag (spaces would indent the line into a code block);
    others become spaces. `tags`: the text to put for a span that starts at that offset (an MDX
    tag keeps its name)."""
    if not spans:
        return source
    chars = list(source)
    covered = [False] * len(source)
    for start, end in spans:
        covered[start:end] = [True] * (end - start)
    alone: dict[tuple[int, int], bool] = {}  # lines -> whether spans are all they hold (asked once)
    line_start, line_end, previous = 0, -1, 0  # (spans are in order: each line is searched once)
    for start, end in spans:
        line_start = source.rfind("\n", previous, start) + 1 or line_start
        previous = start
        if end > line_end:
            found = source.find("\n", end)
            line_end = len(source) if found < 0 else found
        lines = (line_start, line_end)
        if lines not in alone:
            alone[lines] = all(covered[i] or source[i].isspace() for i in range(*lines))
        if alone[lines]:
            chars[start:end] = blank(source[start:end])
        elif tags is not None and start in tags:
            chars[start:end] = tags[start]
        elif start > line_start and (source[start - 1] in _GLUE or source[start - 1].isalnum()):
            chars[start:end] = "".join(c if c in "\r\n" else "x" for c in source[start:end])
        elif not source[line_start:start].strip() and end - start >= 3 and "\n" not in source[start:end]:
            chars[start:end] = "<x" + " " * (end - start - 3) + ">"
        else:
            chars[start:end] = blank(source[start:end])
    return "".join(chars)


# Docusaurus and Nextra admonitions (`:::note`, `:::warning Title`, `:::`): the fence and its kind
# are syntax; a title after them is prose
_DIRECTIVE = re.compile(r"^[ \t]{0,3}(:{3,}[\w-]*)[ \t]*(?:\{[^{}\n]*\})?", re.MULTILINE)


def directive_spans(source: str) -> list[tuple[int, int]]:
    return [(m.start(1), m.end()) for m in _DIRECTIVE.finditer(source)]


def merged(*span_lists: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of several kinds in order, a span inside an earlier one dropped."""
    spans: list[tuple[int, int]] = []
    for start, end in sorted(span for spans_of_a_kind in span_lists for span in spans_of_a_kind):
        if not spans or start >= spans[-1][1]:
            spans.append((start, end))
    return spans


def parse(path: str, source: str) -> Document:
    return read(path, source, conceal(source, merged(template_spans(source), directive_spans(source))))


def read(path: str, source: str, concealed: str, comments: list[Comment] | None = None) -> Document:
    """The Document of `source`, parsed from `concealed`: the source at the same length with what
    is never prose (template syntax, MDX's) hidden. `comments`: directives written another way."""
    b = _Builder(path, concealed)
    b.comments += comments or []
    to_char = ByteOffsets(concealed).to_char
    # Hugo's JSON front matter (a JSON object that opens the file) is metadata: the Markdown
    # parser reads it blanked (same length, so every offset holds) and never sees it as prose
    json_end = frontmatter.json_end(source)
    if json_end:
        b.metadata, b.metadata_spans = frontmatter.parse_json(path, source[:json_end])
    markdown = _blanked(concealed, json_end) if json_end else concealed
    for event, span in pyromark.events_with_range(markdown, options=OPTIONS):
        start, end = to_char(span["start"]), to_char(span["end"])
        if isinstance(event, str):  # SoftBreak, HardBreak, Rule
            if event == "Rule":
                b.close_leaf()
            continue
        ((tag, value),) = event.items()
        if tag == "Text":
            if b.in_metadata:
                b.metadata, b.metadata_spans = _front_matter(b, source, start, end)
            else:
                b.add_prose(start, end)
                if isinstance(value, str) and len(value) < end - start and source[start:end] != value:
                    b.decoded.append((start, end, value))  # "&#97;", "&nbsp;", "\*": the reader sees the value
        elif tag == "FootnoteReference":
            b.add_prose(start, end)  # keep "[^1]" visible: it is a citation marker
        elif tag in ("Html", "InlineHtml"):
            b.add_comment(start, end, source[start:end])
        elif tag == "Start":
            _start(b, value, start, end)
        elif tag == "End":
            _end(b, value, start, end)
    b.close_leaf()
    b.links = [replace(k, url=source[k.target_start : k.target_end]) if source[k.target_start : k.target_end] != k.url
               and concealed[k.target_start : k.target_end] == k.url else k for k in b.links]  # fmt: skip
    b.comments.sort(key=lambda comment: comment.start)
    masked = _mask(concealed, b.prose, b.blocks, b.decoded)
    if b.html_blocks:
        masked = "".join(_overlaid(masked, b.html_blocks))
    return Document(path, source, masked, b.blocks, b.links, b.comments, b.metadata, b.metadata_spans)


def _blanked(source: str, end: int) -> str:
    return "".join(char if char in "\r\n" else " " for char in source[:end]) + source[end:]


def _front_matter(b: _Builder, source: str, start: int, end: int) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
    line_offset = source.count("\n", 0, start)
    read = frontmatter.parse_toml if b.toml_metadata else frontmatter.parse
    return read(b.path, source[start:end], start, line_offset)


def _name(value: Any) -> str:
    return value if isinstance(value, str) else next(iter(value))


def _start(b: _Builder, value: Any, start: int, end: int) -> None:
    name = _name(value)
    if name in _LEAVES:
        b.close_leaf()
        b.leaf = b.paragraph_kind() if name == "Paragraph" else _LEAVES[name]
        b.section += name == "Heading"
    elif name in _CONTAINERS:
        b.close_leaf()
        b.containers.append(name)
    elif name == "HtmlBlock" and not b.containers:
        b.close_leaf()
        _html_block(b, start, end)
    elif name in ("CodeBlock", "MetadataBlock", "HtmlBlock", "List", "Table", "TableHead", "TableRow"):
        b.close_leaf()
        b.in_code = b.in_code or name == "CodeBlock"
        b.in_metadata = b.in_metadata or name == "MetadataBlock"
        if name == "MetadataBlock":
            b.toml_metadata = value[name] == "PlusesStyle"
    elif name in ("Link", "Image"):
        link = value[name]
        b.link_stack.append((start, link["dest_url"], len(b.prose)))
        b.image_depth += name == "Image"


def _end(b: _Builder, value: Any, start: int, end: int) -> None:
    name = _name(value)
    if name in _LEAVES:
        b.close_leaf()
    elif name in _CONTAINERS:
        b.close_leaf()
        b.containers.pop()
    elif name == "CodeBlock":
        b.in_code = False
    elif name == "MetadataBlock":
        b.in_metadata = False
    elif name == "Image":
        b.link_stack.pop()
        b.image_depth -= 1
    elif name == "Link":
        link_start, url, first_prose = b.link_stack.pop()
        text_ranges = b.prose[first_prose:]
        text_end = text_ranges[-1][1] if text_ranges else link_start
        text_start = text_ranges[0][0] if text_ranges else link_start
        tail = b.source[text_end:end]
        at = tail.find(url) if url else -1
        target = (text_end + at, text_end + at + len(url)) if at >= 0 else (text_end, end)
        if text_ranges and b.source[text_start:text_end] == url:
            target = (text_start, text_end)  # autolink: the text is the target
        b.links.append(Link(text_start, text_end, *target, url))


def _html_block(b: _Builder, start: int, end: int) -> None:
    """An HTML block (a callout `<div>`, a `<details>`) is read as HTML: its prose is checked like
    the Markdown around it. (Inside a list item or a blockquote its lines carry the container's
    markers, and it stays unread, as before.)"""
    from lint.markup import html

    masked, blocks, links = html.fragment(b.source[start:end])
    b.blocks += [
        replace(block, start=block.start + start, end=block.end + start, section=b.section) for block in blocks
    ]
    b.links += [
        Link(k.text_start + start, k.text_end + start, k.target_start + start, k.target_end + start, k.url)
        for k in links
    ]
    b.html_blocks.append((start, masked))


def _overlaid(masked: str, pieces: list[tuple[int, str]]) -> Iterator[str]:
    at = 0
    for start, piece in pieces:
        yield masked[at:start]
        yield piece
        at = start + len(piece)
    yield masked[at:]


def _mask(source: str, prose: list[tuple[int, int]], blocks: list[Block], decoded: list[tuple[int, int, str]]) -> str:
    """Prose copied, the rest blanked; inline markup between two pieces of one block's prose is
    TRANSPARENT (it hides nothing from a reader), a decoded reference is its value then CONTINUATION."""
    pieces: list[str] = []
    at = 0
    block_ends = [block.end for block in blocks]
    for start, end in prose:
        gap = source[at:start]
        inside = bisect_left(block_ends, start)
        same_block = at > 0 and inside < len(blocks) and blocks[inside].start < at
        pieces.append(TRANSPARENT * len(gap) if same_block and _INLINE_MARKUP.fullmatch(gap) else blank(gap))
        pieces.append(source[start:end])
        at = end
    pieces.append(blank(source[at:]))
    masked = "".join(pieces)
    if not decoded:
        return masked
    chars = list(masked)
    for start, end, value in decoded:
        chars[start:end] = value + CONTINUATION * (end - start - len(value))
    return "".join(chars)
