"""Article and file-system text made safe to print on one line of a terminal or a CI log.

Characters a reader would not see as text are shown as Python-style escapes (`\\n`, `\\x1b`,
`\\u202e`): C0 and C1 controls and DEL (escape sequences erase lines or move the cursor; CR
and LF start a new line that a CI runner may read as a command), line and paragraph
separators, bidirectional overrides and isolates (they reorder what is shown), and lone
surrogates (they cannot be encoded on a UTF-8 stream). The GitHub Actions runner also
obeys `##[command]` anywhere in a line and `::command::` at the start of one (after
spaces); both are broken up the same way, so a value never becomes a workflow command.
"""

from __future__ import annotations

import re

# (?<=##)\[ : the bracket of a legacy `##[command]`, the only character escaped in it
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]|(?<=##)\\[")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escape_char(char: str) -> str:
    """One character as the escape a Python string literal would use."""
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str, starts_line: bool = False) -> str:
    """`text` with nothing in it that a terminal or CI runner would act on.

    `starts_line`: the value begins a line of output, where a leading `::` (after spaces)
    would be a GitHub workflow command; its first colon is escaped too."""
    # most text has nothing to escape, and isprintable() (false for every character escaped
    # here, and for some harmless ones such as a no-break space) answers that in C
    safe = text if text.isprintable() and "##[" not in text else _UNSAFE.sub(lambda m: escape_char(m.group()), text)
    if starts_line:
        indent = len(safe) - len(safe.lstrip())
        if safe.startswith("::", indent):
            safe = safe[:indent] + "\\x3a" + safe[indent + 1 :]
    return safe
