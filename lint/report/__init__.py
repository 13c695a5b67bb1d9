"""Output formats. Each reporter receives file results as they come, then a summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol, TextIO

from lint.runner import FileResult


@dataclass
class Summary:
    files: int = 0
    by_severity: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)
    errors: int = 0

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.errors += len(result.errors)
        for finding in result.findings:
            self.by_severity[finding.severity] += 1
            self.by_rule[finding.rule] += 1


class Reporter(Protocol):
    def file(self, result: FileResult) -> None: ...

    def finish(self, summary: Summary) -> None: ...


def reporter(name: str, out: TextIO, color: bool, quiet: bool) -> Reporter:
    if name == "json":
        from lint.report.json import JsonReporter

        return JsonReporter(out)
    from lint.report.text import TextReporter

    return TextReporter(out, color=color, quiet=quiet)


FORMATS = ("text", "json")
