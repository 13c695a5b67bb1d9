"""The interface every rule kind implements, and the trigger matching they share.

A kind is a module with `KEYS` (the keys it adds to a rule) and `build(spec) -> Check`.
`build` validates and compiles once; `Check.run(doc, env)` yields Hits: source offsets
plus the values the message interpolates. Checks never compute lines or columns, never
print and never read configuration.
"""

from __future__ import annotations

import datetime
import os
import re
import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Protocol

import regex

from lint.contexts import Context, SentenceCues, find_cues
from lint.errors import unknown
from lint.genres import Genre, is_genre
from lint.markup.document import BLOCK_SCOPES, Block, Document, Link
from lint.vocabulary import REFERENCE, Vocabulary

if TYPE_CHECKING:
    from lint.screen import Screen, ScreenSet

# A rule's patterns get, together, this long to run over one document, plus the second term
# for each million characters of it, before the rule is abandoned for that document
# (docs/robustness.md): a pathological pattern stops, a large article is still checked.
# Seconds of processor time, as `regex` counts its timeouts: a loaded machine that gives the
# process a fraction of a core does not make a sound rule time out.
PATTERN_TIMEOUT_SECONDS = 2.0
PATTERN_SECONDS_PER_MILLION_CHARACTERS = 10.0  # shipped rules take 2 s at most on 1 MB of dense claims

_deadline: ContextVar[float | None] = ContextVar("pattern_deadline", default=None)
_RENEW_AFTER_SECONDS = 0.05


def processor_time() -> float:
    """The process's processor time, or a bound just above it: `time.process_time` is a system
    call (35,000 of them checking a 2.5 MB corpus, slow on a loaded machine), so it is read
    again only after `_RENEW_AFTER_SECONDS` of wall time, and meanwhile the wall time since the
    last reading is added to it (a process cannot use more processor time than passes)."""
    wall = time.perf_counter()
    processor, read_at = _last_reading
    if wall - read_at <= _RENEW_AFTER_SECONDS:
        return processor + (wall - read_at)
    processor = time.process_time()
    _last_reading[:] = processor, wall
    return processor


_last_reading = [0.0, -_RENEW_AFTER_SECONDS - 1.0]  # processor time, and the wall clock, when last read


def _forget_reading() -> None:
    _last_reading[1] = -_RENEW_AFTER_SECONDS - 1.0


os.register_at_fork(after_in_child=_forget_reading)  # a forked worker's processor time starts anew


