"""Loading rule files: YAML with positions -> validated -> compiled Rules.

Everything is checked before the first article is read: unknown keys (with the closest
valid one suggested), the JSON Schema in `rule.schema.json`, patterns that do not
compile, duplicate ids. Each problem is one RuleFileError at file:line:column.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from lint import vocabulary, yamlmarks
from lint.checks import KINDS, builder
from lint.checks.base import BuildContext, Check, SpecError, interpolate, scope_names, share_patterns
from lint.checks.matchers import Gate
from lint.errors import RuleFileError, did_you_mean
from lint.genres import Genre, GenreFilter
from lint.prefilter import Prefilter

SCHEMA_PATH = Path(__file__).with_name("rule.schema.json")
PACK_FILE = "pack.yaml"
VOCABULARIES_DIR = "vocabularies"
CONTEXTS_DIR = "contexts"
GENRES_DIR = "genres"
MAX_RULE_DIRECTORY_ENTRIES = 20_000  # rule sets hold tens of files; this bounds a walk of the wrong directory


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    category: str
    severity: str
    message: str
    hint: str
    source_title: str
    source_url: str
    docs: str
    bad_examples: tuple[str, ...]
    good_examples: tuple[str, ...]
    scope: tuple[str, ...]
    pack: str
    path: str
    line: int
    enabled: bool
    check: Check = field(compare=False, repr=False)
    gate: Gate | None = field(default=None, compare=False, repr=False)  # `only_if`: documents it applies to
    genres: GenreFilter | None = field(default=None, compare=False, repr=False)  # the genres it applies to
    vocabularies: tuple[str, ...] = ()  # the vocabularies its phrases and patterns name
    contexts: tuple[str, ...] = ()  # the contexts that clear it
    supersedes: frozenset[str] = frozenset()  # rules whose overlapping findings it replaces

    @property
    def source(self) -> str:
        return f"{self.source_title} <{self.source_url}>"


@dataclass(frozen=True)
class Pack:
    name: str
    title: str
    description: str
    recommended: bool
    path: Path


# --- the bundled packs ----------------------------------------------------------------


def packs_dir() -> Path:
    """Bundled packs: inside the installed package, or `rules/` beside it in a checkout."""
    installed = Path(__file__).with_name("packs")
    return installed if installed.is_dir() else Path(__file__).resolve().parent.parent / "rules"


def bundled_packs() -> dict[str, Pack]:
    packs: dict[str, Pack] = {}
    root = packs_dir()
    for pack_file in sorted(root.glob(f"*/{PACK_FILE}")):
        data = yamlmarks.load(str(pack_file))
        if not isinstance(data, Mapping):
            raise RuleFileError(str(pack_file), "a pack file must be a mapping with title and description")
        name = pack_file.parent.name
        packs[name] = Pack(
            name,
            str(data.get("title", name)),
            str(data.get("description", "")),
            bool(data.get("recommended", True)),
            pack_file.parent,
        )
    return packs


def rule_files(path: Path) -> list[Path]:
    """The rule files a rule path names: the file itself (`yamlmarks.read_limited` refuses anything
    but a regular file), or the YAML files below a directory. A directory is walked without
    following symbolic links, and one that holds more than MAX_RULE_DIRECTORY_ENTRIES entries (the
    file-system root or a home directory named by mistake) is refused rather than searched."""
    if not path.is_dir():
        return [path]
    if path.resolve() == Path(path.resolve().anchor):
        raise RuleFileError(str(path), "is the file-system root; name the directory that holds the rules")

    def unreadable(exc: OSError) -> None:
        raise RuleFileError(str(exc.filename), f"cannot read directory: {exc.strerror or exc}")

    found: list[Path] = []
    entries = 0
    for directory, dirnames, filenames in os.walk(path, onerror=unreadable, followlinks=False):
        # a rule set kept as a git checkout; vocabularies sit beside the packs but are not rules
        dirnames[:] = [name for name in dirnames if name not in (".git", VOCABULARIES_DIR, CONTEXTS_DIR, GENRES_DIR)]
        entries += len(dirnames) + len(filenames)
        if entries > MAX_RULE_DIRECTORY_ENTRIES:
            raise RuleFileError(str(path), f"holds more than {MAX_RULE_DIRECTORY_ENTRIES:,} files and directories; "
                                "name the directory that holds the rules")  # fmt: skip
        found += (Path(directory, name) for name in filenames if name.endswith((".yaml", ".yml")) and name != PACK_FILE)
    return sorted(found)


# --- loading --------------------------------------------------------------------------


def vocabularies_dir() -> Path:
    """The shipped vocabularies, beside the packs."""
    return packs_dir() / VOCABULARIES_DIR


def genres_dir() -> Path:
    """The shipped genres (news, press release, product page, ...), beside the packs."""
    return packs_dir() / GENRES_DIR


def contexts_dir() -> Path:
    """The shipped contexts (negation, attribution, ...), beside the packs."""
    return packs_dir() / CONTEXTS_DIR


class RuleSet(list["Rule"]):
    """Loaded rules, with the prefilter over all their triggers: its automaton is built once and
    kept with them in the rule cache (building it takes longer than reading it, 18 ms against
    2 ms, a tenth of a pre-commit run). A selection of some of the rules uses it as it is: the
    triggers it leaves out are simply never asked about."""

    prefilter: Prefilter


def prefilter_of(rules: Iterable[Rule]) -> Prefilter:
    """The prefilter over the rules' triggers (a rule without one runs on every document)."""
    return Prefilter(rule.check.trigger for rule in rules if rule.check.trigger is not None)


