r"""Genres: what kind of text an article is (a news report, a press release, a product page),
decided once per document from cue phrases and front-matter fields defined as data.

A genre file (`rules/genres/news.yaml`, or a team's own) is an `only_if` spec with its evidence:

    description: A news report: reported speech, named sources, a dateline.
    source: ...
    phrases: [told reporters, said in a statement, "(Reuters)"]
    patterns: [...]
    fields: [news_desk]        # a front-matter field that says so on its own
    stated: [news article, report]   # front-matter values that name this genre (its name always does)
    min_count: 2               # cues needed
    decisive: ['PR Newswire\s+[-—]']   # patterns one of which decides on its own (a wire dateline)
    own_voice_quotes: true     # its quotations are the publisher's own voice (a press release's staff)

A rule says where it applies: `genres: {skip: [news, press-release]}` (a trial dose in a news
story is not dosing advice) or `genres: {only: [product]}`. Front matter can state the genre
outright: `genre: news`, `type: news`, `content_type: [news, advice]` or `audience: clinician`
(a value that a genre's `stated` lists). When the front matter names a known genre, it decides
every genre of the document; a value that names none (`type: post`, `audience: general`) is not
a statement about genre, and the cues decide.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lint import datafile

_KEYS = {
    "description",
    "source",
    "phrases",
    "patterns",
    "fields",
    "matchers",
    "min_count",
    "stated",
    "decisive",
    "yields_to",
    "own_voice_quotes",
}
# front-matter fields whose values may name the genre (or, for `audience`, the readers it is written for)
STATED = ("genre", "genres", "type", "content_type", "article_type", "audience")


@dataclass(frozen=True)
class Genre:
    name: str
    description: str
    source: str
    gate: Any  # Cues (or anything with `open(doc) -> bool`)
    path: str = ""
    stated: frozenset[str] = frozenset()  # front-matter values that name it (its name included)
    decisive: Any = None  # Cues: one of them is enough on its own
    known: frozenset[str] = frozenset()  # values that name any loaded genre: the others say nothing
    yields_to: tuple[str, ...] = ()  # genres that rule this one out when their cues hold too
    yields_line: int = 1
    own_voice_quotes: bool = False  # `quotes: skip` does not apply: the quotes are the publisher's words
    registry: Mapping[str, Genre] = field(default_factory=dict, compare=False, repr=False)  # every loaded genre


@dataclass(frozen=True)
class GenreFilter:
    """A rule's `genres`: skipped in some genres, or run only in some."""

    skip: tuple[Genre, ...] = ()
    only: tuple[Genre, ...] = ()

    def applies(self, doc: Any) -> bool:
        if any(is_genre(doc, genre) for genre in self.skip):
            return False
        return not self.only or any(is_genre(doc, genre) for genre in self.only)


class Cues:
    """A genre's cues, counted in the document's prose: its phrases as one pattern and each of its
    patterns on its own (an alternation that mixes literal phrases with a pattern such as a price
    loses the regex module's literal search and runs 15 times slower), each screened and run only
    in the blocks its screen passes. `min_count` distinct cue positions decide; a front-matter
    field in `fields` decides on its own."""

    def __init__(self, spec: Mapping[str, Any], build: Any, key: str = "only_if") -> None:
        from lint.checks.base import compile_alternation
        from lint.checks.matchers import Gate

        # the Gate checks the keys and compiles every cue (errors at their places); its named
        # matchers and fields are used as they are
        self.clearing = Gate(spec, build).clearing
        phrases = list(spec.get("phrases", ()))
        patterns = list(spec.get("patterns", ()))
        self.patterns = [
            pattern
            for pattern in (
                compile_alternation({"phrases": phrases}, False, [key], build) if phrases else None,
                *(
                    compile_alternation({"patterns": [p]}, False, [key], build, [key, "patterns", i])
                    for i, p in enumerate(patterns)
                ),
            )
            if pattern is not None
        ]
        self.min_count = int(spec.get("min_count", 1))

    def open(self, doc: Any) -> bool:
        from lint.checks.base import may_match, timed_finditer

        clearing = self.clearing
        if clearing.fields and clearing.has_field(doc):
            return True
        if any(named(doc, 0, len(doc.masked)) for named in clearing.named):
            return True
        spans = [(block.start, block.end) for block in doc.blocks]
        if not spans:
            return False
        found: set[int] = set()
        for pattern in may_match(self.patterns, doc.masked, spans[0][0], spans[-1][1]):
            for index, begin in pattern.possible(doc.masked, spans):
                for match in timed_finditer(pattern.compiled, doc.masked, begin, spans[index][1]):
                    found.add(match.start())
                    if len(found) >= self.min_count:
                        return True
        return False