@contextmanager
def time_limit(characters: int) -> Iterator[None]:
    """Every pattern run inside the block shares one deadline: the limit for a document of
    `characters` (the engine runs each rule on a document inside one)."""
    seconds = PATTERN_TIMEOUT_SECONDS + PATTERN_SECONDS_PER_MILLION_CHARACTERS * characters / 1_000_000
    token = _deadline.set(processor_time() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining_seconds(now: float | None = None) -> float:
    """The time a pattern may take now (`now`: the processor time, if just read); TimeoutError
    once the deadline has passed. Outside a `time_limit`, each call gets PATTERN_TIMEOUT_SECONDS."""
    deadline = _deadline.get()
    if deadline is None:
        return PATTERN_TIMEOUT_SECONDS
    left = deadline - (processor_time() if now is None else now)
    if left <= 0 and now is None:  # past it by the bound: read the clock itself before giving up
        _forget_reading()
        left = deadline - processor_time()
    if left <= 0:
        raise TimeoutError("the rule's time limit was reached")
    return left


class SpecError(Exception):
    """A rule that is valid YAML but cannot be built; `key` is the path to the culprit."""

    def __init__(self, key: Sequence[str | int], message: str) -> None:
        super().__init__(message)
        self.key = list(key)


@dataclass(frozen=True)
class Hit:
    start: int | None  # None: the whole document
    end: int | None
    values: Mapping[str, str] = field(default_factory=dict)
    fix: str | None = None
    in_source: bool = False  # offsets into the source, not the view (text the view dropped)


@dataclass(frozen=True)
class Author:
    name: str
    aliases: tuple[str, ...] = ()
    credentials: tuple[str, ...] = ()
    licence: str | None = None
    profile: str | None = None


@dataclass(frozen=True)
class Environment:
    """What a run knows beyond the document: the authors registry and today's date."""

    authors: tuple[Author, ...] = ()
    today: datetime.date = field(default_factory=datetime.date.today)


@dataclass(frozen=True)
class BuildContext:
    """What a rule may name beyond its own keys: the named matchers its pack defines in pack.yaml,
    and the vocabularies (`{condition}` in a phrase or pattern)."""

    matchers: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # name -> {phrases, patterns}
    validate: bool = True  # compile every pattern now (loading YAML) rather than on first use (from the cache)
    vocabularies: Mapping[str, Vocabulary] = field(default_factory=dict)
    contexts: Mapping[str, Context] = field(default_factory=dict)  # `contexts: [negation, ...]`
    genres: Mapping[str, Genre] = field(default_factory=dict)  # `genres: {skip: [news]}`
    categories: frozenset[str] = frozenset()  # a team's own categories, beside the schema's (config `categories`)

    def named_contexts(self, spec: Mapping[str, Any]) -> list[Context]:
        """The contexts a rule says clear it (`negation: skip` is the `negation` context)."""
        names = list(spec.get("contexts", ()))
        if spec.get("negation") == "skip" and "negation" not in names:
            names.append("negation")
        for index, name in enumerate(names):
            if name not in self.contexts:
                known = ", ".join(sorted(self.contexts)) or "none loaded"
                where: list[str | int] = ["contexts", index] if index < len(spec.get("contexts", ())) else ["negation"]
                raise SpecError(where, f"unknown context {name!r} (known: {known})")
        return [self.contexts[name] for name in names]

    def vocabulary_pattern(self, name: str, where: Sequence[str | int]) -> str:
        vocabulary = self.vocabularies.get(name)
        if vocabulary is None:
            message = unknown("vocabulary", name, self.vocabularies, "healthlint vocabulary", f"{{{name}}}")
            raise SpecError(list(where), message)
        return vocabulary.pattern()

    def expand(self, pattern: str, where: Sequence[str | int]) -> str:
        """A pattern with each `{name}` replaced by its vocabulary's alternation."""
        return REFERENCE.sub(lambda m: f"(?:{self.vocabulary_pattern(m.group(1), where)})", pattern)


class Check(Protocol):
    # the trigger the prefilter can rule out before `run`; None: the check always runs
    trigger: Trigger | None

    def run(self, doc: Document, env: Environment) -> Iterable[Hit]:
        """Yield the rule's hits in this document."""


# --- compiling phrases and patterns -------------------------------------------------

_WORD_EDGE_BEFORE = r"(?<![\w])"
_WORD_EDGE_AFTER = r"(?![\w])"


def phrase_pattern(phrase: str, context: BuildContext | None = None, where: Sequence[str | int] = ()) -> str:
    """A literal phrase on word boundaries; any run of whitespace (or markup) between words. A
    word written `{name}` is any term of that vocabulary ("{botanical} cures")."""

    def word(text: str) -> str:
        reference = REFERENCE.fullmatch(text)
        if reference is None:
            return regex.escape(text)
        return f"(?:{(context or BuildContext()).vocabulary_pattern(reference.group(1), where)})"

    body = r"\s+".join(word(w) for w in phrase.split())
    before = _WORD_EDGE_BEFORE if phrase[:1].isalnum() else ""
    after = _WORD_EDGE_AFTER if phrase[-1:].isalnum() else ""
    return f"{before}{body}{after}"


class Pattern:
    """A regular expression compiled on first use, with its linear-time screen.

    Loading rules from the rule cache must not pay for compiling every pattern of every
    rule: most rules never get past the anchor prefilter on a given article. Rules loaded
    from YAML are validated (`BuildContext.validate`), which compiles them at once and points
    at the pattern that does not compile.

    The screen (`lint.screen`) is derived when the pattern is built and kept in the rule
    cache. Compiling it in RE2 costs about a millisecond, which a short pattern does not earn
    back on one article; so it is compiled once the text the pattern was asked to scan, times
    the pattern's length (a rough measure of what running it costs), reaches `SCREEN_AFTER`.
    """

    __slots__ = (
        "_anchored_at_start", "_codes", "_compiled", "_never_empty", "_screen", "_screen_source", "_screen_tried",
        "flags", "scanned", "shared", "source",
    )  # fmt: skip

    def __init__(self, source: str, flags: int) -> None:
        self.source, self.flags = source, flags
        self._screen_source: str | bool | None = False  # False: not derived yet
        self._never_empty = False  # derived with the screen: the pattern cannot match the empty string
        self.shared = False  # several rules hold this pattern (`share_patterns`): screen answers are kept
        self._compiled: regex.Pattern[str] | None = None
        self._codes: bytes | None = None  # the compiled opcodes (`lint.cache.compile_pattern`), kept in the rule cache
        self._screen: Screen | None = None
        self._screen_tried = False
        self._anchored_at_start: bool | None = None
        self.scanned = 0  # characters asked for, times the pattern's length, before the screen was compiled

    @property
    def compiled(self) -> regex.Pattern[str]:
        if self._compiled is None:
            from lint.cache import compile_pattern, rebuild_pattern

            if self._codes is not None:
                self._compiled = rebuild_pattern(self._codes)
            if self._compiled is None:
                self._compiled, self._codes = compile_pattern(self.source, self.flags)
        return self._compiled

    @property
    def screen_source(self) -> str | None:
        """The screen's RE2 source (derived on first use; kept in the rule cache)."""
        if self._screen_source is False:
            from lint.screen import screen_info

            self._screen_source, self._never_empty = screen_info(self.source, bool(self.flags & regex.IGNORECASE))
        return self._screen_source  # type: ignore[return-value]

    @property
    def stepped(self) -> Screen | None:
        """The screen, when matches may be looked for only where its matches start: it is
        compiled, and the pattern reads forwards, from anywhere, and never matches empty."""
        if not self._screen_tried or self._screen is None or not self._never_empty or self._from_search_start:
            return None
        return self._screen if not self.compiled.flags & _REVERSE else None

    @property
    def screen(self) -> Screen | None:
        """The compiled screen, compiled now if need be; None when the pattern has none."""
        if not self._screen_tried:
            from lint.screen import compile_screen

            self._screen, self._screen_tried = compile_screen(self.screen_source), True
        return self._screen

    def first(self, text: str, start: int, end: int) -> int | None:
        """Where in text[start:end] the pattern's matches may begin (the screen's first match),
        or None when the screen shows it cannot match there."""
        screen = self._screen_for(end - start)
        if screen is None:
            return start
        begin = screen.first(text, start, end)
        return start if begin is not None and self._from_search_start else begin

    def possible(self, text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """For the (sorted, disjoint) spans of text where the pattern may match: the span's
        index and the offset where matching may begin (the screen's first match in it)."""
        screen = self._screen if self._screen_tried else self._screen_for(sum(end - start for start, end in spans))
        if screen is None:
            return [(index, start) for index, (start, _) in enumerate(spans)]
        if not self.shared:
            return self._screened(screen, text, spans)
        if _screen_answers[0] is not text:  # another document: forget the last one's answers
            _screen_answers[:] = [text, {}]
        key = (id(self), tuple(spans))
        answers: dict[tuple[int, tuple[tuple[int, int], ...]], list[tuple[int, int]]] = _screen_answers[1]
        if key in answers:  # a rule sharing this pattern asked the same
            return answers[key]
        answers[key] = found = self._screened(screen, text, spans)
        return found

    def _screened(self, screen: Screen, text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        found = screen.possible(text, spans)
        if self._from_search_start:
            return [(index, spans[index][0]) for index, _ in found]
        return found

    def _screen_for(self, characters: int) -> Screen | None:
        """The screen, once the text asked for (times the pattern's length) reaches the budget."""
        if self._screen_tried:
            return self._screen
        self.scanned += characters * len(self.source)
        if self.scanned < SCREEN_AFTER * _small_run[0]:
            return None
        return self.screen

    @property
    def _from_search_start(self) -> bool:
        """\\G anchors at the search's start, which must then stay where the caller asked."""
        if self._anchored_at_start is None:
            self._anchored_at_start = "\\G" in self.source
        return self._anchored_at_start

    def __getstate__(self) -> tuple[str, int, str | None, bool, bool, bytes | None]:
        self.compiled  # noqa: B018 - compiled (if the rules' validation did not) for its opcodes
        return self.source, self.flags, self.screen_source, self._never_empty, self.shared, self._codes

    def __setstate__(self, state: tuple[str, int, str | None, bool, bool, bytes | None]) -> None:
        self.source, self.flags, self._screen_source, self._never_empty, self.shared, self._codes = state
        self._compiled = self._screen = None
        self._screen_tried = False
        self._anchored_at_start = None
        self.scanned = 0


SCREEN_AFTER = 10_000_000  # e.g. 10,000 characters for a 1,000-character pattern
# The screens' answers for the document being checked (its text, then (pattern, spans) ->
# answer): rules sharing a pattern ask once. Only the current text is held.
_screen_answers: list[Any] = [None, {}]
# A run over little text (one article, as a pre-commit hook checks it) cannot pay back the
# compiling of screens and the building of their automata (about 40 ms for one 10 KB
# article): its budget is this many times larger. A run over much text (an audit) pays back
# every screen it uses, so each is compiled when first asked: before its budget filled, the
# patterns scanned unscreened, which cost a corpus of 2.5 MB 14% of its time.
SMALL_RUN_CHARACTERS = 64_000
SMALL_RUN_SCREEN_FACTOR = 10
LARGE_RUN_CHARACTERS = 1_000_000
_small_run = [1]  # the budget's factor for this run (see `expect_text`)


def expect_text(characters: int) -> None:
    """Tell the patterns how much text this run checks: a small run compiles fewer screens, a
    large one compiles each when first asked."""
    if characters < SMALL_RUN_CHARACTERS:
        _small_run[0] = SMALL_RUN_SCREEN_FACTOR
    else:
        _small_run[0] = 0 if characters >= LARGE_RUN_CHARACTERS else 1


def may_match(patterns: Sequence[Pattern], text: str, start: int, end: int) -> list[Pattern]:
    """The patterns (in order) that may match somewhere in text[start:end]: those whose screens
    match there, found in one pass for all (`lint.screen.ScreenSet`), and those without a screen."""
    sources = tuple(pattern.screen_source for pattern in patterns)
    if sources not in _screen_sets:
        from lint.screen import ScreenSet

        try:
            _screen_sets[sources] = ScreenSet([source for source in sources if source is not None])
        except Exception:  # RE2 refused the Set (too large, say): each pattern is screened alone
            _screen_sets[sources] = None
    together = _screen_sets[sources]
    if together is None:
        return list(patterns)
    screened = [index for index, source in enumerate(sources) if source is not None]
    matching = {screened[found] for found in together.matching(text, start, end)}
    return [pattern for index, pattern in enumerate(patterns) if sources[index] is None or index in matching]


_screen_sets: dict[tuple[str | None, ...], ScreenSet | None] = {}  # screens asked about together -> their Set


def compile_patterns(obj: Any, seen: set[int] | None = None) -> None:
    """Compile every Pattern reachable from a check's attributes now (before forking workers,
    so that they share the compiled patterns instead of each compiling them again)."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, Pattern):
        obj.compiled  # noqa: B018
        obj.screen  # noqa: B018
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            compile_patterns(item, seen)
    elif hasattr(obj, "__dict__"):
        for value in vars(obj).values():
            compile_patterns(value, seen)


def share_patterns(objects: Iterable[Any]) -> None:
    """Make equal patterns one object: rules built from the same phrases or vocabularies (a
    rule that is the union of two others) then compile, screen and build RE2's automaton
    once, and a screen asked again about the same spans of the same text answers at once."""
    canonical: dict[tuple[str, int], Pattern] = {}
    seen: set[int] = set()

    def canonical_of(value: Any) -> Any:
        if isinstance(value, Pattern):
            kept = canonical.setdefault((value.source, value.flags), value)
            if kept is not value:
                kept.shared = True
            return kept
        visit(value)
        return value

    def visit(obj: Any) -> None:
        if id(obj) in seen or isinstance(obj, (str, bytes, int, float, type(None))):
            return
        seen.add(id(obj))
        if isinstance(obj, list):
            obj[:] = [canonical_of(item) for item in obj]
        elif isinstance(obj, tuple):
            for item in obj:
                visit(item)
        elif hasattr(obj, "__dict__"):
            for name, value in list(vars(obj).items()):
                replacement = canonical_of(value)
                if replacement is not value:
                    object.__setattr__(obj, name, replacement)

    for obj in objects:
        visit(obj)


def compile_alternation(
    spec: Mapping[str, Any],
    case_sensitive: bool,
    prefix: Sequence[str | int] = (),
    context: BuildContext | None = None,
    key: Sequence[str | int] | None = None,
) -> Pattern | None:
    """One pattern for a spec's `phrases` and `patterns`; None when it has neither."""
    phrases, patterns = list(spec.get("phrases", ())), list(spec.get("patterns", ()))
    if not phrases and not patterns:
        return None
    where = list(key or [*prefix, "patterns"])
    context = context or BuildContext()
    parts = [phrase_pattern(p, context, [*prefix, "phrases", i]) for i, p in enumerate(phrases)]
    parts += [context.expand(p, [*where, i]) for i, p in enumerate(patterns)]
    pattern = Pattern("|".join(f"(?:{p})" for p in parts), 0 if case_sensitive else regex.IGNORECASE)
    if context is None or context.validate:
        try:
            pattern.compiled  # noqa: B018 - compile now, to report a bad pattern at load time
        except regex.error as exc:
            raise _pattern_error(patterns, key or [*prefix, "patterns"], exc, pattern.flags) from None
    return pattern


def _pattern_error(patterns: Sequence[str], key: Sequence[str | int], exc: regex.error, flags: int) -> SpecError:
    for index, pattern in enumerate(patterns):
        try:
            regex.compile(pattern, flags)
        except regex.error as inner:
            return SpecError([*key, index], f"pattern does not compile: {inner}: {pattern!r}")
    return SpecError(list(key), f"patterns do not compile together: {exc}")


def finditer(pattern: Pattern, text: str, start: int, end: int) -> Iterator[Any]:
    """The pattern's matches in text[start:end], looked for where its screen matches."""
    begin = pattern.first(text, start, end)
    if begin is None:
        return iter(())
    return stepped_finditer(pattern, text, begin, end)


_REVERSE = int(regex.REVERSE)  # a plain int: `flags & regex.REVERSE` goes through enum's slow `__and__`


def timed_finditer(compiled: regex.Pattern[str], text: str, start: int, end: int) -> Iterator[Any]:
    """compiled.finditer(text, start, end) under the rule's deadline.

    `regex` counts a scanner's timeout over its own searches only: granted the time left when
    it began, a scanner may outlive the deadline by what ran between its matches. So a scanner
    older than `_RENEW_AFTER_SECONDS` is replaced by one granted the time left then (a rule stops
    at most that long after its deadline), without paying for a new scanner at every match. The
    new scanner resumes where the last match ended (began, for a `(?r)` pattern); after an empty
    match its first match is that empty match again, which finditer would have moved past.
    """
    reverse, empty_at = bool(compiled.flags & _REVERSE), -1
    scanner, granted_at = None, 0.0
    while True:
        if scanner is None or processor_time() - granted_at > _RENEW_AFTER_SECONDS:
            granted_at = processor_time()
            scanner = compiled.finditer(text, start, end, timeout=remaining_seconds(granted_at))
            match = next(scanner, None)
            if match is not None and match.start() == match.end() == empty_at:
                match = next(scanner, None)
        else:
            match = next(scanner, None)
        if match is None:
            return
        yield match
        if reverse:
            end = match.start()
        else:
            start = match.end()
        empty_at = match.start() if match.start() == match.end() else -1


_STEP_MISSES = 4  # screen matches where the pattern fails, before the pattern scans the rest itself


def stepped_finditer(pattern: Pattern, text: str, start: int, end: int) -> Iterator[Any]:
    """The pattern's matches in text[start:end], as `timed_finditer` finds them, where `start`
    is where its screen's first match there starts.

    The `regex` module scans the text between a pattern's matches itself, position by
    position, at 10 to 20 MB/s for the packs' vocabulary alternations. A match can only start
    where a screen match starts, so the pattern is tried there alone (`match`), and RE2 finds
    the next such place. After a few places where the screen matches and the pattern does
    not (a loose screen), the pattern scans the rest itself. Only for patterns that never
    match empty (empty matches follow finditer's own rules), read forwards and without `\\G`.
    """
    screen = pattern.stepped
    compiled = pattern.compiled
    if screen is None:
        yield from timed_finditer(compiled, text, start, end)
        return
    candidate: int | None = start
    misses = 0
    while candidate is not None:
        match = compiled.match(text, candidate, end, timeout=remaining_seconds())
        if match is not None:
            yield match
            position = match.end()
        else:
            misses += 1
            if misses > _STEP_MISSES:
                yield from timed_finditer(compiled, text, candidate + 1, end)
                return
            position = candidate + 1
        candidate = screen.first(text, position, end) if position < end else None


# --- where a rule looks ---------------------------------------------------------------

_QUOTE_CHARS = re.compile(r"[\"“”]")


def scope_names(spec: Mapping[str, Any]) -> tuple[str, ...]:
    scope = spec.get("scope", "text")
    return (scope,) if isinstance(scope, str) else tuple(scope)


def _exceptions(spec: Mapping[str, Any], case: bool, context: BuildContext) -> tuple[Pattern | None, Pattern | None]:
    """A rule's exceptions: those searched for anywhere in a sentence, and those that start with
    `\\G` ("the sentence mentions X anywhere"), matched once at the sentence's start.

    In one alternation, a `\\G` exception was tried again wherever the search resumed after
    another exception's match, each time reading to the sentence's end: quadratic.
    """
    listed = list(spec.get("exceptions", ()))
    compiled: list[Pattern | None] = []
    for sentence_wide in (False, True):
        indices = [index for index, pattern in enumerate(listed) if pattern.startswith("\\G") == sentence_wide]
        try:
            compiled.append(
                compile_alternation({"patterns": [listed[i] for i in indices]}, case, (), context, ["exceptions"])
            )
        except SpecError as error:
            if len(error.key) == 2:  # ["exceptions", index in this group]: the index in the rule
                error.key[1] = indices[int(error.key[1])]
            raise
    return compiled[0], compiled[1]


class Trigger:
    """Finds a rule's trigger in the parts of a document its scope names.

    Applies the options every kind shares: scope, exceptions, `negation: skip` and
    `quotes: skip`. A trigger's phrases (together) and each of its patterns are separate
    *parts*, compiled and run separately: the engine's prefilter tells the trigger which
    blocks hold the anchors of which parts (`Document.focus`), and only those run there, one
    block at a time, so a pattern never reaches across blocks. When several parts match,
    overlapping matches are reduced to the leftmost, as one alternation would.
    """

    def __init__(
        self,
        parts: Sequence[Pattern],
        spec: Mapping[str, Any],
        exceptions: tuple[Pattern | None, Pattern | None],
        contexts: Sequence[Context] = (),
    ) -> None:
        from lint.anchors import anchors

        self.parts = list(parts)
        # per part: the literal anchor sets its matches must contain; None: it may match anywhere
        self.part_anchors = [anchors(part.source) for part in self.parts]
        self.anchored = all(a is not None for a in self.part_anchors)
        self.scopes = frozenset(scope_names(spec))
        # exceptions found anywhere in a sentence, and those matched at its start (`\G...`)
        self.exceptions, self.sentence_exceptions = exceptions
        self.contexts = list(contexts)  # a match in the scope of one of their cues is not reported
        self.skip_quoted = spec.get("quotes") == "skip"
        self.own_voice: tuple[Genre, ...] = ()  # genres whose quotes are the publisher's: `quotes: skip` reads them

    @classmethod
    def from_spec(
        cls,
        spec: Mapping[str, Any],
        context: BuildContext,
        prefix: Sequence[str | int] = (),
        key: Sequence[str | int] | None = None,
    ) -> Trigger | None:
        case = bool(spec.get("case_sensitive", False))
        parts = []
        if spec.get("phrases"):
            parts.append(compile_alternation({"phrases": spec["phrases"]}, case, prefix, context))
        for index, pattern in enumerate(spec.get("patterns", ())):
            where = [*key, index] if key is not None else [*prefix, "patterns", index]
            parts.append(compile_alternation({"patterns": [pattern]}, case, prefix, context, where[:-1]))
        if not parts:
            return None
        trigger = cls(
            [part for part in parts if part is not None],
            spec,
            _exceptions(spec, case, context),
            context.named_contexts(spec),
        )
        if trigger.skip_quoted:
            trigger.own_voice = tuple(genre for genre in context.genres.values() if genre.own_voice_quotes)
        return trigger

    def ruled_out(self, doc: Document) -> bool:
        """True when the prefilter found none of the anchors every part needs (links aside)."""
        return (
            doc.focus is not None
            and self.anchored
            and self not in doc.focus
            and not self.scopes & {"link_text", "link_target"}
        )

    def find(self, doc: Document, focus: str | None = None) -> Iterator[Any]:
        """Matches (regex Match objects) that pass scope and every filter. `focus`: the named
        group the filters look from (a claim's predicate: "turmeric does not cure" is negated)."""
        filtered = (
            self.exceptions is not None or self.sentence_exceptions is not None or self.contexts or self.skip_quoted
        )
        sentences = SentenceFacts(doc, self.exceptions, self.sentence_exceptions)
        sentences.skip_quoted = self.skip_quoted and not any(is_genre(doc, genre) for genre in self.own_voice)
        for match in self._candidates(doc):
            start = match.start(focus) if focus is not None and match.group(focus) is not None else match.start()
            if match.end() > match.start() and (not filtered or self._keep(sentences, start, match.end())):
                yield match

    def _block_parts(self, doc: Document, scopes: frozenset[str]) -> list[tuple[int, list[tuple[int, int]]]]:
        """(block, [(part, where its matches may begin)]), in block order: the blocks in scope
        where the prefilter found a part's anchors and the part's screen can match."""
        blocks = doc.blocks
        focus = doc.focus.get(self, {}) if doc.focus is not None else {}
        everywhere: Sequence[int] | None = None  # the blocks in scope, found if a part needs them
        by_block: dict[int, list[tuple[int, int]]] = {}
        for part, pattern in enumerate(self.parts):
            if doc.focus is None or self.part_anchors[part] is None:
                if everywhere is None:
                    everywhere = range(len(blocks)) if "text" in scopes else [
                        index for index, block in enumerate(blocks) if in_scope(block, scopes)
                    ]  # fmt: skip
                candidates: Sequence[int] = everywhere
            elif "text" in scopes:
                candidates = focus.get(part, ())
            else:
                candidates = [index for index in focus.get(part, ()) if in_scope(blocks[index], scopes)]
            if not candidates:  # most parts, on most documents
                continue
            spans = [(blocks[index].start, blocks[index].end) for index in candidates]
            for position, begin in pattern.possible(doc.masked, spans):
                by_block.setdefault(candidates[position], []).append((part, begin))
        return sorted(by_block.items())

    def _candidates(self, doc: Document) -> Iterator[Any]:
        block_scopes = self.scopes & {"text", "blockquote", *BLOCK_SCOPES}
        if block_scopes:
            blocks = doc.blocks
            for index, parts in self._block_parts(doc, block_scopes):
                yield from self._screened_matches(doc.masked, blocks[index].end, parts)
        every = range(len(self.parts))
        if "link_text" in self.scopes:
            for link in doc.links:
                yield from self._matches(doc.masked, link.text_start, link.text_end, self._link_parts(doc, link))
        if "link_target" in self.scopes:
            for link in doc.links:
                yield from self._matches(doc.plain, link.target_start, link.target_end, every)

    def _link_parts(self, doc: Document, link: Link) -> Sequence[int]:
        """The parts that may match in a link's text: a link's text lies in a block, so a part
        whose anchors the prefilter did not find in that block cannot match there. Unless a word
        character follows the link's text, which a match ending there (`\\b`, `\\Z`) would
        read as a word edge where the block's text has none."""
        every = range(len(self.parts))
        if doc.focus is None:
            return every
        end = link.text_end
        if end < len(doc.masked) and (doc.masked[end].isalnum() or doc.masked[end] == "_"):
            return every
        blocks = doc.blocks
        index = bisect_right(blocks, link.text_start, key=_BLOCK_START) - 1
        if index < 0 or blocks[index].end < end:
            return every  # not inside a block (no markup makes such a link; the safe answer)
        focus = doc.focus.get(self, {})
        return [part for part in every if self.part_anchors[part] is None or _holds(focus.get(part, ()), index)]

    def _matches(self, text: str, start: int, end: int, parts: Sequence[int]) -> Iterator[Any]:
        yield from self._leftmost(start, [finditer(self.parts[part], text, start, end) for part in parts])

    def _screened_matches(self, text: str, end: int, parts: Sequence[tuple[int, int]]) -> Iterator[Any]:
        """Matches of parts whose screens have been run, each from where its screen first matched."""
        runs = [stepped_finditer(self.parts[part], text, begin, end) for part, begin in parts]
        yield from self._leftmost(min(begin for _, begin in parts), runs)

    @staticmethod
    def _leftmost(start: int, runs: Sequence[Iterator[Any]]) -> Iterator[Any]:
        """The matches of several parts (in part order) as one alternation of them finds them."""
        if len(runs) == 1:
            yield from runs[0]
            return
        found = [(m.start(), order, m) for order, run in enumerate(runs) for m in run]
        found.sort(key=lambda item: item[:2])
        last = start
        for match_start, _, match in found:
            if match_start >= last:  # the leftmost of overlapping matches wins, as in one alternation
                yield match
                last = max(match.end(), match_start + 1)

    def _keep(self, sentences: SentenceFacts, start: int, end: int) -> bool:
        if sentences.excepted(start, end):
            return False
        if self.contexts and sentences.cleared(self.contexts, start, end):
            return False
        return not (sentences.skip_quoted and sentences.quoted(start))


class SentenceFacts:
    """What the filters ask about the sentence around a match, found once per sentence.

    Asked again for every match, a sentence as long as the document (a one-line megabyte with
    no sentence break in it) made each of its matches rescan it: quadratic.
    """

    def __init__(self, doc: Document, exceptions: Pattern | None, sentence_exceptions: Pattern | None) -> None:
        self.doc, self.exceptions, self.sentence_exceptions = doc, exceptions, sentence_exceptions
        self._exceptions: dict[tuple[int, int], list[tuple[int, int]]] = {}  # sentence -> (start, reach) of matches
        self._quotes: dict[tuple[int, int], list[tuple[int, bool]]] = {}  # block -> (quote mark, open after it)
        self._cues: dict[tuple[str, tuple[int, int]], SentenceCues] = {}  # (context, sentence) -> its cues
        self.skip_quoted = False  # whether quoted matches are dropped (the trigger's `quotes: skip`, by genre)

    def excepted(self, start: int, end: int) -> bool:
        """Whether a match of the exceptions in the sentence overlaps [start, end)."""
        if self.exceptions is None and self.sentence_exceptions is None:
            return False
        sentence = sentence_span(self.doc, start)
        if sentence not in self._exceptions:
            text = self.doc.masked
            found = [] if self.exceptions is None else [m.span() for m in finditer(self.exceptions, text, *sentence)]
            if self.sentence_exceptions is not None:
                at_start = self.sentence_exceptions.compiled.match(text, *sentence, timeout=remaining_seconds())
                found += [at_start.span()] if at_start else []
            # by start, each with the furthest end of the spans up to it
            spans, reach = sorted(found), -1
            self._exceptions[sentence] = [(span_start, reach := max(reach, span_end)) for span_start, span_end in spans]
        reaches = self._exceptions[sentence]
        # of the spans starting before `end`, does the furthest reach past `start`?
        before_end = bisect_left(reaches, (end, -1))
        return before_end > 0 and reaches[before_end - 1][1] > start

    def cleared(self, contexts: Sequence[Context], start: int, end: int) -> bool:
        """Whether the match is in the scope of a cue of one of the contexts."""
        sentence = sentence_span(self.doc, start)
        for context in contexts:
            if (
                context.nearby
            ):  # a few words before the match: read just those (most matches are alone in their sentence)
                if find_cues(context, self.doc.masked, max(sentence[0], start - context.reach), start).clears(
                    context, start, end
                ):
                    return True
                continue
            key = (context.name, sentence)
            if key not in self._cues:
                self._cues[key] = find_cues(context, self.doc.masked, *sentence)
            if self._cues[key].clears(context, start, end):
                return True
        return False

    def quoted(self, start: int) -> bool:
        """Inside a blockquote, or inside a quotation of its paragraph.

        A quotation may run over several sentences ("It works. We saw it," she said), so the
        quote marks are read from the start of the block: a curly one says whether it opens or
        closes, a straight one toggles, and a straight one right after a digit is an inch mark.
        """
        block = block_at(self.doc, start, start)
        if block is None:
            return False
        if block.quoted:
            return True
        key = (block.start, block.end)
        if key not in self._quotes:
            self._quotes[key] = _quote_states(self.doc.masked, block.start, block.end)
        marks = self._quotes[key]
        before = bisect_left(marks, (start, False))  # the marks before the match
        return before > 0 and marks[before - 1][1]


def _quote_states(text: str, start: int, end: int) -> list[tuple[int, bool]]:
    """Each double quote mark in text[start:end] with whether a quotation is open after it."""
    states, open_ = [], False
    for match in _QUOTE_CHARS.finditer(text, start, end):
        mark = match.group()
        if mark == '"' and match.start() > start and text[match.start() - 1].isdigit():
            continue  # 12" is twelve inches
        open_ = mark == "“" or (mark == '"' and not open_)
        states.append((match.start(), open_))
    return states


def block_at(doc: Document, start: int, end: int) -> Block | None:
    """The block containing [start, end), or None when the span is not inside one block."""
    index = bisect_right(doc.block_starts, start) - 1
    if index < 0:
        return None
    block = doc.blocks[index]
    return block if end <= block.end else None


def block_index(doc: Document, offset: int) -> int:
    return max(bisect_right(doc.block_starts, offset) - 1, 0)


_BLOCK_START = attrgetter("start")


def _holds(ordered: Sequence[int], value: int) -> bool:
    """Whether the sorted sequence holds the value."""
    at = bisect_left(ordered, value)
    return at < len(ordered) and ordered[at] == value


def in_scope(block: Block, scopes: frozenset[str] | set[str]) -> bool:
    return (
        "text" in scopes
        or block.kind in scopes
        or (block.quoted and "blockquote" in scopes)
        or (block.kind == "title" and "heading" in scopes)
    )


def sentence_index(doc: Document, offset: int) -> int:
    return max(bisect_right(doc.sentence_starts, offset) - 1, 0)


def sentence_span(doc: Document, offset: int) -> tuple[int, int]:
    if not doc.sentences:
        return offset, offset
    sentence = doc.sentences[sentence_index(doc, offset)]
    return sentence.start, max(sentence.end, offset)


def interpolate(message: str, values: Mapping[str, str]) -> str:
    return message.format_map(_Defaulting(values))


class _Defaulting(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""
