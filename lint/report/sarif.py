"""SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning, Azure DevOps, ...)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any
from urllib.parse import quote

from lint import __version__
from lint.explain import explain
from lint.finding import Finding
from lint.report import ReportContext, Summary
from lint.runner import FileResult

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/healthlint/healthlint"
# How code scanning tells an alert from a new one across commits: the file, the rule and the
# matched text (case and spacing aside), then which occurrence of them in the file, as GitHub's
# own primaryLocationLineHash counts. Editing the sentence around a finding keeps its alert, as
# the baseline keeps it known; a finding about the whole article keeps it while the article
# still lacks the thing.
FINGERPRINT = "healthlint/match/v1"


def match_key(finding: Finding) -> str:
    match = " ".join((finding.match or "").lower().split())
    key = "\0".join((finding.path, finding.rule, match))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


class Reporter:
    def __init__(self, context: ReportContext) -> None:
        self.context = context
        self.findings: list[Finding] = []

    def file(self, result: FileResult) -> None:
        self.findings.extend(result.findings)

    def finish(self, summary: Summary) -> None:
        rules = sorted(self.context.rules, key=lambda r: r.id)
        index = {rule.id: i for i, rule in enumerate(rules)}
        driver: dict[str, Any] = {
            "name": "healthlint",
            "version": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [
                {
                    "id": rule.id,
                    "name": "".join(part.capitalize() for part in rule.id.replace(".", "-").split("-")),
                    "shortDescription": {"text": rule.message.replace("{match}", "…")},
                    "fullDescription": {"text": rule.docs},
                    "help": {"text": f"{rule.hint}\n\nSource: {rule.source}", "markdown": explain(rule)},
                    "helpUri": rule.source_url,
                    "defaultConfiguration": {"level": LEVELS[rule.severity]},
                    # tags must be unique, and a category may share its pack's name
                    "properties": {
                        "tags": list(dict.fromkeys((rule.category, rule.pack))),
                        "category": rule.category,
                        "pack": rule.pack,
                    },
                }
                for rule in rules
            ],
        }
        occurrences: Counter[str] = Counter()
        results = []
        for finding in self.findings:
            key = match_key(finding)
            occurrences[key] += 1
            results.append(self._result(finding, index, f"{key}:{occurrences[key]}"))
        log = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}],
        }
        self.context.out.write(json.dumps(log, indent=2, ensure_ascii=False) + "\n")

    @staticmethod
    def _result(f: Finding, index: dict[str, int], fingerprint: str) -> dict[str, Any]:
        region: dict[str, Any] = {"startLine": f.line}
        if f.match is not None:
            region.update(startColumn=f.column, endLine=f.end_line, endColumn=f.end_column, snippet={"text": f.match})
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "level": LEVELS[f.severity],
            "message": {"text": f"{f.message} {f.hint}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": quote(f.path)}, "region": region}}],
            "partialFingerprints": {FINGERPRINT: fingerprint},
        }
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        if f.fix is not None and f.match is not None:
            result["fixes"] = [{
                "description": {"text": f"Replace with '{f.fix}'"},
                "artifactChanges": [{
                    "artifactLocation": {"uri": quote(f.path)},
                    "replacements": [{"deletedRegion": {k: region[k] for k in
                                                        ("startLine", "startColumn", "endLine", "endColumn")},
                                      "insertedContent": {"text": f.fix}}],
                }],
            }]  # fmt: skip
        return result
