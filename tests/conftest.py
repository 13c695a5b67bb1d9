from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings

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

# Property tests draw the same examples on every run and keep no example database: a fresh
# clone passes or fails the same way every time (inputs they once found are kept as @example).
settings.register_profile("deterministic", derandomize=True, database=None)
settings.load_profile("deterministic")


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


PROJECT_RULES = [
    {
        **BASE_RULE,
        "id": "house.miracle",
        "kind": "existence",
        "phrases": ["miracle"],
        "severity": "error",
        "category": "absolute-claim",
        "examples": {"bad": ["A miracle.", "Miracle!"], "good": ["A marvel.", "Fine."]},
    },
    {
        **BASE_RULE,
        "id": "house.safe",
        "kind": "proximity",
        "phrases": ["generally safe"],
        "severity": "warning",
        "category": "unsupported-safety-claim",
        "unless": {"matchers": ["citation"]},
        "window": "sentence",
        "examples": {
            "bad": ["Generally safe.", "It is generally safe."],
            "good": ["Generally safe (Smith, 2020).", "Safe."],
        },
    },
]


def dump(rules: list[dict[str, object]]) -> str:
    return yaml.dump(rules, Dumper=NoAliasDumper, sort_keys=False)


def write_project(root: Path) -> Path:
    """A content repository: a config, two house rules, an article with an error and one with a warning."""
    (root / "house").mkdir()
    (root / "house" / "rules.yaml").write_text(dump(PROJECT_RULES), encoding="utf-8")
    (root / ".healthlint.yaml").write_text("packs: []\nrules: [house/]\n", encoding="utf-8")
    (root / "articles").mkdir()
    (root / "articles" / "bad.md").write_text("# T\n\nA miracle. It is generally safe.\n", encoding="utf-8")
    (root / "articles" / "warn.txt").write_text("It is generally safe.\n", encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_project(tmp_path)
    (tmp_path / "articles" / "clean.md").write_text("# T\n\nAll fine [1].\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path  # a project with a config, two house rules and three articles


@pytest.fixture(autouse=True, scope="session")
def private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or write the user's real compiled-rule cache."""
    import os

    os.environ["HEALTHLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("healthlint-cache"))
    os.environ["HEALTHLINT_STATE_DIR"] = str(tmp_path_factory.mktemp("healthlint-state"))  # the caches' secret


def deny_reading(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Reading the file called `name` fails as a permission problem would (root reads anything)."""
    original = Path.read_bytes

    def deny(self: Path) -> bytes:
        if self.name == name:
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
