"""Plain text to a Document: paragraphs split on blank lines, with light structure.

Plain-text articles (CMS exports, copied web pages) still have headings and bullets; a
rule's `section` window needs them. A short line standing alone with no sentence-ending
period is a heading (the first one is the title); a line starting with a bullet or a
number is a list item.
"""

from __future__ import annotations

import re

from lint.markup.document import Block, Comment, Document, blank

_PARAGRAPH = re.compile(r"(?:[^\r\n]*\S[^\r\n]*(?:\r\n|\r|\n|$))+")
_LINE = re.compile(r"[^\r\n]*\S[^\r\n]*")
_BULLET = re.compile(r"[ \t]*(?:[•*\-–·▪◦]|\d{1,3}[.)])[ \t]+")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HEADING_MAX_WORDS = 16


def parse(path: str, source: str) -> Document:
    comments = [Comment(m.start(), m.end(), m.group()) for m in _COMMENT.finditer(source)]
    # comments are not prose: blank them, then find the structure in what is left
    masked = _COMMENT.sub(lambda m: blank(m.group()), source) if comments else source
    blocks: list[Block] = []
    section = 0
    for para in _PARAGRAPH.finditer(masked):
        lines = list(_LINE.finditer(masked, para.start(), para.end()))
        if len(lines) == 1 and _is_heading(lines[0].group()):
            section += 1
            start, end = _strip(masked, lines[0].start(), lines[0].end())
            blocks.append(Block("title" if not blocks else "heading", start, end, section))
            continue
        # a paragraph is prose lines, or list items each starting with a bullet
        kind, begin = "paragraph", lines[0].start()
        for line in lines:
            bullet = _BULLET.match(masked, line.start(), line.end())
            if bullet:
                if line.start() > begin:
                    blocks.append(_block(masked, kind, begin, line.start(), section))
                kind, begin = "list_item", bullet.end()
        blocks.append(_block(masked, kind, begin, lines[-1].end(), section))
    return Document(path, source, masked, blocks, comments=comments)


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
