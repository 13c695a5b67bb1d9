"""Output formats. Each reporter receives file results as they come, then a summary."""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, TextIO

from lint.ruleset import Rule
from lint.runner import FileResult


def plural(count: int, noun: str) -> str:
    """`1 error`, `2 errors`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


@dataclass
class Summary:
    files: int = 0
    by_severity: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    fixed: int = 0
    baselined: int = 0
    false_positives: int = 0  # left out: an editor's decision says so

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.errors += len(result.errors)
        for finding in result.findings:
            self.by_severity[finding.severity] += 1
            self.by_rule[finding.rule] += 1


class Reporter(Protocol):
    def file(self, result: FileResult) -> None: ...

    def finish(self, summary: Summary) -> None: ...


@dataclass(frozen=True)
class ReportContext:
    out: TextIO
    rules: Sequence[Rule]
    color: bool = False
    quiet: bool = False


# format name -> module defining `Reporter(context)`; imported only when chosen
FORMATS = {
    "text": "lint.report.text",
    "json": "lint.report.json",
    "sarif": "lint.report.sarif",
    "github": "lint.report.github",
    "junit": "lint.report.junit",
    "gitlab": "lint.report.gitlab",
}


def reporter(name: str, context: ReportContext) -> Reporter:
    module = importlib.import_module(FORMATS[name])
    made: Reporter = module.Reporter(context)
    return made
