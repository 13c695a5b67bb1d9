"""`healthlint audit`: check a whole content library and summarise where the problems are."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import sys
from base64 import b64encode
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import click

from lint import __version__
from lint.checks.base import Author
from lint.decisions import Decisions, statuses
from lint.errors import ConfigError
from lint.finding import Finding
from lint.printable import printable
from lint.report import plural
from lint.ruleset import Rule
from lint.runner import FileResult

SEVERITY_WEIGHT = {"error": 5, "warning": 2, "info": 1}
CATCH_ALL = "other"  # the category of rules filed under none of the named ones
AUDIT_FORMAT_VERSION = 1  # of the `--json` file, which `--compare` reads back


@dataclass(frozen=True)
class AuditedArticle:
    path: str
    title: str
    author: str  # the authors registry's name for the byline's author; else the byline as written
    findings: tuple[Finding, ...]
    html_gz: str | None = None  # the article as a reader sees it (lint.report.audit_article), gzip + base64
    byline: str = ""  # the author as the article names them
    registered: bool = False  # the author is in the authors registry

    @property
    def score(self) -> int:
        return sum(SEVERITY_WEIGHT[f.severity] for f in self.findings)

    @property
    def folder(self) -> str:
        """The directory the article is in ('.' for the top level)."""
        return self.path.rpartition("/")[0] or "."


@dataclass(frozen=True)
class Comparison:
    """This audit's findings against an earlier audit's, matched as a baseline matches them."""

    previous: str  # the file compared with
    new: tuple[bool, ...]  # for each finding of the audit, in order: not in the earlier audit
    fixed: tuple[dict[str, Any], ...]  # the earlier audit's findings that are gone
    unchecked: int  # earlier findings in files this audit did not check (neither new nor fixed)

    @property
    def counts(self) -> tuple[int, int, int]:
        """new, fixed, unchanged"""
        new = sum(self.new)
        return new, len(self.fixed), len(self.new) - new


@dataclass(frozen=True)
class Decided:
    """A decisions file's entries matched to this audit's findings, as a baseline matches them."""

    source: Decisions
    of_findings: tuple[dict[str, Any] | None, ...]  # for each finding of the audit, in order: its decision
    stale: int  # decisions of audited (or deleted) files that match no finding
    kept: tuple[dict[str, Any], ...]  # decisions of files this audit did not check: unknown, kept as they are

    @property
    def counts(self) -> tuple[int, int]:
        """reviewed, false positive"""
        return statuses(self.of_findings)


@dataclass
class Audit:
    rules: Sequence[Rule]
    articles: list[AuditedArticle] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    authors: Sequence[Author] = ()  # the authors registry
    comparison: Comparison | None = None
    decided: Decided | None = None
    packs: dict[str, str] = field(init=False)  # rule id -> pack

    def __post_init__(self) -> None:
        self.packs = {rule.id: rule.pack for rule in self.rules}

    def add(self, result: FileResult, keep_text: bool) -> None:
        self.errors.extend(result.errors)
        doc = result.document
        if doc is None:
            return
        from lint.checks.credential import author_name, find_author

        findings = tuple(result.findings)
        rendered = None
        if keep_text:
            from lint.report.audit_article import render

            rendered = b64encode(gzip.compress(render(doc, findings).encode("utf-8"), 6)).decode("ascii")
        title = str(doc.metadata.get("title") or "") or _first_heading(result)
        byline = author_name(doc.metadata)
        known = find_author(self.authors, byline) if byline and self.authors else None
        self.articles.append(AuditedArticle(result.path, title, known.name if known else byline, findings, rendered,
                                            byline, known is not None))  # fmt: skip

    def findings(self) -> Iterable[Finding]:
        for article in self.articles:
            yield from article.findings

    def counts(self, key: str) -> Counter[str]:
        if key == "pack":
            return Counter(self.pack_of(f.rule) for f in self.findings())
        return Counter(getattr(f, key) for f in self.findings())

    def rules_in(self, category: str) -> list[str]:
        """The ids of the rules with findings in a category, most findings first."""
        return [rule for rule, _ in Counter(f.rule for f in self.findings() if f.category == category).most_common()]

    def pack_of(self, rule_id: str) -> str:
        return self.packs.get(rule_id, "healthlint")  # a finding of no loaded rule is healthlint's own

    def compare(self, previous: Previous) -> None:
        """Mark each finding new or unchanged since an earlier audit, and collect the earlier findings
        that are fixed. Findings are matched as a baseline matches them (`lint.baseline`): editing
        the sentence around a finding leaves it unchanged."""
        from lint.baseline import Baseline

        earlier = Baseline(previous.path, previous.entries, previous.root, self.document_rules())
        new: list[bool] = []
        for article in self.articles:
            unknown = {id(finding) for finding in earlier.unknown(article.findings)}
            new.extend(id(finding) in unknown for finding in article.findings)
        audited = {os.path.abspath(article.path) for article in self.articles}
        fixed, unchecked = [], 0
        for entry in earlier.unmatched():
            path = earlier.absolute(entry["path"])
            if path in audited or not os.path.lexists(path):
                fixed.append(entry)
            else:
                unchecked += 1  # its file was not part of this audit: gone or not, nobody looked
        self.comparison = Comparison(str(previous.path), tuple(new), tuple(fixed), unchecked)

    def decide(self, decisions: Decisions) -> None:
        """Give each finding its decision, matched as a baseline entry is: a decision stays with its
        finding while the file, rule and matched text stay."""
        matcher = decisions.matcher(self.document_rules())
        found: list[dict[str, Any] | None] = []
        for article in self.articles:
            found.extend(None if index is None else decisions.entries[index]
                         for index in matcher.matches(article.findings))  # fmt: skip
        audited = {os.path.abspath(article.path) for article in self.articles}
        stale, kept = 0, []
        for entry in matcher.unmatched():
            path = matcher.absolute(entry["path"])
            if path in audited or not os.path.lexists(path):
                stale += 1
            else:
                kept.append(entry)  # its file was not audited this time: nobody looked
        self.decided = Decided(decisions, tuple(found), stale, tuple(kept))

    def document_rules(self) -> frozenset[str]:
        """The ids of the rules that report something missing (matched by file and rule alone)."""
        from lint.checks import reports_absence

        return frozenset(rule.id for rule in self.rules if reports_absence(rule.kind))


@dataclass(frozen=True)
class Previous:
    """An earlier audit's findings (its `--json` file), or a baseline's."""

    path: Path
    entries: list[dict[str, Any]]
    root: Path  # the directory the entries' paths are relative to


def load_previous(path: Path) -> Previous:
    """The findings of an earlier `audit --json` file (a baseline file has the same shape)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file (write one with `healthlint audit --json {path}`)") from None
    except (OSError, ValueError, RecursionError) as exc:
        raise ConfigError(f"{path}: not a healthlint audit: {exc}") from None
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and all(isinstance(e.get(k), str) for k in ("fingerprint", "path", "rule")) for e in entries
    ):
        raise ConfigError(f"{path}: not a healthlint audit (`audit --json` output, with fingerprinted findings)")
    # an audit's paths are as this run's (relative to where it ran); a baseline's of format 2, to its file
    baseline_v2 = "articles" not in data and data.get("version") == 2
    return Previous(path, entries, path.absolute().parent if baseline_v2 else Path.cwd())


