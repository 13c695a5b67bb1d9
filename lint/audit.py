"""`healthlint audit`: check a whole content library and summarise where the problems are."""

from __future__ import annotations

import csv
import gzip
import io
import sys
from base64 import b64encode
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import click

from lint.finding import Finding
from lint.printable import printable
from lint.report import plural
from lint.ruleset import Rule
from lint.runner import FileResult

SEVERITY_WEIGHT = {"error": 5, "warning": 2, "info": 1}


@dataclass(frozen=True)
class AuditedArticle:
    path: str
    title: str
    author: str
    findings: tuple[Finding, ...]
    text_gz: str | None  # the article's text, gzip + base64, for the HTML report's article view
    # offsets of characters outside the BMP, which are two units in JavaScript strings
    astral: tuple[int, ...] = ()

    @property
    def score(self) -> int:
        return sum(SEVERITY_WEIGHT[f.severity] for f in self.findings)


@dataclass
class Audit:
    rules: Sequence[Rule]
    articles: list[AuditedArticle] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add(self, result: FileResult, keep_text: bool) -> None:
        self.errors.extend(result.errors)
        doc = result.document
        if doc is None:
            return
        from lint.checks.credential import author_name

        text = b64encode(gzip.compress(doc.source.encode("utf-8"), 6)).decode("ascii") if keep_text else None
        title = str(doc.metadata.get("title") or "") or _first_heading(result)
        source = doc.source
        astral = () if source.isascii() else tuple(i for i, ch in enumerate(source) if ord(ch) > 0xFFFF)
        self.articles.append(AuditedArticle(result.path, title, author_name(doc.metadata), tuple(result.findings),
                                            text, astral))  # fmt: skip

    def findings(self) -> Iterable[Finding]:
        for article in self.articles:
            yield from article.findings

    def counts(self, key: str) -> Counter[str]:
        packs = {rule.id: rule.pack for rule in self.rules}
        if key == "pack":
            return Counter(packs.get(f.rule, "healthlint") for f in self.findings())
        return Counter(getattr(f, key) for f in self.findings())


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
        lines += _bars(counter)
    lines += ["", "Worst articles (error 5, warning 2, info 1)"]
    ranked = sorted((a for a in audit.articles if a.findings), key=lambda a: (-a.score, a.path))[:worst]
    for article in ranked:
        by = Counter(f.severity for f in article.findings)
        detail = ", ".join(plural(by[s], s) for s in ("error", "warning", "info") if by[s])
        lines.append(f"  {article.score:>5}  {printable(article.path)}  ({detail})")
    lines += ["", "By author"]
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
    return "\n".join(lines) + "\n"


def _bars(counter: Counter[str], width: int = 30) -> list[str]:
    if not counter:
        return ["  (none)"]
    top = max(counter.values())
    name_width = max(len(name) for name in counter)
    return [f"  {name:<{name_width}}  {count:>6}  {'█' * max(1, round(width * count / top))}"
            for name, count in counter.most_common()]  # fmt: skip


# a cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV Injection")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A value that a spreadsheet shows as it is: a leading `'` makes a would-be formula text."""
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def write_csv(audit: Audit, out: TextIO) -> None:
    fields = ["path", "line", "column", "end_line", "end_column", "rule", "category", "severity", "message", "match",
              "hint", "fix", "source"]  # fmt: skip
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for finding in audit.findings():
        writer.writerow({key: csv_cell(value) for key, value in finding.to_json().items()})


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
