"""GitLab Code Quality report (artifacts:reports:codequality): a JSON array of issues."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from lint.printable import printable
from lint.report import ReportContext, Summary
from lint.runner import FileResult

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


class Reporter:
    def __init__(self, context: ReportContext) -> None:
        self.out = context.out
        self.issues: list[dict[str, Any]] = []
        self.seen: Counter[str] = Counter()

    def file(self, result: FileResult) -> None:
        for f in result.findings:
            # GitLab needs a unique fingerprint per issue; repeated identical findings get a suffix
            self.seen[f.fingerprint] += 1
            suffix = "" if self.seen[f.fingerprint] == 1 else f"-{self.seen[f.fingerprint]}"
            self.issues.append({
                "type": "issue",
                "check_name": f.rule,
                # shown as one line in the merge request; the path stays exact so that it links
                "description": printable(f"{f.message} {f.hint}"),
                "severity": SEVERITIES[f.severity],
                "fingerprint": f.fingerprint + suffix,
                "location": {"path": f.path, "lines": {"begin": f.line, "end": f.end_line}},
            })  # fmt: skip

    def finish(self, summary: Summary) -> None:
        self.out.write(json.dumps(self.issues, indent=2, ensure_ascii=False) + "\n")
