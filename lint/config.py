"""Project configuration: `.healthlint.yaml` or `[tool.healthlint]` in pyproject.toml.

Found by walking up from the current directory; `--config FILE` names one and
`--no-config` uses the defaults. Paths in a config file are relative to that file.
"""

from __future__ import annotations

import datetime
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lint import yamlmarks
from lint.errors import ConfigError, RuleFileError, did_you_mean

CONFIG_FILES = (".healthlint.yaml", ".healthlint.yml")
DEFAULT_INCLUDE = ("**/*.md", "**/*.mdx", "**/*.markdown", "**/*.txt", "**/*.html", "**/*.htm", "**/*.docx")
_SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Override:
    files: tuple[str, ...]
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    path: Path | None = None  # the config file, or None for defaults
    packs: tuple[str, ...] = ("recommended",)
    rules: tuple[Path, ...] = ()
    authors: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    include: tuple[str, ...] = DEFAULT_INCLUDE
    include_given: bool = False  # `include` set in the config: its globs alone decide, not the site's layout
    exclude: tuple[str, ...] = ()
    overrides: tuple[Override, ...] = ()
    fail_on: str = "warning"
    today: datetime.date | None = None  # fixed "today" for reproducible date checks
    vocabulary_paths: tuple[Path, ...] = ()  # the team's own vocabulary files or directories
    # terms added to or removed from a vocabulary, or a new one: name -> {"add": [...], "remove": [...]}
    vocabularies: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    categories: tuple[str, ...] = ()  # a team's own categories, which its rules may file themselves under
    baseline: Path | None = None  # the known findings `check` (and the pre-commit hook) leaves out
    decisions: Path | None = None  # editors' decisions (the audit report's download); false positives are left out

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()


_KEYS = {
    "packs",
    "rules",
    "authors",
    "select",
    "ignore",
    "severity",
    "include",
    "exclude",
    "overrides",
    "fail_on",
    "today",
    "vocabulary_paths",
    "vocabularies",
    "categories",
    "baseline",
    "decisions",
}


_CATEGORY = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def find(start: Path) -> Path | None:
    """The nearest config file at or above `start`."""
    return next((found for directory in (start, *start.parents) if (found := in_folder(directory))), None)


def in_folder(directory: Path) -> Path | None:
    """The config file in `directory` itself, if any."""
    for name in CONFIG_FILES:
        if (directory / name).is_file():
            return directory / name
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file() and "[tool.healthlint]" in pyproject.read_text(encoding="utf-8", errors="replace"):
        return pyproject
    return None


def load(path: Path) -> Config:
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    if path.name == "pyproject.toml":
        data = _pyproject_table(path)
        positions: Any = None
    else:
        try:
            data = yamlmarks.load(str(path))
        except RuleFileError as exc:
            raise ConfigError(str(exc)) from None
        data = {} if data is None else data
        positions = data
    return _build(path, data, positions)


def _pyproject_table(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    try:
        with path.open("rb") as handle:
            table = tomllib.load(handle).get("tool", {}).get("healthlint", {})
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.healthlint] must be a table")
    return table


