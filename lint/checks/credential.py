"""credential: credential claims must be confirmed by the authors registry.

    kind: credential
    claims:
      - '(?P<credential>Dr\\.)\\s+(?P<name>\\p{Lu}\\w+(?:\\s+\\p{Lu}\\w+)?)'
      - '(?P<name>\\p{Lu}\\w+ \\p{Lu}\\w+),\\s*(?P<credential>MD|PhD|RN)\\b'
    implies: {dr: [md, do, phd]}     # a claimed "Dr." is confirmed by any of these

A claim names a person (group `name`, or else the document's `author` field, or else a
"By ..." line at the top of the text) and a credential (group `credential`, or else the
whole match). With an authors registry (`authors:` in the configuration), a claim is
confirmed when the registry has that person with that credential; every other claim is a
finding. Without one, a claim about a person with a full name is left to the reader (who
can look the name up); a claim whose person cannot be identified is a finding: no name at
all ("As a physician, I ..." on a page that names no author), a placeholder ("admin",
"editorial team") or one name only ("Sarah, RN").

Bylines outside the prose are claims too: the `author` and reviewer fields of the front
matter, an HTML `<meta name="author">` and a JSON-LD `author` (all read into the document's
metadata) are matched by the `bylines` patterns (by the `claims` when a rule has none), each
against the field's value (`^` is its start), and a finding points at the value in the source:

    bylines: ['^(?P<credential>Dr\\.?)\\s+(?P<name>[^,]+)']   # author: "Dr. Jane Park, Physiotherapist"

Claims may call the named piece `(?&person)`: a capitalised full name ("Jane Park", "Ana
M. Ruiz", "Sean O'Neill", "Mary-Kate McDonald"), written once here rather than in every
pattern. Claims match case-sensitively unless the rule says `case_sensitive: false`, since
names are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import regex

from lint.checks.base import (
    Author,
    BuildContext,
    Environment,
    Hit,
    Pattern,
    Trigger,
    compile_alternation,
    remaining_seconds,
)
from lint.markup.document import Document

KEYS = ("claims", "implies", "exceptions", "bylines")

_TITLES = frozenset({"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "doctor"})
# a capitalised full name: given name (hyphenated or not), an optional initial, a surname with
# an optional particle; case-sensitive even in a case-insensitive pattern
PERSON = (
    r"(?-i:\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?:\s+\p{Lu}\.)?\s+"
    r"(?:Mc|Mac|O['’]|De|Di|Van|Le|La)?\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)"
)
_PERSON_CALL = "(?&person)"
# words that stand where a byline's name should be: a template's default, a role, a group
_PLACEHOLDERS = frozenset(
    "admin administrator staff editor editors editorial team webmaster guest author authors anonymous "
    "unknown user contributor contributors writer name firstname lastname lorem ipsum the our site content "
    "medical review board".split()
)
# front-matter (and HTML meta / JSON-LD) fields that hold a byline
BYLINE_FIELDS = ("author", "authors", "reviewer", "reviewed_by", "medically_reviewed_by")
# "By Jane Park" (or "Written by ...") on a line of its own near the top: the author when no field names one
_BYLINE = regex.compile(
    r"(?:^|\n)[^\S\n]*[*_]*(?i:(?:written\s+|posted\s+)?by)[^\S\n]+(?:(?i:dr)\.?[^\S\n]+)?"
    r"(\p{Lu}[\p{L}'’-]*(?:[^\S\n]+\p{Lu}[\p{L}.'’-]*){0,3}|(?:admin|staff|editor|team|webmaster|guest)\b)"
)  # a capitalised name, or a template's lower-case placeholder ("By admin"), not "By the time ..."
_BYLINE_REACH = 3000  # characters from the top where a byline is looked for


def normalise_credential(text: str) -> str:
    return re.sub(r"[\s.'’-]+", "", text).lower()


def name_tokens(name: str) -> tuple[str, ...]:
    name = name.split(",")[0]
    words = [w for w in re.split(r"[\s.]+", name.lower().replace("’", "'")) if w]
    words = [w[:-2] if w.endswith("'s") else w.rstrip("'") for w in words]
    return tuple(w for w in words if w not in _TITLES)


def author_name(metadata: Mapping[str, Any]) -> str:
    author = metadata.get("author") or metadata.get("authors")
    if isinstance(author, list) and author:
        author = author[0]
    if isinstance(author, Mapping):
        author = author.get("name", "")
    return str(author or "")


def byline_name(doc: Document) -> str:
    """The person a "By ..." line near the top of the text names ('' when there is none)."""
    found = _BYLINE.search(doc.masked, 0, min(len(doc.masked), _BYLINE_REACH), timeout=remaining_seconds())
    return found.group(1) if found else ""


def identity_problem(name: str) -> str:
    """Why a reader could not look the person up from this name ('' for a full name)."""
    words = regex.findall(r"[\p{L}'’-]+", name.split(",")[0].lower())
    words = [w for w in words if w not in _TITLES]
    if not words:
        return "no author is named, so readers cannot check it"
    if all(w in _PLACEHOLDERS for w in words):
        return f"'{name}' is a placeholder, not a person readers can look up"
    if len(words) == 1:
        return f"'{name}' is one name only, not a person readers can look up"
    return ""


def full_name_in(doc: Document, surname: str) -> bool:
    """Whether the text names someone in full whose last name is `surname` ("Jane Park" for "Park")."""
    if not surname[:1].isupper():
        return False
    known = doc.traits.get(f"credential.full-name:{surname}")
    if known is not None:
        return known
    full = regex.compile(
        r"(?<![\p{L}'’-])(?!(?:Dr|Prof|Professor|Doctor|Nurse|Pharmacist|Dietitian|Dietician|Nutritionist|Therapist|Physiotherapist|Midwife|Counsell?or|Trainer|Mr|Mrs|Ms|Mx|Coach|Sister|Father)\b)"
        r"\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?:\s+\p{Lu}\.)?\s+" + regex.escape(surname) + r"(?![\p{L}'’-])"
    )
    found = full.search(doc.masked, timeout=remaining_seconds()) is not None
    doc.traits[f"credential.full-name:{surname}"] = found  # asked again for every mention of the surname
    return found


def byline_values(metadata: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, byline) for every byline in the metadata's author and reviewer fields."""
    keys = {str(k).lower(): k for k in metadata}
    for field in BYLINE_FIELDS:
        if field not in keys:
            continue
        value = metadata[keys[field]]
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, Mapping):
                item = item.get("name")
            if isinstance(item, str) and item.strip():
                yield keys[field], item.strip()


