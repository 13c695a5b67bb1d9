"""HTML (CMS exports, saved pages) to a Document.

The standard library's tokenizer reports where each token starts; fed the whole document
at once, its positions are offsets into the source, so prose ranges, links and comments are
exact through entities and tags. When the page has an <article> or <main>, only that is
prose; navigation, scripts, styles, forms, code and hidden elements never are. Author,
dates and description come from meta tags and JSON-LD and become the document's metadata,
as Markdown front matter does.
"""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from typing import Any

from lint.markup.document import Block, Comment, Document, Link, blank

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_NOT_PROSE = frozenset(
    "script style noscript template svg math head nav code pre kbd samp var button select option textarea "
    "iframe object canvas audio video map form".split()
)
_CHROME = frozenset({"header", "footer", "aside"})  # site chrome, unless inside <article>/<main>
_LEAVES = {
    **{f"h{n}": "heading" for n in range(1, 7)},
    "p": "paragraph", "li": "list_item", "td": "table_cell", "th": "table_cell", "dt": "paragraph",
    "dd": "paragraph", "figcaption": "paragraph", "caption": "paragraph", "summary": "paragraph",
}  # fmt: skip
_BLOCKS = frozenset(_LEAVES) | {"div", "section", "article", "main", "blockquote", "ul", "ol", "dl", "table", "tr",
                                "br", "hr", "header", "footer", "aside", "figure", "details", "body"}  # fmt: skip
