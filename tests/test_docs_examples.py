"""Every configuration example in docs/configuration.md works when copied (issue 14: the example
once named rule ids that do not exist, and copying it exited 2)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.cli import cli
from tests.conftest import PROJECT_RULES, dump

DOC = (Path(__file__).resolve().parent.parent / "docs" / "configuration.md").read_text(encoding="utf-8")
BLOCKS: list[tuple[str, str]] = re.findall(r"```(\w+)\n(.*?)```", DOC, re.DOTALL)
ARTICLE = "---\ndate: 2026-01-10\n---\n\n# Sleep\n\nThis tea is generally safe and a miracle for sleep.\n"


def _block(kind: str, marker: str) -> str:
    return next(text for language, text in BLOCKS if language == kind and marker in text)


def _check(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args, str(project / "article.md")])
    return result.exit_code, result.stdout + result.stderr


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding what the examples name: house rules, vocabularies, the authors registry."""
    (tmp_path / "house-rules").mkdir()
    (tmp_path / "house-rules" / "rules.yaml").write_text(dump(PROJECT_RULES), encoding="utf-8")
    (tmp_path / "house-vocabularies").mkdir()
    (tmp_path / "authors.yaml").write_text(_block("yaml", "  - name:"), encoding="utf-8")
    (tmp_path / "article.md").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_yaml_configuration_example_runs(project: Path) -> None:
    (project / ".healthlint.yaml").write_text(_block("yaml", "packs:"), encoding="utf-8")
    code, output = _check(project)
    assert code == 1, output  # findings, not a configuration error
    assert "claims.safety-without-evidence" in output and "error" in output  # its severity override applies


def test_the_pyproject_example_runs(project: Path) -> None:
    (project / "pyproject.toml").write_text(_block("toml", "[tool.healthlint]"), encoding="utf-8")
    code, output = _check(project)
    assert code == 1 and "claims.cure-or-guarantee" in output, output


def test_the_suppression_example_names_real_rules(project: Path) -> None:
    comments = _block("markdown", "healthlint-disable").replace("...", "This tea is a miracle.")
    (project / "article.md").write_text(ARTICLE + "\n" + comments + "It is generally safe.\n", encoding="utf-8")
    code, output = _check(project, "--no-config")
    assert "unknown-suppression" not in output, output
    assert code in (0, 1)
