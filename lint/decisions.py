"""Editors' decisions on findings: reviewed (a real problem, to fix) or a false positive.

The audit report writes them (its "Download decisions" button) as `healthlint-decisions.json`;
the team commits the file and names it with `decisions:` in the config or `--decisions FILE`.
`audit` shows them on their findings; `check` (and the pre-commit hook) leaves out the findings
marked false positive. A decision is matched to a finding as a baseline entry is (lint.baseline):
it stays with its finding while the file, rule and matched text stay, however the rest is edited.
Paths are relative to the decisions file's directory.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lint.baseline import Baseline
from lint.errors import ConfigError

FORMAT_VERSION = 1
REVIEWED, FALSE_POSITIVE = "reviewed", "false-positive"
STATUSES = (REVIEWED, FALSE_POSITIVE)
_TEXT_FIELDS = ("fingerprint", "path", "rule", "status")
_OPTIONAL_TEXT = ("note", "by", "at")


@dataclass(frozen=True)
class Decisions:
    path: Path  # the decisions file
    entries: list[dict[str, Any]]

    @property
    def root(self) -> Path:
        """The directory the entries' paths are relative to."""
        return self.path.absolute().parent

    def matcher(self, document_rules: frozenset[str], status: str | None = None) -> Baseline:
        """A matcher of these decisions to findings (of `status` only, if given: then the indices its
        `matches` gives are positions among those)."""
        chosen = [entry for entry in self.entries if status is None or entry["status"] == status]
        return Baseline(self.path, chosen, self.root, document_rules)

    def false_positives(self, document_rules: frozenset[str]) -> Baseline:
        """A matcher of the findings marked false positive, which `check` leaves out."""
        return self.matcher(document_rules, FALSE_POSITIVE)

    def relative(self, path: str) -> str:
        """A finding's path as the decisions file gives it."""
        return os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")


def load(path: Path, named_by: str = "") -> Decisions:
    """The decisions in `path`; a bad file is one line naming it (and the decision at fault)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        where = f" (named by `decisions:` in {named_by})" if named_by else ""
        raise ConfigError(f"{path}: decisions file not found{where}; download one from the audit report's "
                          "\"Download decisions\" button") from None  # fmt: skip
    except (OSError, ValueError) as exc:  # ValueError: JSON syntax, encoding
        raise ConfigError(f"{path}: not a healthlint decisions file: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: not a healthlint decisions file: nested too deeply") from None
    entries = data.get("decisions") if isinstance(data, dict) else None
    if not isinstance(entries, list) or data.get("version") != FORMAT_VERSION:
        raise ConfigError(f"{path}: not a healthlint decisions file (version {FORMAT_VERSION} with a decisions "
                          "list, as the audit report's \"Download decisions\" writes)")  # fmt: skip
    for number, entry in enumerate(entries, 1):
        problem = _problem(entry)
        if problem:
            raise ConfigError(f"{path}: decision {number}: {problem}")
    return Decisions(path, entries)


def _problem(entry: object) -> str:
    if not isinstance(entry, dict):
        return "must be an object"
    for key in _TEXT_FIELDS:
        if not isinstance(entry.get(key), str) or not entry[key]:
            return f"`{key}` must be a non-empty string"
    if entry["status"] not in STATUSES:
        return f"status {entry['status']!r} must be one of {', '.join(STATUSES)}"
    if not isinstance(entry.get("match"), (str, type(None))):
        return "`match` must be a string or null"
    for key in _OPTIONAL_TEXT:
        if not isinstance(entry.get(key, ""), str):
            return f"`{key}` must be a string"
    line = entry.get("line", 1)
    if type(line) is not int or line < 1:
        return "`line` must be a positive whole number"
    return ""


def statuses(entries: Sequence[dict[str, Any] | None]) -> tuple[int, int]:
    """How many of these are reviewed and how many false positives."""
    found = [entry["status"] for entry in entries if entry is not None]
    return found.count(REVIEWED), found.count(FALSE_POSITIVE)
