"""Vocabulary, context and genre files: YAML mappings that carry their evidence.

Each is read the same way: a mapping with known keys, a `description` of what it holds and a
`source` for where that comes from, and every problem one RuleFileError at file:line:column.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lint import yamlmarks
from lint.errors import RuleFileError


@dataclass(frozen=True)
class DataFile:
    path: Path
    kind: str  # "vocabulary", "context", "genre": names the file in messages
    data: Mapping[str, Any]

    @property
    def name(self) -> str:
        return self.path.stem

    def fail(self, key: Sequence[str | int], message: str) -> RuleFileError:
        marked = isinstance(self.data, yamlmarks.MarkedDict)
        line, column = yamlmarks.position_of(self.data, list(key)) if marked else (1, 1)
        return RuleFileError(str(self.path), f"{self.kind} {self.name!r}: {message}", line, column)

    def line(self, key: str) -> int:
        return yamlmarks.position_of(self.data, [key])[0]


def read(path: Path, kind: str, keys: Collection[str], holds: str) -> DataFile:
    """The file's mapping, checked for unknown keys and for its evidence (`description`: what it
    holds; `source`: where that comes from)."""
    data = yamlmarks.load(str(path))
    file = DataFile(path, kind, data if isinstance(data, Mapping) else {})
    if not isinstance(data, Mapping):
        raise file.fail([], f"a {kind} file is a mapping with {', '.join(sorted(keys))}")
    unknown = sorted(set(data) - set(keys))
    if unknown:
        raise file.fail([unknown[0]], f"unknown key {unknown[0]!r} (keys: {', '.join(sorted(keys))})")
    for key in ("description", "source"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise file.fail([key], f"`{key}` is required: say what the {holds} and where they come from")
    return file
