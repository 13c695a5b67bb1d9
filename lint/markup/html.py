"""HTML (CMS exports, saved pages) to a Document.

Tokens come from `lint.markup.htmltokens` with exact source spans, so prose ranges, links and
comments are exact. When the page has a real <article> or <main> element, only what is inside is
prose; navigation, scripts, styles, form controls, code and hidden elements never are. `masked`
keeps what a reader sees as one phrase as one: inside a paragraph, inline tags, comments and
hidden inline content are TRANSPARENT, a character reference is its decoded character then
CONTINUATION, and `<br>` is a space that does not end the paragraph. Author, dates and
description come from meta tags and JSON-LD and become the document's metadata, as Markdown
front matter does. Every step costs a bounded amount per token: an open element is found by a
count per tag name, never by scanning the stack.
"""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any, NamedTuple

from lint.markup.document import CONTINUATION, TRANSPARENT, Block, Comment, Document, Link, blank
from lint.markup.htmltokens import Attribute, Token, tokenize

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_SEPARATING = frozenset({"br", "hr", "img", "input", "embed"})  # void elements a reader sees between words
_INVISIBLE = frozenset("script style template head title noscript datalist".split())
_NOT_PROSE = _INVISIBLE | frozenset(
    "nav svg math code pre kbd samp var button select option textarea iframe object canvas audio video map".split()
)
_ROOTS = frozenset({"article", "main"})
_FOREIGN = ("svg", "math")  # inside them `<x/>` closes itself
_LEAVES = {
    **{f"h{n}": "heading" for n in range(1, 7)},
    "p": "paragraph", "li": "list_item", "td": "table_cell", "th": "table_cell", "dt": "paragraph",
    "dd": "paragraph", "figcaption": "paragraph", "caption": "paragraph", "summary": "paragraph",
    "legend": "paragraph",
}  # fmt: skip
_BLOCKS = frozenset(_LEAVES) | frozenset(
    "html body div section article main blockquote ul ol menu dl table thead tbody tfoot tr hr header footer aside "
    "nav figure details form fieldset address hgroup dialog pre center".split()
)
_HEAD_CONTENT = frozenset("html head meta link title style script noscript base template".split())

# Elements a later start tag closes without an end tag, as browsers do (`<li>One<li>Two`):
# the group an element belongs to, and for a start tag, each group it closes unless an element
# of a boundary group was opened inside it.
_GROUP = {
    "li": "li", "ul": "list", "ol": "list", "menu": "list", "dt": "dd", "dd": "dd", "dl": "dl", "td": "cell",
    "th": "cell", "tr": "row", "table": "table", "p": "p", "a": "a", "head": "head", "button": "scope",
    "caption": "scope", "object": "scope", "template": "scope",
}  # fmt: skip
_CLOSE_HEAD = (("head", ()),)
_CLOSE_P = (("p", ("scope", "cell", "table")),)
_IMPLIED_ENDS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    **{tag: (*_CLOSE_HEAD, *_CLOSE_P) for tag in _BLOCKS - {"html", "body", "tr", "td", "th", "caption", "thead",
                                                           "tbody", "tfoot"}},
    **{tag: () for tag in _HEAD_CONTENT},
    "li": (*_CLOSE_HEAD, ("li", ("list", "scope", "cell", "table")), *_CLOSE_P),
    "dt": (*_CLOSE_HEAD, ("dd", ("dl", "scope", "cell", "table")), *_CLOSE_P),
    "dd": (*_CLOSE_HEAD, ("dd", ("dl", "scope", "cell", "table")), *_CLOSE_P),
    "tr": (*_CLOSE_HEAD, ("row", ("table",)), ("cell", ("table",))),
    "td": (*_CLOSE_HEAD, ("cell", ("row", "table"))),
    "th": (*_CLOSE_HEAD, ("cell", ("row", "table"))),
    "a": (*_CLOSE_HEAD, ("a", ("scope", "cell", "table"))),
}  # fmt: skip

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_META_KEYS = {
    "author": "author", "article:author": "author", "description": "description", "og:description": "description",
    "article:published_time": "date", "date": "date", "dc.date": "date", "citation_publication_date": "date",
    "article:modified_time": "last_reviewed", "last-modified": "last_reviewed", "dcterms.modified": "last_reviewed",
}  # fmt: skip
_JSON_LD_KEYS = {"datePublished": "date", "dateModified": "last_reviewed", "lastReviewed": "last_reviewed",
                 "description": "description", "headline": "title"}  # fmt: skip
