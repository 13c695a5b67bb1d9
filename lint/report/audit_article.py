"""An article as a reader sees it, as HTML for the audit report, each finding marked at its exact span.

Markdown is rendered from pulldown-cmark's event stream (through pyromark), whose byte ranges say
which source characters each piece of text is: a text event that is its source slice is split at
the findings' boundaries, so a `<mark>` holds exactly the matched text even across emphasis or a
line break (one mark per piece, all carrying the finding's number). Other formats (HTML, Word,
plain text, HTML blocks inside Markdown) are rendered from the document's view: its prose blocks,
with the findings mapped to view offsets. Nothing of the article's own markup is copied: every
tag is written here and every text is escaped, so an article's scripts, styles and images can
neither run nor load anything.
"""

from __future__ import annotations

import datetime
import html
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import Any

import pyromark

from lint.finding import SEVERITY_RANK, Finding
from lint.markup import FORMATS, binary_parser_for, frontmatter
from lint.markup.document import Block, Document
from lint.markup.markdown import OPTIONS
from lint.source import ByteOffsets

# shown in the metadata strip when present (other fields only when a finding is in them)
STRIP_FIELDS = ("title", "author", "authors", "date", "lastmod", "updated", "tags", "categories")


class Highlighter:
    """Escapes pieces of one text, wrapping the parts that findings cover in `<mark>`.

    `spans` are (finding number, start, end) in the text's offsets. Between two consecutive
    boundaries the set of covering findings is constant, so a piece is split only at boundaries.
    """

    def __init__(self, text: str, spans: Iterable[tuple[int, int, int]], severities: Sequence[str]) -> None:
        self.text = text
        self.severities = severities
        spans = [(number, start, end) for number, start, end in spans if start < end]
        self.bounds = sorted({offset for _, start, end in spans for offset in (start, end)})
        self.cover: list[list[int]] = [[] for _ in self.bounds]  # findings over [bounds[i], bounds[i + 1])
        for number, start, end in spans:
            for i in range(bisect_left(self.bounds, start), bisect_left(self.bounds, end)):
                self.cover[i].append(number)

    def piece(self, start: int, end: int) -> str:
        """The text from start to end, escaped and marked."""
        i = bisect_right(self.bounds, start) - 1
        out = []
        at = start
        while at < end:
            following = self.bounds[i + 1] if i + 1 < len(self.bounds) else end
            stop = min(following, end)
            out.append(self._wrap(html.escape(self.text[at:stop], quote=False), self.cover[i] if i >= 0 else []))
            at, i = stop, i + 1
        return "".join(out)

    def atom(self, start: int, end: int, shown: str) -> str:
        """Text shown for source that is not written as itself (`&amp;` shows `&`): marked whole
        by every finding that overlaps it."""
        return self._wrap(html.escape(shown, quote=False), self.covering(start, end))

    def covering(self, start: int, end: int) -> list[int]:
        """The findings that overlap start to end."""
        first = max(0, bisect_right(self.bounds, start) - 1)
        last = min(bisect_left(self.bounds, end), len(self.cover) - 1)  # the last stretch is never covered
        return sorted({n for i in range(first, last) if self.bounds[i + 1] > start for n in self.cover[i]})

    def _wrap(self, escaped: str, covering: Sequence[int]) -> str:
        if not covering or not escaped:
            return escaped
        worst = max((self.severities[n] for n in covering), key=lambda s: SEVERITY_RANK[s])
        return f'<mark class="{worst}" data-f="{" ".join(map(str, covering))}">{escaped}</mark>'


def render(doc: Document, findings: Sequence[Finding]) -> str:
    """The article's HTML: a metadata strip, then the body. A finding's marks carry its position
    in `findings`; a finding with no mark (a whole-document one, or one in a link target) is for
    the caller to list."""
    severities = [f.severity for f in findings]
    source_marks = Highlighter(doc.source, _source_spans(findings), severities)
    to_view = doc.origin.to_view
    view_marks = Highlighter(doc.masked, ((n, to_view(s), to_view(e)) for n, s, e in _source_spans(findings)),
                             severities)  # fmt: skip
    strip = _strip(doc, source_marks)
    if _is_markdown(doc.path):
        body = _markdown(doc, source_marks, view_marks)
    else:
        body = _blocks(doc.blocks, view_marks)
    return strip + body


