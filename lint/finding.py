"""A finding: one problem at one place, built complete and never changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(reversed(SEVERITIES))}  # info 0 < warning 1 < error 2


@dataclass(frozen=True, order=False)
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    category: str
    severity: str
    message: str
    match: str | None  # the exact source text; None for a whole-document finding
    hint: str
    fix: str | None
    source: str
    start: int  # character offsets into the source; both 0 for a whole-document finding
    end: int
    # stable identity across unrelated edits: rule, matched text, its sentence and path (see fingerprint())
    fingerprint: str = ""

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.rule)

    def to_json(self) -> dict[str, Any]:
        """The JSON contract: exactly these keys, in this order."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "match": self.match,
            "hint": self.hint,
            "fix": self.fix,
            "source": self.source,
        }


def fingerprint(path: str, rule: str, match: str, sentence: str) -> str:
    """A hash that survives moving text and inserting lines, but not editing the sentence."""
    import hashlib

    def norm(text: str) -> str:
        return " ".join(text.lower().split())

    key = "\0".join((path, rule, norm(match), norm(sentence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