_ARTICLE_TYPES = ("Article", "Posting", "Release")  # schema.org kinds of a page's text


class _Open(NamedTuple):
    """An open element."""

    tag: str
    invisible: bool  # a reader does not see what is inside (hidden, display: none, a script)
    not_prose: bool  # seen or not, what is inside is not prose (code, navigation, form controls)
    in_root: bool  # inside <article> or <main>
    innermost: dict[str, int]  # group -> stack index of the innermost open element of that group
    link: tuple[int, str, int, int] | None  # (index of its first prose range, url, target span)


_TOP = _Open("", False, False, False, {}, None)  # what is outside every element


class _Builder:
    def __init__(self, source: str, has_root: bool) -> None:
        self.source = source
        self.has_root = has_root
        self.stack: list[_Open] = []
        self.open_count: dict[str, int] = {}  # tag -> how many are open
        self.masked: list[str] = []
        self.prose: list[tuple[int, int]] = []
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.comments: list[Comment] = []
        self.metadata: dict[str, Any] = {}
        self.leaf: str | None = None
        self.leaf_span: tuple[int, int] | None = None
        self.section = 0
        self.script_type = ""
        self.title = ""  # the page's <title>; JSON-LD's headline comes first

    # --- state ------------------------------------------------------------------------------
    @property
    def top(self) -> _Open:
        return self.stack[-1] if self.stack else _TOP

    @property
    def is_prose(self) -> bool:
        top = self.top
        return not top.not_prose and (top.in_root or not self.has_root)

    @property
    def in_phrase(self) -> bool:
        """Inside a paragraph, where what a reader does not see must not split a word."""
        return self.leaf is not None and (self.is_prose or self.top.invisible)

    def open(self, tag: str) -> bool:
        return self.open_count.get(tag, 0) > 0

    # --- output -----------------------------------------------------------------------------
    def hide(self, token: Token, shown_as: str = "nothing") -> None:
        """Mask a token a reader does not see as prose. Inside a phrase it is TRANSPARENT if it
        shows as "nothing", one space if it shows as a "break" (`<br>`, an image); blanked if it
        is "markup" the view keeps (a block's tag, a link's start tag with its target)."""
        text = self.source[token.start : token.end]
        if not self.in_phrase or shown_as == "markup":
            self.masked.append(blank(text))
        else:
            self.masked.append((" " if shown_as == "break" else TRANSPARENT) + TRANSPARENT * (len(text) - 1))

    def add_prose(self, start: int, end: int, masked: str) -> None:
        self.masked.append(masked)
        if self.leaf is None:
            self.leaf = "paragraph"
        if self.prose and self.prose[-1][1] == start:
            self.prose[-1] = (self.prose[-1][0], end)
        else:
            self.prose.append((start, end))
        self.leaf_span = (start, end) if self.leaf_span is None else (self.leaf_span[0], end)

    def close_leaf(self) -> None:
        if self.leaf is not None and self.leaf_span is not None:
            start, end = self.leaf_span
            while end > start and self.source[end - 1].isspace():
                end -= 1
            while start < end and self.source[start].isspace():
                start += 1
            if start < end:
                kind = "title" if self.leaf == "heading" and not self.blocks and self.section == 1 else self.leaf
                self.blocks.append(Block(kind, start, end, self.section, self.open("blockquote")))
        self.leaf, self.leaf_span = None, None

    # --- the open elements -------------------------------------------------------------------
    def push(self, tag: str, attributes: dict[str, Attribute], target: tuple[int, int] | None) -> None:
        parent = self.top
        hidden = (
            "hidden" in attributes
            or bool(_HIDDEN_STYLE.search(attributes["style"].value if "style" in attributes else ""))
            or (tag == "dialog" and "open" not in attributes)
        )
        invisible = parent.invisible or hidden or tag in _INVISIBLE
        innermost = parent.innermost
        if tag in _GROUP:
            innermost = {**innermost, _GROUP[tag]: len(self.stack)}
        entry = _Open(tag, invisible, parent.not_prose or invisible or tag in _NOT_PROSE,
                      parent.in_root or tag in _ROOTS, innermost, None)  # fmt: skip
        self.stack.append(entry)
        self.open_count[tag] = self.open_count.get(tag, 0) + 1
        if target is not None and self.is_prose:
            self.stack[-1] = entry._replace(link=(len(self.prose), attributes["href"].value, *target))

    def pop(self) -> None:
        entry = self.stack.pop()
        self.open_count[entry.tag] -= 1
        if entry.link is not None and len(self.prose) > entry.link[0]:
            first, url, target_start, target_end = entry.link
            self.links.append(Link(self.prose[first][0], self.prose[-1][1], target_start, target_end, url))

    def pop_to(self, index: int) -> None:
        while len(self.stack) > index:
            self.pop()

    def close_implied(self, tag: str) -> None:
        for group, boundaries in _IMPLIED_ENDS.get(tag, _CLOSE_HEAD):
            innermost = self.top.innermost
            at = innermost.get(group, -1)
            if at >= 0 and all(innermost.get(boundary, -1) < at for boundary in boundaries):
                self.pop_to(at)

    # --- tokens -------------------------------------------------------------------------------
    def feed(self, token: Token) -> None:
        if token.kind in ("text", "reference"):
            self.text(token)
        elif token.kind == "start":
            self.start_tag(token)
        elif token.kind == "end":
            self.end_tag(token)
        elif token.kind == "raw":
            self.raw_text(token)
        else:
            if token.kind == "comment":
                self.comments.append(Comment(token.start, token.end, self.source[token.start : token.end]))
            self.hide(token)

    def text(self, token: Token) -> None:
        start, end = token.start, token.end
        reference = token.kind == "reference"
        seen = token.name if reference else self.source[start:end]
        if self.open("head") and not seen.isspace():  # text ends an unclosed <head>, as in a browser
            self.pop_to(self.top.innermost["head"])
        if not self.is_prose or (self.leaf is None and seen.isspace()):
            self.hide(token)
        elif not reference:
            self.add_prose(start, end, seen)
        else:
            self.add_prose(start, end, _decoded(seen, self.source[start:end]))

    def start_tag(self, token: Token) -> None:
        tag, attributes = token.name, token.attributes or {}
        if tag == "meta":
            self._meta({name: attribute.value for name, attribute in attributes.items()})
        if tag in _BLOCKS:
            self.close_leaf()
        self.close_implied(tag)
        link = tag == "a" and "href" in attributes
        self.hide(token, "markup" if tag in _BLOCKS or link else "break" if tag in _SEPARATING else "nothing")
        foreign = tag in _FOREIGN or any(self.open(name) for name in _FOREIGN)
        if tag in _VOID or (token.self_closing and foreign):
            return
        target = (attributes["href"].start, attributes["href"].end) if link else None
        self.push(tag, attributes, target)
        if tag == "script":
            self.script_type = attributes["type"].value.lower() if "type" in attributes else ""
        if tag in _LEAVES and self.is_prose:
            self.leaf = _LEAVES[tag]
            self.section += self.leaf == "heading"

    def end_tag(self, token: Token) -> None:
        if token.name in _BLOCKS:
            self.close_leaf()
        self.hide(token, "markup" if token.name in _BLOCKS else "break" if token.name in _SEPARATING else "nothing")
        if self.open(token.name):
            while self.stack[-1].tag != token.name:
                self.pop()
            self.pop()

    def raw_text(self, token: Token) -> None:
        """The content of a script, style, title, textarea ...: never prose."""
        self.hide(token)
        text = self.source[token.start : token.end]
        tag = self.top.tag
        if tag == "script" and "ld+json" in self.script_type:
            self._json_ld(text)
        elif tag == "title" and not self.title and not any(self.open(name) for name in _FOREIGN):
            self.title = " ".join(unescape(text).split())

    def finish(self) -> None:
        self.close_leaf()
        self.pop_to(0)

    # --- metadata -----------------------------------------------------------------------------
    def _meta(self, values: dict[str, str]) -> None:
        key = (values.get("name") or values.get("property") or "").lower()
        if key in _META_KEYS and values.get("content") and _META_KEYS[key] not in self.metadata:
            self.metadata[_META_KEYS[key]] = values["content"]

    def _json_ld(self, data: str) -> None:
        try:
            parsed = json.loads(data)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
            return
        graph = parsed.get("@graph") if isinstance(parsed, dict) else None
        items = parsed if isinstance(parsed, list) else graph if isinstance(graph, list) else [graph, parsed]
        for item in items:
            if not isinstance(item, dict):
                continue
            for key, field in _JSON_LD_KEYS.items():
                if isinstance(item.get(key), str) and field not in self.metadata:
                    self.metadata[field] = item[key]
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            # the page's own kind ("NewsArticle", "BlogPosting") states its genre; a graph's
            # Organization, WebSite or BreadcrumbList says nothing about the text
            article = next((k for k in kinds if isinstance(k, str) and k.endswith(_ARTICLE_TYPES)), None)
            if article and "type" not in self.metadata:
                self.metadata["type"] = article
            for key, field in (("author", "author"), ("reviewedBy", "reviewed_by")):  # a medical page's reviewer
                author = item.get(key)
                if isinstance(author, list) and author:
                    author = author[0]
                if isinstance(author, dict):
                    author = author.get("name")
                if isinstance(author, str) and field not in self.metadata:
                    self.metadata[field] = author