def load_paths(
    paths: Iterable[Path],
    use_cache: bool = True,
    vocabulary_paths: Sequence[Path] = (),
    vocabulary_edits: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
    categories: Iterable[str] = (),
) -> RuleSet:
    """Load every rule file under the given files and directories; ids must be unique. Rules
    may name the shipped vocabularies and those of `vocabulary_paths` (a later file of the same
    name replaces a shipped one), with `vocabulary_edits` applied, and file themselves under the
    schema's categories or a team's own `categories`.

    A rule set loaded and validated once is kept in the compiled-rule cache, keyed by the
    content of every file involved, so that later runs skip parsing and validation.
    """
    from lint import cache

    paths = list(paths)
    for path in [*paths, *vocabulary_paths]:
        if not path.exists():
            raise RuleFileError(str(path), "no such rule file or directory")
    files = [file for path in paths for file in rule_files(path)]
    packs = {f.parent / PACK_FILE for f in files if (f.parent / PACK_FILE).is_file()}
    shared = language_files(vocabulary_paths)
    edits = repr(sorted((name, sorted(edit.items())) for name, edit in (vocabulary_edits or {}).items()))
    own = frozenset(categories)
    key = cache.digest([cache.rules_key([*files, *sorted(packs), *shared.all()]), edits, repr(sorted(own))])
    cached = cache.load_rules(key) if use_cache else None
    if isinstance(cached, RuleSet):
        return cached
    rules = RuleSet(_load_files(files, replace(language(shared, vocabulary_edits), categories=own)))
    share_patterns(rules)  # before pickling: the cache keeps them shared
    rules.prefilter = prefilter_of(rules)
    if use_cache:
        cache.store_rules(key, rules)
    return rules


@dataclass(frozen=True)
class LanguageFiles:
    """The files of what rules may name: vocabularies (the shipped ones, then a team's), contexts, genres."""

    vocabularies: list[Path]
    contexts: list[Path]
    genres: list[Path]

    def all(self) -> list[Path]:
        return [*self.vocabularies, *self.contexts, *self.genres]


def language_files(vocabulary_paths: Sequence[Path] = ()) -> LanguageFiles:
    team = [file for path in vocabulary_paths for file in rule_files(path)]
    return LanguageFiles(
        vocabulary.vocabulary_files([vocabularies_dir()]) + team,
        vocabulary.vocabulary_files([contexts_dir()]),
        vocabulary.vocabulary_files([genres_dir()]),
    )


def language(files: LanguageFiles, vocabulary_edits: Mapping[str, Mapping[str, Sequence[str]]] | None = None
             ) -> BuildContext:  # fmt: skip
    """What every rule may name: the vocabularies, and the contexts and genres (whose cues may name
    vocabularies)."""
    from lint import contexts, genres

    base = BuildContext(vocabularies=vocabulary.load(files.vocabularies, vocabulary_edits))
    return replace(base, contexts=contexts.load(files.contexts, base), genres=genres.load(files.genres, base))