def json_text(audit: Audit) -> str:
    """The `--json` file: every finding with its fingerprint, pack, article title and author (and,
    with `--compare`, its change)."""
    findings = list(_rows(audit))
    articles = [{"path": a.path, "title": a.title, "author": a.author, "findings": len(a.findings)}
                for a in audit.articles]  # fmt: skip
    document = {"version": AUDIT_FORMAT_VERSION, "generated_by": f"healthlint {__version__}",
                "articles": articles, "findings": findings}  # fmt: skip
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def _rows(audit: Audit) -> Iterator[dict[str, Any]]:
    """Each finding as the CSV and JSON files give it."""
    new = iter(audit.comparison.new if audit.comparison else ())
    decision = iter(audit.decided.of_findings if audit.decided else ())
    for article in audit.articles:
        for finding in article.findings:
            row = {**finding.to_json(), "pack": audit.pack_of(finding.rule), "title": article.title,
                   "author": article.author, "fingerprint": finding.fingerprint}  # fmt: skip
            if audit.comparison:
                row["change"] = "new" if next(new) else "unchanged"
            if audit.decided:
                entry = next(decision) or {}
                row["decision"], row["decision_note"] = entry.get("status", ""), entry.get("note", "")
            yield row


def _first_heading(result: FileResult) -> str:
    doc = result.document
    if doc is None:
        return ""
    for block in doc.blocks:
        if block.kind in ("title", "heading"):
            return " ".join(doc.masked[block.start : block.end].split())
    return ""


