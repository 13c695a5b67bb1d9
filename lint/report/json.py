"""JSON: one array of finding objects with the keys of `Finding.to_json`, sorted."""

from __future__ import annotations

import json

from lint.report import ReportContext, Summary
from lint.runner import FileResult


class Reporter:
    def __init__(self, context: ReportContext) -> None:
        self.out = context.out
        self.count = 0
        self.out.write("[")

    def file(self, result: FileResult) -> None:
        for finding in result.findings:
            self.out.write(",\n  " if self.count else "\n  ")
            self.out.write(json.dumps(finding.to_json(), ensure_ascii=False))
            self.count += 1

    def finish(self, summary: Summary) -> None:
        self.out.write("\n]\n" if self.count else "]\n")
