"""A linear-time HTML tokenizer that reports each token's exact source span.

The standard library's HTMLParser raises on some marked sections (`<![0`) and, for a construct
that is never closed (`<!--`, `<a` with no `>`, `</`, `<?`), scans on to the end of the page and
then starts again one character later: 40,000 of them take minutes. This follows the HTML
standard's tokenizer where it matters for reading prose: a comment, tag or quoted attribute value
that never closes runs to the end of the page, as in a browser, so every character is read a
bounded number of times. Tokens cover the source without gaps, in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from html.entities import html5
from typing import NamedTuple

# elements whose content is text up to their end tag (RCDATA ones, title and textarea, decode references)
RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "title", "textarea"})
_RAW_TEXT_END = {name: re.compile(rf"</{name}(?=[\t\n\f\r />]|\Z)", re.IGNORECASE) for name in RAW_TEXT}

_TEXT = re.compile(r"[^<&]+")
_TAG_NAME = re.compile(r"[^\t\n\f\r />]*")
_BETWEEN_ATTRIBUTES = re.compile(r"[\t\n\f\r /]*")
_ATTRIBUTE = re.compile(
    r"""([^\t\n\f\r />][^\t\n\f\r /=>]*)"""  # a name may start with "="
    r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"([^"]*)(?:"|\Z)|'([^']*)(?:'|\Z)|([^\t\n\f\r >]*)))?"""
)
_COMMENT_END = re.compile(r"--!?>")
_REFERENCE = re.compile(r"&(?:#[xX]([0-9a-fA-F]+);?|#([0-9]+);?|([A-Za-z][A-Za-z0-9]*;?))")
_LEGACY_LONGEST = max(len(name) for name in html5 if not name.endswith(";"))  # names that work without ";"
_LARGEST_CODE_POINT_DIGITS = 8  # more significant digits than this is out of range (decoded as U+FFFD)


class Attribute(NamedTuple):
    value: str  # references decoded
    start: int  # source span of the value as written (empty at the name's end when there is no value)
    end: int


class Token(NamedTuple):
    kind: str  # text, reference, start, end, comment, raw (script/style/... content), other (doctype, <?...>, </>)
    start: int
    end: int
    name: str = ""  # a tag's name (lowercase); a reference's decoded text
    attributes: dict[str, Attribute] | None = None  # start tags: the first of each name, as browsers keep
    self_closing: bool = False


def tokenize(source: str) -> Iterator[Token]:
    at, size = 0, len(source)
    while at < size:
        char = source[at]
        if char == "&":
            token = _reference(source, at)
        elif char == "<":
            token = _markup(source, at)
        else:
            match = _TEXT.match(source, at)
            token = Token("text", at, match.end() if match else at + 1)
        yield token
        at = token.end
        if token.kind == "start" and token.name in RAW_TEXT:  # `<script/>` is not closed in HTML
            close = _RAW_TEXT_END[token.name].search(source, at)
            end = close.start() if close else size
            if end > at:
                yield Token("raw", at, end)
            at = end


def _markup(source: str, at: int) -> Token:
    after = source[at + 1 : at + 2]
    if after.isascii() and after.isalpha():
        return _tag(source, at, at + 1, "start")
    if after == "/":
        following = source[at + 2 : at + 3]
        if following.isascii() and following.isalpha():
            return _tag(source, at, at + 2, "end")
        if following == ">":
            return Token("other", at, at + 3)
        if not following:
            return Token("text", at, at + 2)
        return _bogus_comment(source, at)
    if source.startswith("<!--", at):
        if source.startswith(">", at + 4) or source.startswith("->", at + 4):  # <!--> and <!--->
            return Token("comment", at, source.index(">", at + 4) + 1)
        close = _COMMENT_END.search(source, at + 4)
        return Token("comment", at, close.end() if close else len(source))
    if after in ("!", "?"):
        return _bogus_comment(source, at)
    return Token("text", at, at + 1)


def _bogus_comment(source: str, at: int) -> Token:
    """`<!doctype ...>`, `<![CDATA[ ... >`, `<?xml ...>`, `</ ...>`: up to the next `>`."""
    close = source.find(">", at + 2)
    return Token("other", at, close + 1 if close >= 0 else len(source))


def _tag(source: str, at: int, name_at: int, kind: str) -> Token:
    name_end = _TAG_NAME.match(source, name_at).end()  # type: ignore[union-attr]  # matches empty at worst
    attributes: dict[str, Attribute] = {}
    position = name_end
    while True:
        gap = _BETWEEN_ATTRIBUTES.match(source, position).end()  # type: ignore[union-attr]
        if gap >= len(source):  # a tag cut off by the end of the page is not a tag (browsers drop it)
            return Token("other", at, len(source))
        if source[gap] == ">":
            self_closing = gap > position and source[gap - 1] == "/"
            name = source[name_at:name_end].lower()
            return Token(kind, at, gap + 1, name, attributes, self_closing)
        match = _ATTRIBUTE.match(source, gap)
        assert match is not None  # the character at `gap` starts a name
        attribute = match.group(1).lower()
        if attribute not in attributes:
            group = next((g for g in (2, 3, 4) if match.group(g) is not None), 0)
            start, end = (match.start(group), match.end(group)) if group else (match.end(1), match.end(1))
            attributes[attribute] = Attribute(unescape(source[start:end]), start, end)
        position = match.end()


def _reference(source: str, at: int) -> Token:
    match = _REFERENCE.match(source, at)
    if match is None:
        return Token("text", at, at + 1)
    hexadecimal, decimal, name = match.groups()
    if name is None:
        digits = (hexadecimal or decimal).lstrip("0")
        base = 16 if hexadecimal else 10
        value = int(digits or "0", base) if len(digits) <= _LARGEST_CODE_POINT_DIGITS else 0x110000
        return Token("reference", at, match.end(), unescape(f"&#{value};"))
    if name in html5:
        return Token("reference", at, match.end(), html5[name])
    for length in range(min(len(name.rstrip(";")), _LEGACY_LONGEST), 1, -1):  # "&nbspx" is "\xa0x"
        if name[:length] in html5:
            return Token("reference", at, at + 1 + length, html5[name[:length]])
    return Token("text", at, at + 1)