def _load_files(files: Iterable[Path], shared: BuildContext | None = None) -> list[Rule]:
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    for file in files:
        for rule in load_file(file, shared=shared):
            if rule.id in seen:
                first = seen[rule.id]
                message = f"duplicate rule id {rule.id!r} (first defined at {first.path}:{first.line})"
                raise RuleFileError(rule.path, message, rule.line, 1)
            seen[rule.id] = rule
            rules.append(rule)
    return rules


@cache
def shipped_language() -> BuildContext:
    return language(language_files())


@cache
def pack_context(directory: Path) -> BuildContext:
    """The named matchers a pack defines in its pack.yaml (`matchers: {name: {phrases, patterns}}`)."""
    pack_file = directory / PACK_FILE
    if not pack_file.is_file():
        return BuildContext()
    data = yamlmarks.load(str(pack_file))
    matchers = data.get("matchers", {}) if isinstance(data, Mapping) else None
    if not isinstance(matchers, Mapping):
        raise RuleFileError(str(pack_file), "matchers must map names to {phrases, patterns}")
    for name, spec in matchers.items():
        line, column = yamlmarks.position_of(data, ["matchers", name])
        if (
            not isinstance(spec, Mapping)
            or not spec
            or set(spec) - {"phrases", "patterns"}
            or not all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in spec.values())
        ):
            raise RuleFileError(str(pack_file), f"matcher {name!r} must have `phrases` and/or `patterns` lists",
                                line, column)  # fmt: skip
    return BuildContext(matchers)


def load_file(path: Path, pack: str | None = None, shared: BuildContext | None = None) -> list[Rule]:
    data = yamlmarks.load(str(path))
    entries: list[tuple[Any, list[str | int]]]
    if isinstance(data, yamlmarks.MarkedList):
        entries = [(item, [index]) for index, item in enumerate(data)]
    elif isinstance(data, yamlmarks.MarkedDict):
        entries = [(data, [])]
    else:
        raise RuleFileError(str(path), "a rule file holds one rule (a mapping) or a list of rules", 1, 1)
    if not entries:
        raise RuleFileError(str(path), "the rule list is empty", 1, 1)
    shared = shared or shipped_language()  # a rule file on its own (examples, tests): what ships
    context = replace(
        pack_context(path.parent), vocabularies=shared.vocabularies, contexts=shared.contexts, genres=shared.genres,
        categories=shared.categories,
    )  # fmt: skip
    return [build_rule(str(path), data, item, prefix, pack or path.parent.name, context) for item, prefix in entries]


def build_rule(
    path: str, root: Any, spec: Any, prefix: list[str | int], pack: str, context: BuildContext | None = None
) -> Rule:
    context = context or BuildContext()

    def fail(key: list[str | int], message: str, *, on_key: bool = False) -> RuleFileError:
        line, column = yamlmarks.position_of(root, [*prefix, *key])
        if on_key and key:
            parent = root
            for part in [*prefix, *key[:-1]]:
                parent = parent[part]
            line, column = parent.key_positions.get(key[-1], (line, column))
        rule_id = spec.get("id") if isinstance(spec, Mapping) else None
        label = f"rule {rule_id!r}: " if isinstance(rule_id, str) else ""
        return RuleFileError(path, f"{label}{message}", line, column)

    if not isinstance(spec, yamlmarks.MarkedDict):
        raise fail([], "a rule must be a mapping of keys to values")
    kind = spec.get("kind")
    if kind not in KINDS:
        choices = ", ".join(KINDS)
        if kind is None:
            raise fail([], f"missing key 'kind' (one of: {choices})")
        raise fail(["kind"], f"unknown kind {kind!r}{did_you_mean(str(kind), KINDS)} (one of: {choices})")
    allowed = allowed_keys(kind)
    for key in spec:
        if key not in allowed:
            raise fail([key], f"unknown key {key!r} for a {kind} rule{did_you_mean(key, allowed)}", on_key=True)
    error = _schema_error(spec, context.categories)
    if error is not None:
        raise fail(*error)
    try:
        interpolate(spec["message"], {})
    except (ValueError, IndexError) as exc:
        raise fail(["message"], f"message is not a valid template: {exc}") from None
    try:
        check = builder(kind)(spec, context)
        gate = Gate(spec["only_if"], context) if "only_if" in spec else None
        genre_filter = _genre_filter(spec.get("genres"), context)
    except SpecError as exc:
        raise fail(exc.key, str(exc)) from None
    return Rule(
        id=spec["id"],
        kind=kind,
        category=spec["category"],
        severity=spec["severity"],
        message=spec["message"].strip(),
        hint=spec["hint"].strip(),
        source_title=spec["source"]["title"] if isinstance(spec["source"], Mapping) else spec["source"],
        source_url=spec["source"]["url"] if isinstance(spec["source"], Mapping) else spec["source"],
        docs=spec["docs"].strip(),
        bad_examples=tuple(spec["examples"]["bad"]),
        good_examples=tuple(spec["examples"]["good"]),
        scope=scope_names(spec),
        pack=pack,
        path=path,
        line=spec.position[0],
        enabled=bool(spec.get("enabled", True)),
        check=check,
        gate=gate,
        genres=genre_filter,
        vocabularies=_vocabularies_named(spec),
        contexts=tuple(c.name for c in context.named_contexts(spec)),
        supersedes=frozenset(spec.get("supersedes", ())),
    )


