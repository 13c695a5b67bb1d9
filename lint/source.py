"""Offsets to 1-based line and column: the only place that knows about lines.

Offsets are indices into the decoded text (characters, not bytes). A line ends at
"\n", "\r\n" or a lone "\r", so CR-only and mixed line endings still give exact lines.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps character offsets in one text to (line, column), both 1-based."""

    __slots__ = ("starts",)

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def line_span(self, line: int, text: str) -> tuple[int, int]:
        """Start and end offsets of a 1-based line, without its line break."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(text)
        while end > start and text[end - 1] in "\r\n":
            end -= 1
        return start, end

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset)


class ByteOffsets:
    """Converts UTF-8 byte offsets (as Rust parsers report them) to character offsets.

    Only non-ASCII characters make the two differ, so the table holds one entry per
    non-ASCII character: cheap for the usual mostly-ASCII article.
    """

    __slots__ = ("_byte_ends", "_extra")

    def __init__(self, text: str) -> None:
        self._byte_ends: list[int] = []
        self._extra: list[int] = []
        extra = 0
        for m in re.finditer(r"[^\x00-\x7f]", text):
            width = len(m.group().encode("utf-8", "surrogatepass")) - 1
            # byte offset just after this character
            extra += width
            self._byte_ends.append(m.end() + extra)
            self._extra.append(extra)

    def to_char(self, byte_offset: int) -> int:
        if not self._byte_ends:
            return byte_offset
        i = bisect_right(self._byte_ends, byte_offset)
        return byte_offset - (self._extra[i - 1] if i else 0)
