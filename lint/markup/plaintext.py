"""Plain text to a Document: paragraphs split on blank lines, with light structure.

Plain-text articles (CMS exports, copied web pages) still have headings and bullets; a
rule's `section` window needs them. A short line standing alone with no sentence-ending
period is a heading (the first one is the title); a line starting with a bullet or a
number is a list item.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lint.markup.document import Block, Comment, Document, blank

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_NOT_SPACE = re.compile(r"\S")
_BULLET = re.compile(r"[ \t]*(?:[•*\-–·▪◦]|\d{1,3}[.)])[ \t]+")
_HEADING_MAX_WORDS = 16


def parse(path: str, source: str) -> Document:
    comments = _comments(source)
    # comments are not prose: blank them, then find the structure in what is left
    masked = _blank_comments(source, comments)
    blocks: list[Block] = []
    section = 0
    for lines in _paragraphs(masked):
        if len(lines) == 1 and _is_heading(masked[slice(*lines[0])]):
            section += 1
            start, end = _strip(masked, *lines[0])
            blocks.append(Block("title" if not blocks else "heading", start, end, section))
            continue
        # a paragraph is prose lines, or list items each starting with a bullet
        kind, begin = "paragraph", lines[0][0]
        for line_start, line_end in lines:
            bullet = _BULLET.match(masked, line_start, line_end)
            if bullet:
                if line_start > begin:
                    blocks.append(_block(masked, kind, begin, line_start, section))
                kind, begin = "list_item", bullet.end()
        blocks.append(_block(masked, kind, begin, lines[-1][1], section))
    return Document(path, source, masked, blocks, comments=comments)


def _comments(source: str) -> list[Comment]:
    """Each `<!-- ... -->`, found in one pass: an opener with no closer after it ends the search
    (a regex searching for the closer again from every opener was quadratic in the openers)."""
    comments: list[Comment] = []
    opener = source.find("<!--")
    while opener >= 0:
        closer = source.find("-->", opener + 4)
        if closer < 0:
            break
        comments.append(Comment(opener, closer + 3, source[opener : closer + 3]))
        opener = source.find("<!--", closer + 3)
    return comments


def _blank_comments(source: str, comments: list[Comment]) -> str:
    if not comments:
        return source
    pieces: list[str] = []
    done = 0
    for comment in comments:
        pieces += [source[done : comment.start], blank(comment.text)]
        done = comment.end
    pieces.append(source[done:])
    return "".join(pieces)


def _paragraphs(text: str) -> Iterator[list[tuple[int, int]]]:
    """Runs of lines with something other than whitespace on them, as (start, end) of each
    line without its line break. Each line is looked at once (a regex that backtracked over a
    blank line from each of its positions was quadratic in the line's length)."""
    paragraph: list[tuple[int, int]] = []
    for start, end in _lines(text):
        if _NOT_SPACE.search(text, start, end):
            paragraph.append((start, end))
        elif paragraph:
            yield paragraph
            paragraph = []
    if paragraph:
        yield paragraph


def _lines(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for line_break in _LINE_BREAK.finditer(text):
        yield start, line_break.start()
        start = line_break.end()
    yield start, len(text)


def _is_heading(line: str) -> bool:
    text = line.strip()
    return (
        not _BULLET.match(text)
        and not text.endswith((".", ",", ";", ":", "!", "…", '"', "”"))
        and len(text.split()) <= _HEADING_MAX_WORDS
        and text[:1].isupper()
    )


def _strip(source: str, start: int, end: int) -> tuple[int, int]:
    while start < end and source[start].isspace():
        start += 1
    while end > start and source[end - 1].isspace():
        end -= 1
    return start, end


def _block(source: str, kind: str, start: int, end: int, section: int) -> Block:
    return Block(kind, *_strip(source, start, end), section)