_CONTENT_ROOT = re.compile(r"<(?:article|main)[\s>]", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_META_KEYS = {
    "author": "author", "article:author": "author", "description": "description", "og:description": "description",
    "article:published_time": "date", "date": "date", "dc.date": "date", "citation_publication_date": "date",
    "article:modified_time": "last_reviewed", "last-modified": "last_reviewed", "dcterms.modified": "last_reviewed",
}  # fmt: skip
_JSON_LD_KEYS = {"datePublished": "date", "dateModified": "last_reviewed", "lastReviewed": "last_reviewed",
                 "description": "description", "headline": "title"}  # fmt: skip


class _Parser(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.has_root = _CONTENT_ROOT.search(source) is not None
        self.stack: list[tuple[str, bool]] = []  # (tag, excluded: not prose inside)
        self.cursor = 0  # source offset where the current token starts
        self.pending_prose = False
        self.prose: list[tuple[int, int]] = []
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.comments: list[Comment] = []
        self.metadata: dict[str, Any] = {}
        self.leaf: str | None = None
        self.leaf_span: tuple[int, int] | None = None
        self.section = 0
        self.open_links: list[tuple[int, str, tuple[int, int]]] = []  # (prose count, url, href span)
        self.script_type = ""
        self.title_parts: list[str] = []

    # --- positions ------------------------------------------------------------------------
    def updatepos(self, i: int, j: int) -> int:
        if self.pending_prose and i < j:
            self._add_prose(i, j)
        self.pending_prose = False
        self.cursor = j
        return super().updatepos(i, j)

    def _add_prose(self, start: int, end: int) -> None:
        if self.leaf is None:
            self.leaf = "paragraph"
        if self.prose and self.prose[-1][1] == start:
            self.prose[-1] = (self.prose[-1][0], end)
        else:
            self.prose.append((start, end))
        self.leaf_span = (start, end) if self.leaf_span is None else (self.leaf_span[0], end)

    # --- state ------------------------------------------------------------------------------
    @property
    def excluded(self) -> bool:
        return (bool(self.stack) and self.stack[-1][1]) or (self.has_root and not self.stack)

    def in_quote(self) -> bool:
        return any(tag == "blockquote" for tag, _ in self.stack)

    def close_leaf(self) -> None:
        if self.leaf is not None and self.leaf_span is not None:
            start, end = self.leaf_span
            while end > start and self.source[end - 1].isspace():
                end -= 1
            while start < end and self.source[start].isspace():
                start += 1
            if start < end:
                kind = "title" if self.leaf == "heading" and not self.blocks and self.section == 1 else self.leaf
                self.blocks.append(Block(kind, start, end, self.section, self.in_quote()))
        self.leaf, self.leaf_span = None, None

    # --- tokens -------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta":
            self._meta(values)
        if tag in _BLOCKS or tag in _LEAVES:
            self.close_leaf()
        if tag in _VOID:
            return
        parent_excluded = self.excluded
        hidden = (
            "hidden" in values
            or values.get("aria-hidden") == "true"
            or bool(_HIDDEN_STYLE.search(values.get("style", "")))
        )
        root = tag in ("article", "main")
        chrome = tag in _CHROME and not self.has_root
        excluded = (parent_excluded and not root) or tag in _NOT_PROSE or hidden or chrome
        if self.has_root and root and not hidden:
            excluded = False
        self.stack.append((tag, excluded))
        if tag == "script":
            self.script_type = values.get("type", "").lower()
        if excluded:
            return
        if tag in _LEAVES:
            self.leaf = _LEAVES[tag]
            self.section += self.leaf == "heading"
        elif tag == "a" and "href" in values:
            self.open_links.append((len(self.prose), values["href"], self._attribute_span("href")))

    def _attribute_span(self, name: str) -> tuple[int, int]:
        text = self.get_starttag_text() or ""
        match = re.search(rf"""\b{name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", text, re.IGNORECASE)
        if match is None:
            return self.cursor, self.cursor
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        return self.cursor + match.start(group), self.cursor + match.end(group)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS or tag in _LEAVES:
            self.close_leaf()
        if tag == "a" and self.open_links and not self.excluded:
            first, url, (target_start, target_end) = self.open_links.pop()
            ranges = self.prose[first:]
            if ranges:
                self.links.append(Link(ranges[0][0], ranges[-1][1], target_start, target_end, url))
        if any(open_tag == tag for open_tag, _ in self.stack):
            while self.stack:
                open_tag, _ = self.stack.pop()
                if open_tag == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "script" and "ld+json" in self.script_type:
            self._json_ld(data)
        elif self.stack and self.stack[-1][0] == "title":
            self.title_parts.append(data)
        elif not self.excluded and (self.leaf is not None or not data.isspace()):
            self.pending_prose = True

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};")

    def _reference(self, text: str) -> None:
        if self.stack and self.stack[-1][0] == "title":
            self.title_parts.append(unescape(text))
        else:
            self.pending_prose = not self.excluded

    def handle_comment(self, data: str) -> None:
        self.comments.append(Comment(self.cursor, self.cursor + len(data) + 7, f"<!--{data}-->"))

    # --- metadata -----------------------------------------------------------------------------
    def _meta(self, values: dict[str, str]) -> None:
        key = (values.get("name") or values.get("property") or "").lower()
        if key in _META_KEYS and values.get("content") and _META_KEYS[key] not in self.metadata:
            self.metadata[_META_KEYS[key]] = values["content"]

    def _json_ld(self, data: str) -> None:
        try:
            parsed = json.loads(data)
        except ValueError:
            return
        items = (
            parsed if isinstance(parsed, list) else parsed.get("@graph", [parsed]) if isinstance(parsed, dict) else []
        )
        for item in items:
            if not isinstance(item, dict):
                continue
            for key, field in _JSON_LD_KEYS.items():
                if isinstance(item.get(key), str) and field not in self.metadata:
                    self.metadata[field] = item[key]
            author = item.get("author")
            if isinstance(author, list) and author:
                author = author[0]
            if isinstance(author, dict):
                author = author.get("name")
            if isinstance(author, str) and "author" not in self.metadata:
                self.metadata["author"] = author


def parse(path: str, source: str) -> Document:
    parser = _Parser(source)
    parser.feed(source)
    parser.close()
    parser.close_leaf()
    title = " ".join("".join(parser.title_parts).split())
    if title:
        parser.metadata.setdefault("title", title)
    pieces: list[str] = []
    at = 0
    for start, end in parser.prose:
        pieces += [blank(source[at:start]), source[start:end]]
        at = end
    pieces.append(blank(source[at:]))
    return Document(path, source, "".join(pieces), parser.blocks, parser.links, parser.comments, parser.metadata)
