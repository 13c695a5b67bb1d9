"""credential: credential claims must be confirmed by the authors registry.

    kind: credential
    claims:
      - '(?P<credential>Dr\\.)\\s+(?P<name>\\p{Lu}\\w+(?:\\s+\\p{Lu}\\w+)?)'
      - '(?P<name>\\p{Lu}\\w+ \\p{Lu}\\w+),\\s*(?P<credential>MD|PhD|RN)\\b'
    implies: {dr: [md, do, phd]}     # a claimed "Dr." is confirmed by any of these

A claim names a person (group `name`, or else the document's `author` field) and a
credential (group `credential`, or else the whole match). It is confirmed when the
registry has that person with that credential; every other claim is a finding. Claims
match case-sensitively unless the rule says `case_sensitive: false`, since names are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from lint.checks.base import Author, BuildContext, Environment, Hit, Trigger
from lint.markup.document import Document

KEYS = ("claims", "implies", "exceptions")

_TITLES = frozenset({"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "doctor"})


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


class Credential:
    def __init__(self, trigger: Trigger, implies: Mapping[str, Sequence[str]]) -> None:
        self.trigger = trigger
        self.implies = {normalise_credential(k): {normalise_credential(v) for v in vs} for k, vs in implies.items()}

    def run(self, doc: Document, env: Environment) -> Iterator[Hit]:
        for match in self.trigger.find(doc):
            groups = match.groupdict()
            name = (groups.get("name") or author_name(doc.metadata)).strip()
            credential = (groups.get("credential") or match.group()).strip()
            reason = self._unconfirmed(env.authors, name, credential)
            if reason:
                yield Hit(
                    match.start(),
                    match.end(),
                    {"name": name or "the author", "credential": credential, "reason": reason},
                )

    def _unconfirmed(self, authors: Sequence[Author], name: str, credential: str) -> str:
        if not authors:
            return "no authors registry confirms it"
        author = find_author(authors, name) if name else None
        if author is None:
            return f"{name or 'the author'} is not in the authors registry"
        claimed = normalise_credential(credential)
        accepted = self.implies.get(claimed, set()) | {claimed}
        held = {normalise_credential(c) for c in author.credentials}
        if any(a == h or (len(a) > 3 and a in h) for a in accepted for h in held):
            return ""
        return f"the authors registry does not list {credential} for {author.name}"


def build(spec: Mapping[str, Any], context: BuildContext) -> Credential:
    # names are case-sensitive (\p{Lu} matches any letter under IGNORECASE), so claims are too by default
    case_sensitive = spec.get("case_sensitive", True)
    claims = {**spec, "phrases": [], "patterns": spec["claims"], "case_sensitive": case_sensitive}
    trigger = Trigger.from_spec(claims, context, key=["claims"])
    assert trigger is not None  # the schema requires claims
    return Credential(trigger, spec.get("implies", {}))