def is_genre(doc: Any, genre: Genre) -> bool:
    """Whether the document is of the genre (found once per document: many rules ask)."""
    known: dict[str, bool] = doc.traits
    if genre.name not in known:
        named = stated_values(doc.metadata) & (genre.known or genre.stated)
        if named:
            known[genre.name] = bool(named & genre.stated)
        else:
            cued = bool(genre.decisive and genre.decisive.open(doc)) or genre.gate.open(doc)
            others = (genre.registry[name] for name in genre.yields_to if name in genre.registry)
            known[genre.name] = cued and not any(is_genre(doc, other) for other in others)
    return known[genre.name]


def stated_values(metadata: Mapping[str, Any]) -> set[str]:
    """The values of the front-matter fields that may state a genre, normalised: lower case, one
    space between words (`News-Article`, `news_article` and `news article` are one value); a list
    or a comma-separated string gives several."""
    values: set[str] = set()
    for name in STATED:
        value = metadata.get(name)
        items = value if isinstance(value, list) else str(value).split(",") if value else []
        values.update(normal(str(item)) for item in items if str(item).strip())
    return values


def normal(value: str) -> str:
    return " ".join(value.lower().replace("-", " ").replace("_", " ").split())


def load_file(path: Path, build: Any) -> Genre:
    from lint.checks.base import SpecError

    file = datafile.read(path, "genre", _KEYS, "cues tell")
    data, fail = file.data, file.fail
    stated = data.get("stated", [])
    if not isinstance(stated, list) or not all(isinstance(value, str) and value.strip() for value in stated):
        raise fail(["stated"], "`stated` is a list of the front-matter values that name this genre")
    yields = data.get("yields_to", [])
    if not isinstance(yields, list) or not all(isinstance(name, str) and name for name in yields):
        raise fail(["yields_to"], "`yields_to` is a list of genre names that rule this genre out")
    own_voice = data.get("own_voice_quotes", False)
    if not isinstance(own_voice, bool):
        raise fail(["own_voice_quotes"], "`own_voice_quotes` is true or false")
    ignored = ("description", "source", "stated", "decisive", "yields_to", "own_voice_quotes")
    spec = {key: value for key, value in data.items() if key not in ignored}
    try:
        gate = Cues(spec, build)
    except SpecError as exc:
        raise fail(exc.key, str(exc)) from None
    decisive = data.get("decisive") or []
    if not isinstance(decisive, list) or not all(isinstance(pattern, str) and pattern for pattern in decisive):
        raise fail(["decisive"], "`decisive` is a list of patterns, any one of which decides the genre")
    try:
        one = Cues({"patterns": decisive}, build) if decisive else None
    except SpecError as exc:
        raise fail(["decisive", *exc.key[2:]], str(exc)) from None
    names = frozenset({normal(file.name), *(normal(value) for value in stated)})
    description, source = data["description"].strip(), data["source"].strip()
    line = file.line("yields_to") if "yields_to" in data else 1
    return Genre(file.name, description, source, gate, str(path), names, one, yields_to=tuple(yields), yields_line=line,
                 own_voice_quotes=own_voice)  # fmt: skip


def load(files: Iterable[Path], build: Any) -> dict[str, Genre]:
    from lint.errors import RuleFileError

    genres = [load_file(file, build) for file in files]
    known = frozenset(value for genre in genres for value in genre.stated)
    registry: dict[str, Genre] = {}
    registry.update((genre.name, replace(genre, known=known, registry=registry)) for genre in genres)
    for genre in registry.values():
        for name in genre.yields_to:
            problem = f"unknown genre {name!r}" if name not in registry else None
            if problem is None and _reaches(registry, name, genre.name):
                problem = f"{genre.name!r} and {name!r} yield to each other"
            if problem:
                raise RuleFileError(genre.path, f"genre {genre.name!r}: yields_to: {problem}", genre.yields_line, 1)
    return registry


def _reaches(registry: Mapping[str, Genre], start: str, goal: str) -> bool:
    """Whether `start` yields, directly or through others, to `goal`."""
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name == goal:
            return True
        if name not in seen and name in registry:
            seen.add(name)
            todo.extend(registry[name].yields_to)
    return False
