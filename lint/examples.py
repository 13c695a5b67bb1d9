"""Running every rule's examples: bad ones must fire, good ones must not."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from lint.checks.base import Environment
from lint.engine import lint_text
from lint.ruleset import Rule, iter_examples


@dataclass(frozen=True)
class ExampleFailure:
    rule: Rule
    which: str  # bad | good
    text: str
    found: int

    def __str__(self) -> str:
        snippet = " ".join(self.text.split())
        snippet = snippet if len(snippet) <= 90 else snippet[:87] + "..."
        expectation = "was not flagged" if self.which == "bad" else f"was flagged {self.found} time(s)"
        return f"{self.rule.path}:{self.rule.line}: {self.rule.id}: {self.which} example {expectation}: {snippet!r}"


def run_examples(rule: Rule, env: Environment | None = None) -> Iterator[ExampleFailure]:
    for which, text in iter_examples(rule):
        found = [f for f in lint_text("example.md", text, [rule], env) if f.rule == rule.id]
        if (which == "bad") != bool(found):
            yield ExampleFailure(rule, which, text, len(found))


def check_all(rules: Sequence[Rule], env: Environment | None = None) -> tuple[int, list[ExampleFailure]]:
    """(examples run, failures)."""
    failures = [failure for rule in rules for failure in run_examples(rule, env)]
    count = sum(len(r.bad_examples) + len(r.good_examples) for r in rules)
    return count, failures
