"""Coverage-guided fuzzing (atheris) of the document parsers and the rule loader.

usage: python fuzz/fuzz_documents.py [-max_total_time=60] [-runs=N] [corpus_dir]

Any input must give findings whose spans slice the source to their `match`, or a clean
HealthlintError; anything else is a crash, which atheris reports with the input. Turn
crashes into cases in tests/test_fuzz_regressions.py.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from lint.engine import lint_text
    from lint.errors import HealthlintError
    from lint.ruleset import load_file

RULES_YAML = """
- id: fuzz.miracle
  kind: existence
  category: absolute-claim
  severity: error
  message: m
  hint: h
  source: {title: t, url: "https://example.org"}
  docs: fuzz target rule
  examples: {bad: [a miracle, miracle], good: [fine, good]}
  phrases: [miracle, generally safe]
  negation: skip
  quotes: skip
- id: fuzz.safe
  kind: proximity
  category: unsupported-safety-claim
  severity: warning
  message: m
  hint: h
  source: {title: t, url: "https://example.org"}
  docs: fuzz target rule
  examples: {bad: [generally safe, generally safe here], good: [fine, good]}
  phrases: [generally safe]
  unless: {matchers: [citation]}
  window: {before: 1, after: 1}
"""
FORMATS = ("a.md", "a.txt", "a.html")


def _rules() -> list:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "rules.yaml"
        path.write_text(RULES_YAML, encoding="utf-8")
        return load_file(path)


RULES = _rules()


def check_document(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    path = FORMATS[provider.ConsumeIntInRange(0, len(FORMATS) - 1)]
    text = provider.ConsumeUnicodeNoSurrogates(len(data))
    try:
        findings = lint_text(path, text, RULES)
    except HealthlintError:
        return
    for finding in findings:
        if finding.match is not None and text[finding.start : finding.end] != finding.match:
            raise AssertionError(f"span {finding.start}:{finding.end} does not slice to {finding.match!r}")


def check_rule_file(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "rule.yaml"
        path.write_bytes(data)
        try:
            load_file(path)
        except HealthlintError:
            return


def one_input(data: bytes) -> None:
    if data[:1] == b"R":
        check_rule_file(data[1:])
    else:
        check_document(data)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
