from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from lint import config
from lint.errors import ConfigError


def test_defaults() -> None:
    cfg = config.Config()
    assert cfg.packs == ("recommended",) and cfg.fail_on == "warning" and cfg.path is None


def test_yaml_config_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    path = tmp_path / ".healthlint.yaml"
    path.write_text(
        "packs: [recommended]\nrules: [house/]\nauthors: authors.yaml\nselect: []\nignore: [stigmatizing-language]\n"
        "severity: {claims.generally-safe: error}\ninclude: ['**/*.md']\nexclude: ['drafts/**']\n"
        "overrides:\n  - files: ['news/**']\n    ignore: [missing-medical-disclaimer]\ntoday: 2026-01-01\n",
        encoding="utf-8",
    )
    cfg = config.load(path)
    assert cfg.rules == (tmp_path / "house",)
    assert cfg.authors == tmp_path / "authors.yaml"
    assert cfg.ignore == ("stigmatizing-language",)
    assert cfg.severity == {"claims.generally-safe": "error"}
    assert cfg.overrides[0].files == ("news/**",) and cfg.overrides[0].ignore == ("missing-medical-disclaimer",)
    assert cfg.today == datetime.date(2026, 1, 1)


def test_pyproject_table(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.healthlint]\nignore = ["other"]\nfail_on = "error"\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    assert config.find(tmp_path / "sub") == path
    cfg = config.load(path)
    assert cfg.ignore == ("other",) and cfg.fail_on == "error"


def test_find_walks_up_and_prefers_the_nearest(tmp_path: Path) -> None:
    (tmp_path / ".healthlint.yaml").write_text("{}\n", encoding="utf-8")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert config.find(nested) == tmp_path / ".healthlint.yaml"
    (tmp_path / "a" / ".healthlint.yml").write_text("{}\n", encoding="utf-8")
    assert config.find(nested) == tmp_path / "a" / ".healthlint.yml"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ignores: [x]\n", "yaml:1:1: unknown key 'ignores' (did you mean 'ignore'?)"),
        ("severity: {x: fatal}\n", "severity of 'x' must be error, warning or info"),
        ("fail_on: never\n", "fail_on must be error, warning or info"),
        ("overrides: [{ignore: [x]}]\n", "each override needs `files`"),
        ("overrides: [{files: [a], severty: {x: info}}]\n", "key 'severty' in an override (did you mean 'severity'?)"),
        ("select: 3\n", "select must be a list of strings"),
        ("- a\n", "must be a mapping"),
        ("packs: [\n", "yaml:2:1: "),
    ],
)
def test_config_errors_name_the_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / ".healthlint.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        config.load(path)
    assert str(info.value).startswith(str(path))
    assert message in str(info.value)