def find_author(authors: Sequence[Author], name: str) -> Author | None:
    tokens = name_tokens(name)
    if not tokens:
        return None
    candidates = []
    for author in authors:
        for known in (author.name, *author.aliases):
            known_tokens = name_tokens(known)
            if tokens == known_tokens:
                return author
            if len(tokens) == 1 and known_tokens and tokens[0] == known_tokens[-1]:
                candidates.append(author)
                break
    return candidates[0] if len(candidates) == 1 else None


class BylineTrigger(Trigger):
    """The claims' trigger; a document whose metadata holds a byline is never ruled out by the
    prefilter (the byline is not in the text the prefilter reads)."""

    def ruled_out(self, doc: Document) -> bool:
        return super().ruled_out(doc) and next(byline_values(doc.metadata), None) is None


class Credential:
    def __init__(self, trigger: Trigger, implies: Mapping[str, Sequence[str]], bylines: Pattern | None = None) -> None:
        self.trigger = trigger
        self.bylines = [bylines] if bylines is not None else trigger.parts
        self.implies = {normalise_credential(k): {normalise_credential(v) for v in vs} for k, vs in implies.items()}

    def run(self, doc: Document, env: Environment) -> Iterator[Hit]:
        author = ""
        reported: set[tuple[tuple[str, ...], str]] = set()
        for match in self.trigger.find(doc):
            groups = match.groupdict()
            name = (groups.get("name") or "").strip()
            if not name:
                author = author or author_name(doc.metadata).strip() or byline_name(doc) or "-"
                name = "" if author == "-" else author
            credential = (groups.get("credential") or match.group()).strip()
            reported.add((name_tokens(name), normalise_credential(credential)))
            reason = self._unconfirmed(env.authors, name, credential, doc)
            if reason:
                yield Hit(
                    match.start(),
                    match.end(),
                    {"name": name or "the author", "credential": credential, "reason": reason},
                )
        yield from self._bylines(doc, env, reported)

    def _bylines(self, doc: Document, env: Environment, reported: set[tuple[tuple[str, ...], str]]) -> Iterator[Hit]:
        """The claims in the metadata's bylines, each once (not again when the text makes it)."""
        for field, value in byline_values(doc.metadata):
            for part in self.bylines:
                for match in part.compiled.finditer(value, timeout=remaining_seconds()):
                    groups = match.groupdict()
                    name = (groups.get("name") or value).strip()
                    credential = (groups.get("credential") or match.group()).strip()
                    key = (name_tokens(name), normalise_credential(credential))
                    if key in reported or match.end() == match.start():
                        continue
                    reported.add(key)
                    reason = self._unconfirmed(env.authors, name, credential, doc)
                    if not reason:
                        continue
                    span = _value_span(doc, field, value)
                    values = {"name": name, "credential": credential, "reason": reason}
                    if span is None:
                        yield Hit(None, None, values)
                    else:
                        yield Hit(span + match.start(), span + match.end(), values, in_source=True)

    def _unconfirmed(self, authors: Sequence[Author], name: str, credential: str, doc: Document) -> str:
        # "Dr. Park" after "Jane Park" is the same person, named (and checked) in full
        if len(name_tokens(name)) == 1 and full_name_in(doc, name.split(",")[0].split()[-1]):
            return ""
        if not authors:
            return identity_problem(name)
        author = find_author(authors, name) if name else None
        if author is None:
            return f"{name or 'the author'} is not in the authors registry"
        claimed = normalise_credential(credential)
        accepted = self.implies.get(claimed, set()) | {claimed}
        held = {normalise_credential(c) for c in author.credentials}
        if any(a == h or (len(a) > 3 and a in h) for a in accepted for h in held):
            return ""
        return f"the authors registry does not list {credential} for {author.name}"


