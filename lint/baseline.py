"""Baselines: record today's findings so that a repository with legacy content fails only on new ones.

A finding stays known while its file, rule and matched text stay, however the rest of the line,
sentence or article is edited. Entries are matched in two passes per file, as GitHub code
scanning matches alerts by a precise then a partial fingerprint:
1. by fingerprint (rule, matched text, its sentence, path): the same finding, perhaps moved;
2. what is left, by (path, rule, normalised matched text): the sentence around it was edited.
Each entry absorbs one finding (a multiset), so a second occurrence of known text is new.
A document-level finding (no matched text, or a rule that reports something missing, such as a
date or a disclaimer) is keyed by (path, rule): it stays known while the article still lacks it.

Paths are keyed by file, so a renamed article's findings are new (as with ESLint's bulk
suppressions); the old path's entries are pruned once the old file is gone. Format 2 stores paths relative to the
baseline file, so a run from any directory finds them; format 1 (paths relative to the directory
the baseline was written from) is still read, relative to the current directory.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lint import __version__
from lint.errors import ConfigError
from lint.finding import Finding

FORMAT_VERSION = 2
_READ_VERSIONS = (1, 2)
_TEXT_KEYS = ("fingerprint", "path", "rule")  # what every entry has, as `dumps` writes it

_TextKey = tuple[str, str, str | None]  # (absolute path, rule, normalised match or None)


def _normalised(match: str) -> str:
    return " ".join(match.lower().split())


def dumps(findings: Iterable[Finding], directory: Path) -> str:
    """A baseline of these findings, to be written into `directory` (paths are relative to it)."""
    return _document(FORMAT_VERSION, _sorted(_entries(findings, directory)))


def _entries(findings: Iterable[Finding], directory: Path) -> list[dict[str, Any]]:
    return [{"fingerprint": f.fingerprint, "path": _relative(f.path, directory), "rule": f.rule, "line": f.line,
             "match": f.match} for f in findings]  # fmt: skip


def _sorted(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(entries, key=lambda e: (e["path"], e.get("line", 0), e["rule"], e["fingerprint"]))


def merged(
    findings: Iterable[Finding], directory: Path, previous: Baseline, checked: Collection[str]
) -> tuple[str, int]:
    """A baseline of these findings, keeping the previous baseline's entries for the files this run
    did not check and that still exist (recording one folder keeps the rest of the repository's
    known findings), and how many entries it kept."""
    done = {os.path.abspath(path) for path in checked}
    kept = []
    for entry in previous.entries:
        path = previous.absolute(entry["path"])
        if path not in done and os.path.lexists(path):
            kept.append({**entry, "path": _relative(path, directory)})
    return _document(FORMAT_VERSION, _sorted(_entries(findings, directory) + kept)), len(kept)


def _relative(path: str, directory: Path) -> str:
    return os.path.relpath(os.path.abspath(path), os.path.abspath(directory)).replace(os.sep, "/")


def _document(version: int, entries: list[dict[str, Any]]) -> str:
    document = {"version": version, "generated_by": f"healthlint {__version__}", "findings": entries}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@dataclass
class Baseline:
    """The recorded findings, each of which absorbs one finding of this run."""

    path: Path  # the baseline file
    entries: list[dict[str, Any]]
    root: Path  # the directory entry paths are relative to
    document_rules: frozenset[str] = frozenset()  # ids of rules that report something missing
    version: int = FORMAT_VERSION
    checked: dict[str, frozenset[str]] = field(default_factory=dict)  # path -> ids of the rules run over all of it
    _used: set[int] = field(default_factory=set, init=False)  # indices of entries that absorbed a finding
    _by_fingerprint: dict[tuple[str, str], list[int]] = field(default_factory=dict, init=False)
    _by_text: dict[_TextKey, list[int]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        # reversed, so that `pop()` takes entries in file order
        for index in reversed(range(len(self.entries))):
            entry = self.entries[index]
            path = self.absolute(entry["path"])
            self._by_fingerprint.setdefault((path, entry["fingerprint"]), []).append(index)
            match = entry.get("match")
            text = None if match is None or entry["rule"] in self.document_rules else _normalised(match)
            self._by_text.setdefault((path, entry["rule"], text), []).append(index)

    @classmethod
    def load(cls, path: Path, document_rules: frozenset[str] = frozenset()) -> Baseline:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: baseline file not found (create it with `healthlint baseline`)") from None
        except (OSError, ValueError) as exc:  # ValueError: JSON syntax, encoding, a 5,000-digit number
            raise ConfigError(f"{path}: not a healthlint baseline: {exc}") from None
        except RecursionError:  # the parser recurses once per level of nesting
            raise ConfigError(f"{path}: not a healthlint baseline: nested too deeply") from None
        version = data.get("version") if isinstance(data, dict) else None
        if type(version) is int and version not in _READ_VERSIONS:
            raise ConfigError(f"{path}: baseline format {version} is not one healthlint {__version__} reads "
                              f"(1 or 2); regenerate it with `healthlint baseline`")  # fmt: skip
        entries = data.get("findings") if isinstance(data, dict) else None
        if (
            type(version) is not int
            or version not in _READ_VERSIONS
            or not isinstance(entries, list)
            or not all(isinstance(e, dict) and all(isinstance(e.get(k), str) for k in _TEXT_KEYS)
                       and isinstance(e.get("match"), (str, type(None))) for e in entries)
        ):  # fmt: skip
            raise ConfigError(f"{path}: not a healthlint baseline (version 1 or 2 with a findings list)")
        # format 1 wrote paths relative to the directory it ran in, which is all we can assume
        root = path.absolute().parent if version >= 2 else Path.cwd()
        return cls(path, entries, root, document_rules, version)

    def absolute(self, path: str) -> str:
        """An entry's path made absolute (entries are relative to `root`)."""
        return os.path.normpath(os.path.join(self.root, path))

    def unknown(self, findings: Sequence[Finding]) -> list[Finding]:
        """The findings of one file that no entry absorbs, in their order."""
        return [finding for finding, entry in zip(findings, self.matches(findings), strict=True) if entry is None]

    def matches(self, findings: Sequence[Finding]) -> list[int | None]:
        """For each finding of one file, in order, the index of the entry that absorbs it (None: none)."""
        first = [self._take(self._by_fingerprint.get((os.path.abspath(f.path), f.fingerprint))) for f in findings]
        return [self._take(self._by_text.get(self._text_key(f))) if entry is None else entry
                for f, entry in zip(findings, first, strict=True)]  # fmt: skip

    def _text_key(self, finding: Finding) -> _TextKey:
        whole = finding.match is None or finding.rule in self.document_rules
        return os.path.abspath(finding.path), finding.rule, None if whole else _normalised(finding.match or "")

    def _take(self, candidates: list[int] | None) -> int | None:
        while candidates:
            index = candidates.pop()
            if index not in self._used:
                self._used.add(index)
                return index
        return None

    def checked_whole(self, path: str, rules: frozenset[str]) -> None:
        """Record that this run checked the whole of `path` with these rules: only entries of such
        files can be known to be gone (a run narrowed by --since or --shard says nothing of the rest)."""
        self.checked[os.path.abspath(path)] = rules

    def unmatched(self) -> list[dict[str, Any]]:
        """Entries that no finding of this run matched."""
        return [entry for index, entry in enumerate(self.entries) if index not in self._used]

    def gone(self, entry: dict[str, Any], loaded: Collection[str]) -> bool:
        """Whether an unmatched entry no longer occurs: its file was checked whole by its rule (or by
        a rule set that no longer has that rule), or the file no longer exists."""
        path = self.absolute(entry["path"])
        rules = self.checked.get(path)
        if rules is None:
            return not os.path.lexists(path)
        return entry["rule"] in rules or entry["rule"] not in loaded

    def without(self, dropped: Collection[dict[str, Any]]) -> str:
        """The baseline without these entries, in its own format."""
        dropped_ids = {id(entry) for entry in dropped}
        return _document(self.version, [entry for entry in self.entries if id(entry) not in dropped_ids])