def render_markdown(text: str) -> str:
    """Trusted Markdown (a rule's documentation) as HTML, links kept as links; raw HTML dropped."""
    marks = Highlighter(text, (), ())
    to_char = ByteOffsets(text).to_char
    return _Renderer(text, marks, None, links=True).run(pyromark.events_with_range(text, options=OPTIONS), to_char)


def _source_spans(findings: Sequence[Finding]) -> list[tuple[int, int, int]]:
    return [(number, f.start, f.end) for number, f in enumerate(findings) if f.match is not None]


def _is_markdown(path: str) -> bool:
    """Whether the file was read as Markdown (the parser's choice: unknown text formats are)."""
    return binary_parser_for(path) is None and FORMATS.get(PurePath(path).suffix.lower(), "markdown") == "markdown"


def _strip(doc: Document, marks: Highlighter) -> str:
    """Title, author, date and tags as a reader sees them above the article, and any other field a
    finding is in (its source text, marked)."""
    items = []
    for key, value in doc.metadata.items():
        span = doc.metadata_spans.get(key)
        start, end = doc.source_span(*span) if span else (0, 0)
        marked = bool(marks.covering(start, end)) if span else False
        if str(key).lower() not in STRIP_FIELDS and not marked:
            continue
        if marked and end - start >= 2 and doc.source[start] in "\"'" and doc.source[end - 1] == doc.source[start]:
            start, end = start + 1, end - 1  # a quoted value: a reader sees what is inside the quotes
        shown = marks.piece(start, end) if marked else html.escape(_shown(value), quote=False)
        items.append(f'<div><dt>{html.escape(str(key), quote=False)}</dt><dd data-field="{html.escape(str(key))}">'
                     f"{shown}</dd></div>")  # fmt: skip
    return f'<dl class="meta-strip">{"".join(items)}</dl>' if items else ""


def _shown(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_shown(item) for item in value)
    if isinstance(value, Mapping):
        return str(value.get("name", "")) or ", ".join(f"{k}: {_shown(v)}" for k, v in value.items())
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


_BLOCK_TAGS = {"title": "h1", "heading": "h2", "paragraph": "p", "footnote": "p", "table_cell": "p", "list_item": "li"}


def _blocks(blocks: Sequence[Block], marks: Highlighter) -> str:
    """Prose blocks of the view: headings, paragraphs, list items (a run of them is one list)."""
    out: list[str] = []
    in_list = False
    for block in blocks:
        if (block.kind == "list_item") != in_list:
            out.append("<ul>" if not in_list else "</ul>")
            in_list = not in_list
        tag = _BLOCK_TAGS[block.kind]
        kind = f' class="{block.kind}"' if block.kind in ("footnote", "table_cell") else ""
        inner = marks.piece(block.start, block.end)
        out.append(f"<blockquote><{tag}{kind}>{inner}</{tag}></blockquote>" if block.quoted
                   else f"<{tag}{kind}>{inner}</{tag}>")  # fmt: skip
    if in_list:
        out.append("</ul>")
    return "".join(out)


def _markdown(doc: Document, source_marks: Highlighter, view_marks: Highlighter) -> str:
    source = doc.source
    json_end = frontmatter.json_end(source)  # Hugo's JSON front matter is in the strip, not the body
    markdown = "".join(c if c in "\r\n" else " " for c in source[:json_end]) + source[json_end:]
    to_char = ByteOffsets(source).to_char
    renderer = _Renderer(source, source_marks, (doc, view_marks), links=False)
    return renderer.run(pyromark.events_with_range(markdown, options=OPTIONS), to_char)


_SIMPLE_TAGS = {"Paragraph": "p", "Emphasis": "em", "Strong": "strong", "Strikethrough": "del",
                "BlockQuote": "blockquote", "Item": "li", "TableHead": "thead", "TableRow": "tr"}  # fmt: skip