def _value_span(doc: Document, field: str, value: str) -> int | None:
    """Where the field's value starts in the source: inside the front-matter value when the
    document has one, else its first occurrence (an HTML page's head comes before its body)."""
    start, end = 0, len(doc.source)
    if field in doc.metadata_spans:
        start, end = doc.source_span(*doc.metadata_spans[field])
    at = doc.source.find(value, start, end)
    if at < 0:  # the view's span of a hidden value may not map back exactly
        at = doc.source.find(value)
    return at if at >= 0 else None


def with_person(pattern: str) -> str:
    """The pattern with each `(?&person)` written out."""
    return pattern.replace(_PERSON_CALL, PERSON)


def build(spec: Mapping[str, Any], context: BuildContext) -> Credential:
    # names are case-sensitive (\p{Lu} matches any letter under IGNORECASE), so claims are too by default
    case_sensitive = spec.get("case_sensitive", True)
    claims = {
        **spec,
        "phrases": [],
        "patterns": [with_person(p) for p in spec["claims"]],
        "exceptions": [with_person(p) for p in spec.get("exceptions", ())],
        "case_sensitive": case_sensitive,
    }
    if not claims["exceptions"]:
        del claims["exceptions"]
    trigger = BylineTrigger.from_spec(claims, context, key=["claims"])
    assert trigger is not None  # the schema requires claims
    bylines = (
        compile_alternation(
            {"patterns": [with_person(p) for p in spec["bylines"]]}, case_sensitive, (), context, ["bylines"]
        )
        if spec.get("bylines")
        else None
    )
    return Credential(trigger, spec.get("implies", {}), bylines)
