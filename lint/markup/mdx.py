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
_TAG_NAME = re.compile(r"[A-Za-z][\w.:-]*")
_FRONT_MATTER = re.compile(r"---[ \t]*\r?\n(?:.*\r?\n)*?---[ \t]*(?:\r?\n|\Z)")
_LONGEST = 20_000  # an expression or tag not closed within this many characters is text (MDX would fail)


def parse(path: str, source: str) -> Document:
    spans, tags, comments = _syntax(source)
    return markdown.read(path, source, markdown.conceal(source, spans, tags), comments)


def _syntax(source: str) -> tuple[list[tuple[int, int]], dict[int, str], list[Comment]]:
    """Where MDX's own syntax is: spans to hide, what a tag is hidden as (`<Callout>` keeps its name,
    so Markdown still sees a tag), and the directives written as `{/* */}` comments."""
    spans: list[tuple[int, int]] = []
    tags: dict[int, str] = {}
    comments: list[Comment] = []
    front = _FRONT_MATTER.match(source)
    at = front.end() if front else json_end(source)
    fence = ""
    size = len(source)
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
        char = source[at]
        if char == "`":
            at = _code_span_end(source, at)
        elif char == "\\":
            at += 2
        elif char == "{":
            closed = _expression_end(source, at)
            if closed is None:
                at += 1
                continue
            inner = source[at + 1 : closed - 1].strip()
            if inner.startswith("/*") and inner.endswith("*/"):
                comments.append(Comment(at, closed, f"<!--{inner[2:-2]}-->"))
            spans.append((at, closed))
            at = closed
        elif char == "<":
            tag = _tag(source, at)
            if tag is None:
                at += 1
                continue
            end, hidden = tag
            spans.append((at, end))
            tags[at] = hidden
            at = end
        else:
            at += 1
    return spans, tags, comments


def _code_span_end(source: str, at: int) -> int:
    """Past the inline code span opening at `at` (its text is code, not JSX), or past its backticks."""
    run = _TICKS.match(source, at).end() - at  # type: ignore[union-attr]
    limit = _BLANK_LINE.search(source, at)
    for ticks in _TICKS.finditer(source, at + run, limit.start() if limit else len(source)):
        if ticks.end() - ticks.start() == run:
            return ticks.end()
    return at + run


def _expression_end(source: str, at: int) -> int | None:
    """The end of the `{expression}` opening at `at` (braces nested, strings and comments skipped)."""
    depth = 0
    index = at
    limit = min(len(source), at + _LONGEST)
    while index < limit:
        char = source[index]
        if char in "\"'`":
            close = source.find(char, index + 1, limit)
            if close < 0:
                return None
            index = close
        elif source.startswith("/*", index):
            close = source.find("*/", index + 2, limit)
            if close < 0:
                return None
            index = close + 1
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return None


def _tag(source: str, at: int) -> tuple[int, str] | None:
    """A JSX tag opening at `at`: its end, and the same-length text Markdown reads in its place
    (its name, its attributes blanked). None when the `<` is text (`a < b`) or an autolink."""
    closing = source.startswith("</", at)
    start = at + 2 if closing else at + 1
    if source.startswith(">", start):  # a fragment, <> or </>
        return start + 1, " " * (start + 1 - at)
    name = _TAG_NAME.match(source, start)
    if name is None or ":" in name.group() or name.end() >= len(source) or source[name.end()] not in " \t\r\n/>":
        return None
    index = name.end()
    limit = min(len(source), at + _LONGEST)
    while index < limit:
        char = source[index]
        if char == ">" or source.startswith("/>", index):
            end = index + (1 if char == ">" else 2)
            shown = "<" + ("/" if closing else "") + re.sub(r"[^A-Za-z0-9-]", "-", name.group())
            close = source[index:end]
            return end, shown + "".join(c if c in "\r\n" else " " for c in source[name.end() : index]) + close
        if char in "\"'":
            found = source.find(char, index + 1, limit)
            if found < 0:
                return None
            index = found + 1
        elif char == "{":
            found_end = _expression_end(source, index)
            if found_end is None:
                return None
            index = found_end
        elif char == "<" or (char == "\n" and _BLANK_LINE.match(source, index)):
            return None  # a new tag, or a blank line, before this one closed: it was text
        else:
            index += 1
    return None
