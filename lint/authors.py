"""The authors registry: who the publication's writers and reviewers are, and what they hold.

authors:
  - name: Jane Doe
    aliases: [J. Doe]
    credentials: [MD, board-certified neurologist]
    licence: "NPI 1234567890"
    profile: https://example.org/staff/jane-doe
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from lint import yamlmarks
from lint.checks.base import Author
from lint.errors import ConfigError, RuleFileError

_KEYS = {"name", "aliases", "credentials", "licence", "license", "profile"}


def load(path: Path) -> tuple[Author, ...]:
    if not path.is_file():
        raise ConfigError(f"{path}: authors registry not found")
    try:
        data = yamlmarks.load(str(path))
    except RuleFileError as exc:
        raise ConfigError(str(exc)) from None
    entries = data.get("authors") if isinstance(data, Mapping) else None
    if not isinstance(entries, list):
        raise ConfigError(f"{path}:1:1: an authors registry is a mapping with an `authors` list")
    authors = []
    for index, entry in enumerate(entries):
        line, column = yamlmarks.position_of(data, ["authors", index])
        where = f"{path}:{line}:{column}"
        if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
            raise ConfigError(f"{where}: each author needs a `name`")
        unknown = set(entry) - _KEYS
        if unknown:
            raise ConfigError(f"{where}: unknown key {sorted(unknown)[0]!r} for an author")
        credentials = entry.get("credentials", [])
        aliases = entry.get("aliases", [])
        if not isinstance(credentials, list) or not isinstance(aliases, list):
            raise ConfigError(f"{where}: `credentials` and `aliases` must be lists")
        licence = entry.get("licence", entry.get("license"))
        authors.append(
            Author(
                entry["name"],
                tuple(map(str, aliases)),
                tuple(map(str, credentials)),
                None if licence is None else str(licence),
                entry.get("profile"),
            )
        )
    return tuple(authors)
