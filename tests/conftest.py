from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from lint.checks.base import Environment
from lint.engine import lint_text
from lint.finding import Finding
from lint.ruleset import Rule, load_file

BASE_RULE: dict[str, Any] = {
    "id": "test.rule",
    "category": "other",
    "severity": "warning",
    "message": "Found '{match}'.",
    "hint": "Write something else.",
    "source": {"title": "A primary source, section 1", "url": "https://example.org/source"},
    "docs": "Why it matters.",
    "examples": {"bad": ["bad one", "bad two"], "good": ["good one", "good two"]},
}

MakeRule = Callable[..., Rule]


class NoAliasDumper(yaml.SafeDumper):
    """Rule files may not use YAML aliases, so test data is written without them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def rule_maker(directory: Path) -> MakeRule:
    """Build a Rule from keyword arguments on top of a complete base rule, via a real file."""
    counter = iter(range(1_000_000))

    def make(**keys: Any) -> Rule:
        path = directory / f"rule{next(counter)}.yaml"
        path.write_text(yaml.dump({**BASE_RULE, **keys}, Dumper=NoAliasDumper, sort_keys=False), encoding="utf-8")
        (rule,) = load_file(path)
        return rule

    return make


@pytest.fixture
def make_rule(tmp_path: Path) -> MakeRule:
    return rule_maker(tmp_path)


def findings(rule: Rule, text: str, path: str = "a.md", env: Environment | None = None) -> list[Finding]:
    return lint_text(path, textwrap.dedent(text), [rule], env)


def matches(rule: Rule, text: str, path: str = "a.md", env: Environment | None = None) -> list[str | None]:
    return [f.match for f in findings(rule, text, path, env)]