def _genre_filter(spec: Any, context: BuildContext) -> GenreFilter | None:
    if spec is None:
        return None
    chosen: dict[str, tuple[Genre, ...]] = {}
    for key in ("skip", "only"):
        for index, name in enumerate(spec.get(key, ())):
            if name not in context.genres:
                known = ", ".join(sorted(context.genres)) or "none loaded"
                raise SpecError(["genres", key, index], f"unknown genre {name!r} (known: {known})")
        chosen[key] = tuple(context.genres[name] for name in spec.get(key, ()))
    return GenreFilter(chosen["skip"], chosen["only"])


_PROSE_KEYS = frozenset({"id", "message", "hint", "docs", "source", "examples"})  # text, not patterns


def _vocabularies_named(spec: Any) -> tuple[str, ...]:
    """The `{name}` references in a rule's phrases and patterns, wherever the kind keeps them."""
    names: dict[str, None] = {}

    def walk(value: Any) -> None:
        if isinstance(value, str):
            names.update(dict.fromkeys(m.group(1) for m in vocabulary.references(value)))
        elif isinstance(value, Mapping):
            for key, item in value.items():
                if key not in _PROSE_KEYS:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(spec)
    if spec.get("kind") == "claim":  # a claim's roles name their vocabularies bare
        for key in ("subject", "predicate", "object", "gerund_lead"):
            names.update(dict.fromkeys(spec.get(key, ())))
    return tuple(names)


# --- the schema -----------------------------------------------------------------------


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


@cache
def allowed_keys(kind: str) -> frozenset[str]:
    defs = schema()["$defs"]
    return frozenset(defs["common"]["properties"]) | frozenset(defs[kind]["properties"])


@cache
def _validator() -> Any:
    import jsonschema  # imported only when rules are validated (a rule-cache miss)

    return jsonschema.Draft202012Validator({"$ref": "#/$defs/rule", "$defs": schema()["$defs"]})


def _schema_error(
    spec: Mapping[str, Any], categories: frozenset[str] = frozenset()
) -> tuple[list[str | int], str] | None:
    errors = [
        e for e in _validator().iter_errors(_plain(spec))
        if e.validator != "unevaluatedProperties"
        and not (list(e.absolute_path) == ["category"] and e.validator == "enum" and e.instance in categories)
    ]  # fmt: skip
    if not errors:
        return None
    error = max(errors, key=lambda e: len(e.absolute_path))
    path = list(error.absolute_path)
    if error.validator == "required":
        return path, f"missing key: {error.message.split(' is a required')[0]}"
    if error.validator == "anyOf" and not path:
        return path, "needs `phrases` or `patterns`"
    where = ".".join(str(p) for p in path)
    return path, f"{where}: {_short(error)}" if where else _short(error)


def _short(error: Any) -> str:
    if error.validator == "enum":
        return f"{error.instance!r} is not one of: {', '.join(map(str, error.validator_value))}"
    if error.validator == "oneOf" and isinstance(error.instance, (str, list, dict)):
        # the branch of the instance's own type says what is wrong with it ("does not match a URL")
        fitting = [e for e in error.context if e.validator != "type"] or list(error.context)
        best = min(fitting, key=lambda e: len(e.message), default=None)
        return str(best.message if best is not None else error.message)
    return str(error.message)


def _plain(value: Any) -> Any:
    """Marked containers as plain dicts and lists (jsonschema checks exact types)."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def iter_examples(rule: Rule) -> Iterator[tuple[str, str]]:
    for text in rule.bad_examples:
        yield "bad", text
    for text in rule.good_examples:
        yield "good", text