def _build(path: Path, data: Any, positions: Any) -> Config:
    def fail(key: list[str | int], message: str, on_key: bool = False) -> ConfigError:
        if positions is None:
            return ConfigError(f"{path}: {'.'.join(map(str, key))}: {message}")
        line, column = yamlmarks.position_of(positions, key)
        if on_key and len(key) == 1:
            line, column = positions.key_positions.get(key[0], (line, column))
        return ConfigError(f"{path}:{line}:{column}: {message}")

    if not isinstance(data, Mapping):
        raise fail([], "the configuration must be a mapping of keys to values")
    for key in data:
        if key not in _KEYS:
            raise fail([key], f"unknown key {key!r}{did_you_mean(str(key), _KEYS)}", on_key=True)

    def names(key: str, source: Mapping[str, Any] = data, prefix: Sequence[str | int] = ()) -> tuple[str, ...]:
        value = source.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail([*prefix, key], f"{key} must be a list of strings")
        return tuple(value)

    def globs(key: str, source: Mapping[str, Any] = data, prefix: Sequence[str | int] = ()) -> tuple[str, ...]:
        patterns = names(key, source, prefix)
        if patterns:
            import pathspec  # (only for a config that has globs)

            for index, pattern in enumerate(patterns):
                try:
                    pathspec.GitIgnoreSpec.from_lines([pattern])
                except (ValueError, re.error) as exc:  # pathspec's errors are ValueErrors, or re's
                    raise fail([*prefix, key, index], f"{key}: {pattern!r} is not a valid glob ({exc})") from None
        return patterns

    def severities(source: Mapping[str, Any], prefix: Sequence[str | int]) -> dict[str, str]:
        value = source.get("severity", {})
        if not isinstance(value, Mapping):
            raise fail([*prefix, "severity"], "severity must map rule ids to error, warning or info")
        for rule_id, level in value.items():
            if level not in _SEVERITIES:
                raise fail([*prefix, "severity", rule_id], f"severity of {rule_id!r} must be error, warning or info")
        return dict(value)

    root = path.parent
    overrides = []
    raw_overrides = data.get("overrides", [])
    if not isinstance(raw_overrides, list):
        raise fail(["overrides"], "overrides must be a list of {files, select, ignore, severity}")
    for index, item in enumerate(raw_overrides):
        if not isinstance(item, Mapping) or "files" not in item:
            raise fail(["overrides", index], "each override needs `files` (glob patterns)")
        keys = {"files", "select", "ignore", "severity"}
        unknown = sorted(set(item) - keys)
        if unknown:
            where, hint = ["overrides", index, unknown[0]], did_you_mean(str(unknown[0]), keys)
            raise fail(where, f"unknown key {unknown[0]!r} in an override{hint}")
        prefix: list[str | int] = ["overrides", index]
        overrides.append(
            Override(
                globs("files", item, prefix),
                names("select", item, prefix),
                names("ignore", item, prefix),
                severities(item, prefix),
            )
        )
    fail_on = data.get("fail_on", "warning")
    if fail_on not in _SEVERITIES:
        raise fail(["fail_on"], "fail_on must be error, warning or info")
    today = data.get("today")
    if today is not None and not isinstance(today, datetime.date):
        raise fail(["today"], "today must be a date (YYYY-MM-DD)")
    if isinstance(today, datetime.datetime):  # a time of day too: dates are compared with dates
        today = today.date()
    vocabularies = data.get("vocabularies", {})
    if not isinstance(vocabularies, Mapping):
        raise fail(["vocabularies"], "vocabularies must map vocabulary names to {add: [...], remove: [...]}")
    edits: dict[str, dict[str, tuple[str, ...]]] = {}
    for name, edit in vocabularies.items():
        if not isinstance(edit, Mapping) or not edit or set(edit) - {"add", "remove"}:
            raise fail(["vocabularies", name], f"vocabulary {name!r}: give `add` and/or `remove` lists of terms")
        edits[str(name)] = {key: names(key, edit, ["vocabularies", name]) for key in ("add", "remove")}
    categories = names("categories")
    for index, category in enumerate(categories):
        if not _CATEGORY.fullmatch(category):
            raise fail(["categories", index], f"category {category!r} must be lower-case words joined by hyphens")
    authors = data.get("authors")
    if authors is not None and not isinstance(authors, str):
        raise fail(["authors"], "authors must be the path of an authors registry file")
    baseline = data.get("baseline")
    if baseline is not None and not (isinstance(baseline, str) and baseline):
        raise fail(["baseline"], "baseline must be the path of a baseline file (written by `healthlint baseline`)")
    decisions = data.get("decisions")
    if decisions is not None and not (isinstance(decisions, str) and decisions):
        raise fail(["decisions"], "decisions must be the path of a decisions file (the audit report's download)")
    return Config(
        path=path,
        packs=names("packs") if "packs" in data else ("recommended",),
        rules=tuple(root / p for p in names("rules")),
        authors=root / authors if authors else None,
        select=names("select"),
        ignore=names("ignore"),
        severity=severities(data, []),
        include=globs("include") if "include" in data else DEFAULT_INCLUDE,
        include_given="include" in data,
        exclude=globs("exclude"),
        overrides=tuple(overrides),
        fail_on=fail_on,
        today=today,
        vocabulary_paths=tuple(root / p for p in names("vocabulary_paths")),
        vocabularies=edits,
        categories=categories,
        baseline=root / baseline if baseline else None,
        decisions=root / decisions if decisions else None,
    )
