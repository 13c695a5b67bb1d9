"""Genres: what kind of text an article is (a news report, a press release, a product page),
decided once per document from cue phrases and front-matter fields defined as data.

A genre file (`rules/genres/news.yaml`, or a team's own) is an `only_if` spec with its evidence:

    description: A news report: reported speech, named sources, a dateline.
    source: ...
    phrases: [told reporters, said in a statement, "(Reuters)"]
    patterns: [...]
    fields: [news_desk]        # a front-matter field that says so on its own
    min_count: 2               # cues needed

A rule says where it applies: `genres: {skip: [news, press-release]}` (a trial dose in a news
story is not dosing advice) or `genres: {only: [product]}`. Front matter can state the genre
outright: `genre: news` (or `type: news`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lint import datafile

_KEYS = {"description", "source", "phrases", "patterns", "fields", "matchers", "min_count"}
STATED = ("genre", "type", "content_type", "article_type")  # front-matter fields that name the genre


@dataclass(frozen=True)
class Genre:
    name: str
    description: str
    source: str
    gate: Any  # lint.checks.matchers.Gate
    path: str = ""


@dataclass(frozen=True)
class GenreFilter:
    """A rule's `genres`: skipped in some genres, or run only in some."""

    skip: tuple[Genre, ...] = ()
    only: tuple[Genre, ...] = ()

    def applies(self, doc: Any) -> bool:
        if any(is_genre(doc, genre) for genre in self.skip):
            return False
        return not self.only or any(is_genre(doc, genre) for genre in self.only)


def is_genre(doc: Any, genre: Genre) -> bool:
    """Whether the document is of the genre (found once per document: many rules ask)."""
    known: dict[str, bool] = doc.traits
    if genre.name not in known:
        stated = next((str(doc.metadata[f]).strip().lower() for f in STATED if doc.metadata.get(f)), None)
        known[genre.name] = stated == genre.name if stated is not None else genre.gate.open(doc)
    return known[genre.name]


def load_file(path: Path, build: Any) -> Genre:
    from lint.checks.base import SpecError
    from lint.checks.matchers import Gate

    file = datafile.read(path, "genre", _KEYS, "cues tell")
    data, fail = file.data, file.fail
    spec = {key: value for key, value in data.items() if key not in ("description", "source")}
    try:
        gate = Gate(spec, build)
    except SpecError as exc:
        raise fail(exc.key, str(exc)) from None
    return Genre(file.name, data["description"].strip(), data["source"].strip(), gate, str(path))


def load(files: Iterable[Path], build: Any) -> dict[str, Genre]:
    return {genre.name: genre for genre in (load_file(file, build) for file in files)}
