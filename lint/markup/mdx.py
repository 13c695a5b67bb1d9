"""MDX (Docusaurus, Nextra, Astro): Markdown with JSX components, ESM lines and `{expressions}`.

Read as Markdown after hiding, at the same length, what is MDX's own, so every position is the
source's: `import`/`export` blocks, JSX tags with their attributes, `{expressions}`. The text
inside components is prose, as a reader sees it. MDX has no HTML comments: a suppression
directive is written `{/* healthlint-disable ... */}`.
"""

from __future__ import annotations

import re

from lint.markup import markdown
from lint.markup.document import Comment, Document
from lint.markup.frontmatter import json_end

_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_ESM = re.compile(r"(?:import|export)\b")
_BLANK_LINE = re.compile(r"\n[ \t]*(?:\n|\Z)")
_TICKS = re.compile(r"`+")
_INTERESTING = re.compile(r"[`\\{<\n]")
_TAG_NAME = re.compile(r"[A-Za-z][\w.:-]*")
_FRONT_MATTER = re.compile(r"---[ \t]*\r?\n(?:.*\r?\n)*?---[ \t]*(?:\r?\n|\Z)")
_LONGEST = 20_000  # an expression or tag not closed within this many characters is text (MDX would fail)


def parse(path: str, source: str) -> Document:
    spans, tags, comments = _syntax(source)
    spans = markdown.merged(spans, markdown.directive_spans(source))
    return markdown.read(path, source, markdown.conceal(source, spans, tags), comments)


def _syntax(source: str) -> tuple[list[tuple[int, int]], dict[int, str], list[Comment]]:
    """Where MDX's own syntax is: spans to hide, what a tag is hidden as (`<Callout>` keeps its name,
    so Markdown still sees a tag), and the directives written as `{/* */}` comments. Linear: a
    scan that fails (an unclosed `{`, a `<` that is text) is not started again inside what it read."""
    spans: list[tuple[int, int]] = []
    tags: dict[int, str] = {}
    comments: list[Comment] = []
    front = _FRONT_MATTER.match(source)
    at = front.end() if front else json_end(source)
    fence = ""
    size = len(source)
    paragraph_end = -1  # where the paragraph being read ends (inline code does not cross it)
    unclosed_ticks: dict[int, int] = {}  # backtick run length -> no closing run before this offset
    read_to = {"{": 0, "<": 0}  # a failed scan read this far: no new scan of that kind before it
    while at < size:
        if at == 0 or source[at - 1] == "\n":  # a line starts: code fences and ESM are lines
            line_end = source.find("\n", at)
            line = source[at : line_end if line_end >= 0 else size]
            opening = _FENCE.match(line)
            if fence or opening:
                if not fence and opening:
                    fence = opening.group(1)
                elif line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                    fence = ""
                at = size if line_end < 0 else line_end + 1
                continue
            if _ESM.match(line):
                blank = _BLANK_LINE.search(source, at)
                end = blank.start() if blank else size
                spans.append((at, end))
                at = end
                continue
        found = _INTERESTING.search(source, at)
        if found is None:
            break
        at, char = found.start(), found.group()
        if char == "\n":
            at += 1
        elif char == "\\":
            at += 2
        elif char == "`":
            if at > paragraph_end:
                blank = _BLANK_LINE.search(source, at)
                paragraph_end = blank.start() if blank else size
            at = _code_span_end(source, at, paragraph_end, unclosed_ticks)
        elif char == "{":
            closed, reached = _expression_end(source, at) if at >= read_to["{"] else (None, at)
            if closed is None:
                read_to["{"] = max(read_to["{"], reached)
                at += 1
                continue
            inner = source[at + 1 : closed - 1].strip()
            if inner.startswith("/*") and inner.endswith("*/"):
                comments.append(Comment(at, closed, f"<!--{inner[2:-2]}-->"))
            spans.append((at, closed))
            at = closed
        else:
            tag, reached = _tag(source, at) if at >= read_to["<"] else (None, at)
            if tag is None:
                read_to["<"] = max(read_to["<"], reached)
                at += 1
                continue
            spans.append((at, tag[0]))
            tags[at] = tag[1]
            at = tag[0]
    return spans, tags, comments


def _code_span_end(source: str, at: int, stop: int, unclosed: dict[int, int]) -> int:
    """Past the inline code span opening at `at` (its text is code, not JSX), or past its backticks
    when no run as long closes it before `stop`."""
    run = _TICKS.match(source, at).end() - at  # type: ignore[union-attr]
    if unclosed.get(run, -1) < stop:
        for ticks in _TICKS.finditer(source, at + run, stop):
            if ticks.end() - ticks.start() == run:
                return ticks.end()
        unclosed[run] = stop
    return at + run


def _expression_end(source: str, at: int) -> tuple[int | None, int]:
    """The end of the `{expression}` opening at `at` (braces nested, strings and comments skipped),
    or None; and how far the scan read."""
    depth = 0
    index = at
    limit = min(len(source), at + _LONGEST)
    while index < limit:
        char = source[index]
        if char in "\"'`" or source.startswith("/*", index):
            close = source.find("*/" if char == "/" else char, index + 1 + (char == "/"), limit)
            if close < 0:
                return None, limit
            index = close + (char == "/")
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index + 1, index + 1
        index += 1
    return None, limit


def _tag(source: str, at: int) -> tuple[tuple[int, str] | None, int]:
    """A JSX tag opening at `at`: its end and the same-length text Markdown reads in its place (its
    name, its attributes blanked), or None when the `<` is text (`a < b`) or an autolink; and how
    far the scan read."""
    closing = source.startswith("</", at)
    start = at + 2 if closing else at + 1
    if source.startswith(">", start):  # a fragment, <> or </>
        return (start + 1, " " * (start + 1 - at)), start + 1
    name = _TAG_NAME.match(source, start)
    if name is None or ":" in name.group() or name.end() >= len(source) or source[name.end()] not in " \t\r\n/>":
        return None, start
    index = name.end()
    limit = min(len(source), at + _LONGEST)
    while index < limit:
        char = source[index]
        if char == ">" or source.startswith("/>", index):
            end = index + (1 if char == ">" else 2)
            shown = "<" + ("/" if closing else "") + re.sub(r"[^A-Za-z0-9-]", "-", name.group())
            attributes = "".join(c if c in "\r\n" else " " for c in source[name.end() : index])
            return (end, shown + attributes + source[index:end]), end
        if char in "\"'":
            found = source.find(char, index + 1, limit)
            if found < 0:
                return None, limit
            index = found + 1
        elif char == "{":
            closed, reached = _expression_end(source, index)
            if closed is None:
                return None, reached
            index = closed
        elif char == "<" or (char == "\n" and _BLANK_LINE.match(source, index)):
            return None, index  # a new tag, or a blank line, before this one closed: it was text
        else:
            index += 1
    return None, limit