def _decoded(value: str, written: str) -> str:
    """A character reference in `masked`: its value then CONTINUATION, a line break as a space
    (the source has none there); a reference to nothing (`&#1;`) is TRANSPARENT."""
    if not value:
        return TRANSPARENT * len(written)
    if len(value) > len(written):  # no reference is shorter than its value; kept as written if one were
        return written
    value = "".join(" " if char in _LINE_BREAKS else char for char in value)
    return value + CONTINUATION * (len(written) - len(value))


def parse(path: str, source: str) -> Document:
    # Only a real element decides (not "<main>" in a comment or a script): a first pass over the tokens.
    has_root = any(token.kind == "start" and token.name in _ROOTS for token in tokenize(source))
    builder = _built(source, has_root)
    if builder.title:
        builder.metadata.setdefault("title", builder.title)
    masked = "".join(builder.masked)
    return Document(path, source, masked, builder.blocks, builder.links, builder.comments, builder.metadata)


def fragment(source: str) -> tuple[str, list[Block], list[Link]]:
    """HTML inside another format (an HTML block in Markdown): its masked text, blocks and links,
    in the fragment's own offsets. Its comments and metadata are the host document's business."""
    builder = _built(source, has_root=False)
    return "".join(builder.masked), builder.blocks, builder.links


def _built(source: str, has_root: bool) -> _Builder:
    builder = _Builder(source, has_root)
    for token in tokenize(source):
        builder.feed(token)
    builder.finish()
    return builder
