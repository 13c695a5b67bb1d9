"""Baselines: record today's findings so that a repository with legacy content fails only on new ones.

Entries are matched by fingerprint (rule, normalised matched text, normalised sentence, path),
not by line, so moving a paragraph or inserting lines above it keeps old findings old.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lint import __version__
from lint.errors import ConfigError
from lint.finding import Finding

FORMAT_VERSION = 1
_TEXT_KEYS = ("fingerprint", "path", "rule")  # what every entry has, as `dumps` writes it


def dumps(findings: Iterable[Finding]) -> str:
    entries = sorted(
        ({"fingerprint": f.fingerprint, "path": f.path, "rule": f.rule, "line": f.line, "match": f.match}
         for f in findings),
        key=lambda e: (e["path"], e["line"], e["rule"], e["fingerprint"]),
    )  # fmt: skip
    document = {"version": FORMAT_VERSION, "generated_by": f"healthlint {__version__}", "findings": entries}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@dataclass
class Baseline:
    """Fingerprints still to be matched (a multiset: the same finding may occur twice)."""

    entries: list[dict[str, Any]]
    remaining: Counter[str] = field(default_factory=Counter)
    matched: list[dict[str, Any]] = field(default_factory=list)
    checked: dict[str, frozenset[str]] = field(default_factory=dict)  # path -> ids of the rules run over all of it

    def __post_init__(self) -> None:
        self.remaining = Counter(e["fingerprint"] for e in self.entries)

    @classmethod
    def load(cls, path: Path) -> Baseline:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: baseline file not found (create it with `healthlint baseline`)") from None
        except (OSError, ValueError) as exc:  # ValueError: JSON syntax, encoding, a 5,000-digit number
            raise ConfigError(f"{path}: not a healthlint baseline: {exc}") from None
        except RecursionError:  # the parser recurses once per level of nesting
            raise ConfigError(f"{path}: not a healthlint baseline: nested too deeply") from None
        entries = data.get("findings") if isinstance(data, dict) else None
        if (
            not isinstance(data, dict)
            or data.get("version") != FORMAT_VERSION
            or not isinstance(entries, list)
            or not all(isinstance(e, dict) and all(isinstance(e.get(k), str) for k in _TEXT_KEYS) for e in entries)
        ):
            raise ConfigError(f"{path}: not a healthlint baseline (version {FORMAT_VERSION} with a findings list)")
        return cls(entries)

    def is_known(self, finding: Finding) -> bool:
        """Whether the finding is in the baseline; each entry absorbs one finding."""
        if self.remaining[finding.fingerprint] > 0:
            self.remaining[finding.fingerprint] -= 1
            return True
        return False

    def checked_whole(self, path: str, rules: frozenset[str]) -> None:
        """Record that this run checked the whole of `path` with these rules: only entries of such
        files can be known to be gone (a run narrowed by --since or --shard says nothing of the rest)."""
        self.checked[path] = rules

    def unmatched(self) -> list[dict[str, Any]]:
        """Entries that no finding of this run matched."""
        left = Counter(self.remaining)
        found = []
        for entry in self.entries:
            if left[entry["fingerprint"]] > 0:
                left[entry["fingerprint"]] -= 1
                found.append(entry)
        return found

    def gone(self, entry: dict[str, Any], loaded: Collection[str]) -> bool:
        """Whether an unmatched entry no longer occurs: its file was checked whole by its rule (or by
        a rule set that no longer has that rule), or the file no longer exists."""
        path, rule = entry.get("path"), entry.get("rule")
        if not isinstance(path, str):
            return False
        rules = self.checked.get(path)
        if rules is None:
            return not os.path.lexists(path)
        return rule in rules or rule not in loaded

    def without(self, dropped: Collection[dict[str, Any]]) -> str:
        """The baseline without these entries."""
        dropped_ids = {id(entry) for entry in dropped}
        kept = [entry for entry in self.entries if id(entry) not in dropped_ids]
        document = {"version": FORMAT_VERSION, "generated_by": f"healthlint {__version__}", "findings": kept}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