class _Renderer:
    """Writes HTML for a pulldown-cmark event stream; text through the highlighter."""

    def __init__(self, source: str, marks: Highlighter, html_view: tuple[Document, Highlighter] | None,
                 links: bool) -> None:  # fmt: skip
        self.source = source
        self.marks = marks
        self.html_view = html_view  # HTML blocks are rendered from the document's view
        self.links = links  # links as links (trusted text) or as text
        self.out: list[str] = []
        self.closing: list[str] = []  # end tags of open elements, innermost last
        self.skip = 0  # inside front matter or an image: nothing is written
        self.in_head = False

    def run(self, events: Iterable[tuple[Any, Any]], to_char: Callable[[int], int]) -> str:
        for event, span in events:
            start, end = to_char(span["start"]), to_char(span["end"])
            if isinstance(event, str):
                self._plain(event)
                continue
            ((tag, value),) = event.items()
            if tag == "Start":
                self._start(value, start, end)
            elif tag == "End":
                self._end(value)
            elif self.skip:
                continue
            elif tag == "Text":
                self.out.append(self._text(value, start, end))
            elif tag == "Code":
                self.out.append(f"<code>{html.escape(value, quote=False)}</code>")  # code is never prose
            elif tag == "FootnoteReference":
                self.out.append(f'<sup class="fn">{html.escape(value)}</sup>')
            elif tag == "TaskListMarker":
                self.out.append("☑ " if value else "☐ ")
        return "".join(self.out)

    def _text(self, value: str, start: int, end: int) -> str:
        if self.source[start:end] == value:
            return self.marks.piece(start, end)
        return self.marks.atom(start, end, value)

    def _plain(self, event: str) -> None:
        if self.skip:
            return
        self.out.append({"SoftBreak": "\n", "HardBreak": "<br>", "Rule": "<hr>"}.get(event, ""))

    def _open(self, start_tag: str, end_tag: str) -> None:
        self.out.append(start_tag)
        self.closing.append(end_tag)

    def _start(self, value: Any, start: int, end: int) -> None:
        name = value if isinstance(value, str) else next(iter(value))
        detail: Any = None if isinstance(value, str) else value[name]
        if self.skip or name in ("MetadataBlock", "Image", "HtmlBlock"):
            if not self.skip and name == "Image":
                self.out.append('<span class="image">[image]</span>')
            elif not self.skip and name == "HtmlBlock" and self.html_view is not None:
                self.out.append(self._html_block(start, end))
            self.skip += 1  # until its end: what is inside is written above or not at all
            self.closing.append("")
        elif name in _SIMPLE_TAGS:
            tag = _SIMPLE_TAGS[name]
            self._open(f"<{tag}>", f"</{tag}>")
            self.in_head = self.in_head or name == "TableHead"
        elif name == "Heading":
            level = detail["level"][1:]
            self._open(f"<h{level}>", f"</h{level}>")
        elif name == "List":
            if detail is None:
                self._open("<ul>", "</ul>")
            else:
                self._open(f'<ol start="{int(detail)}">', "</ol>")
        elif name == "CodeBlock":
            self._open("<pre><code>", "</code></pre>")
        elif name == "Table":
            self._open("<table>", "</table>")
        elif name == "TableCell":
            cell = "th" if self.in_head else "td"
            self._open(f"<{cell}>", f"</{cell}>")
        elif name == "Link":
            url = html.escape(detail["dest_url"])
            if self.links and detail["dest_url"].startswith(("https://", "http://")):
                self._open(f'<a href="{url}" rel="noopener noreferrer">', "</a>")
            else:
                self._open(f'<span class="link" title="{url}">', "</span>")
        elif name == "FootnoteDefinition":
            self._open(f'<div class="footnote"><sup class="fn">{html.escape(detail)}</sup> ', "</div>")
        else:
            self.closing.append("")

    def _end(self, value: Any) -> None:
        end_tag = self.closing.pop()
        if self.skip:
            self.skip -= 1
            return
        self.in_head = self.in_head and value != "TableHead"
        self.out.append(end_tag)

    def _html_block(self, start: int, end: int) -> str:
        """An HTML block's prose, as the view reads it (a callout `<div>`)."""
        assert self.html_view is not None
        doc, view_marks = self.html_view
        view_start, view_end = doc.origin.to_view(start), doc.origin.to_view(end)
        inside = [b for b in doc.blocks if view_start <= b.start and b.end <= view_end]
        return f'<div class="html-block">{_blocks(inside, view_marks)}</div>' if inside else ""