def summary_text(audit: Audit, worst: int = 10) -> str:
    """The terminal summary: totals, then counts by category, pack, severity, article and author."""
    total = sum(len(a.findings) for a in audit.articles)
    severities = audit.counts("severity")
    clean = sum(1 for a in audit.articles if not a.findings)
    lines = [
        f"Audited {len(audit.articles)} articles: {total} findings "
        f"({', '.join(plural(severities[s], s) for s in ('error', 'warning', 'info'))}); {clean} clean.",
    ]
    for title, counter in (("By category", audit.counts("category")), ("By pack", audit.counts("pack"))):
        lines += ["", title]
        # what the catch-all category counts, by name
        notes = {CATCH_ALL: ", ".join(map(printable, audit.rules_in(CATCH_ALL)))} if title == "By category" else {}
        lines += _bars(counter, notes)
    lines += ["", "Worst articles (error 5, warning 2, info 1)"]
    ranked = sorted((a for a in audit.articles if a.findings), key=lambda a: (-a.score, a.path))[:worst]
    for article in ranked:
        by = Counter(f.severity for f in article.findings)
        detail = ", ".join(plural(by[s], s) for s in ("error", "warning", "info") if by[s])
        lines.append(f"  {article.score:>5}  {printable(article.path)}  ({detail})")
    lines += ["", "By author" + (" (as the authors registry names them)" if audit.authors else "")]
    authors: dict[str, list[AuditedArticle]] = {}
    for article in audit.articles:
        # a name from the front matter starts its line
        authors.setdefault(printable(article.author, starts_line=True) or "(no author)", []).append(article)
    width = max((len(name) for name in authors), default=0)
    for name, written in sorted(authors.items(), key=lambda item: -sum(len(a.findings) for a in item[1])):
        found = sum(len(a.findings) for a in written)
        lines.append(
            f"  {name:<{width}}  {len(written):>5} article{'s' if len(written) != 1 else ' '}  {found:>6} findings"
        )
    if audit.comparison is not None:
        new, fixed, unchanged = audit.comparison.counts
        unchecked = audit.comparison.unchecked
        lines += ["", f"Since {printable(audit.comparison.previous)}: {new} new, {fixed} fixed, {unchanged} unchanged"
                  + (f" ({plural(unchecked, 'earlier finding')} in files not audited this time)" if unchecked else "")
                  + "."]  # fmt: skip
    if audit.decided is not None:
        reviewed, false_positive = audit.decided.counts
        kept = len(audit.decided.kept)
        lines += ["", f"Decisions ({printable(str(audit.decided.source.path))}): {reviewed} reviewed, "
                  f"{false_positive} marked false positive, {plural(audit.decided.stale, 'decision')} no longer "
                  f"match{'es' if audit.decided.stale == 1 else ''} a finding"
                  + (f"; {kept} concern{'s' if kept == 1 else ''} files not audited this time" if kept else "")
                  + "."]  # fmt: skip
    return "\n".join(lines) + "\n"


def _bars(counter: Counter[str], notes: dict[str, str], width: int = 30) -> list[str]:
    if not counter:
        return ["  (none)"]
    top = max(counter.values())
    name_width = max(len(name) for name in counter)
    return [f"  {name:<{name_width}}  {count:>6}  {'█' * max(1, round(width * count / top))}"
            + (f"  ({notes[name]})" if name in notes else "") for name, count in counter.most_common()]  # fmt: skip


# a cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV Injection")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A value that a spreadsheet shows as it is: a leading `'` makes a would-be formula text."""
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_START) else value


CSV_FIELDS = ["path", "line", "column", "end_line", "end_column", "rule", "category", "severity", "message", "match",
              "hint", "fix", "source", "pack", "title", "author", "fingerprint"]  # fmt: skip


def write_csv(audit: Audit, out: TextIO) -> None:
    """One row per finding; with `--compare`, a column `change`: new or unchanged; with
    `--decisions`, columns `decision` (reviewed, false-positive or empty) and `decision_note`."""
    fields = CSV_FIELDS + (["change"] if audit.comparison else []) + (["decision", "decision_note"]
                                                                      if audit.decided else [])  # fmt: skip
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in _rows(audit):
        writer.writerow({key: csv_cell(value) for key, value in row.items()})


def progress(items: Sequence[Path]) -> Iterable[Path]:
    """A progress bar on stderr when it is a terminal; nothing in CI or when piped."""
    if not sys.stderr.isatty():
        return items

    def generate() -> Iterable[Path]:
        with click.progressbar(items, label="Checking", file=sys.stderr, show_pos=True, width=30) as bar:
            yield from bar

    return generate()


def csv_text(audit: Audit) -> str:
    out = io.StringIO()
    write_csv(audit, out)
    return out.getvalue()
