"""Vocabularies: named term lists, written once and used by any rule of any pack by name.

A vocabulary file (`rules/vocabularies/condition.yaml`, or a team's own) holds:

    description: Diseases and conditions, clinical and lay names.
    source: MedlinePlus health topics, with their lay names
    inflect: noun            # noun (plurals), verb (-s, -ed, -ing) or none
    terms:
      - arthritis
      - {term: treat, derived: [treatment]}   # derived forms, inflected too
      - {term: data, inflect: none}           # a term's own inflection

Terms are lemmas; their inflections are generated when the rules are compiled (with
`lemminflect`, imported only then: compiled rules are cached). A rule names a vocabulary as
`{condition}` inside a phrase or a pattern. Matching is case-folded and tolerant of curly and
straight apostrophes and of a hyphen or space between the words of a term; markup inside a
phrase never matters, because rules read the document's view (see `lint.markup.view`).

A configuration can add or remove terms of a vocabulary and define new ones
(`vocabularies:` in `.healthlint.yaml`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import regex

from lint import datafile

INFLECTIONS = ("noun", "verb", "none")
REFERENCE = regex.compile(r"(?<!\\)\{([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\}")  # `{condition}`; never a `{2,3}`


@dataclass(frozen=True)
class Term:
    lemma: str
    inflect: str  # one of INFLECTIONS
    derived: tuple[str, ...] = ()  # derived words ("treatment" of "treat"): inflected as nouns

    def forms(self) -> list[str]:
        found = inflections(self.lemma, self.inflect)
        found += (form for word in self.derived for form in inflections(word, "noun"))
        return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Vocabulary:
    name: str
    description: str
    source: str
    terms: tuple[Term, ...]
    path: str = ""
    line: int = 1
    removed: frozenset[str] = field(default_factory=frozenset)  # lemmas a configuration took out
    after_numbers: bool = False  # terms may follow a number with no space: units ("400mg", "41kg")

    def forms(self) -> list[str]:
        """Every form to match, longest first (so "heart attacks" wins over "heart attack")."""
        found = dict.fromkeys(form.casefold() for _, forms in self.inflected() for form in forms)
        return sorted(found, key=lambda f: (-len(f), f))

    def inflected(self) -> list[tuple[str, list[str]]]:
        """Each term (as written) with the forms it is matched in."""
        return [(term.lemma, term.forms()) for term in self.terms if term.lemma.casefold() not in self.removed]

    def pattern(self) -> str:
        """A regular expression for any form, on word edges (no capture groups)."""
        forms = self.forms()
        if not forms:
            return r"(?!)"  # an emptied vocabulary matches nothing
        # a word edge (`\b` lets the regex module skip ahead fast; a lookbehind made every vocabulary
        # rule 2.5x slower), or a number before a unit; a possessive is the term's ("kratom's")
        edge = r"(?:\b|(?<=\d))" if self.after_numbers else r"\b"
        return edge + _trie_pattern([_form_pieces(f) for f in forms]) + r"(?:['’]s)?(?![\w'’])"

    def with_edits(self, add: Sequence[str], remove: Sequence[str]) -> Vocabulary:
        default = self.terms[0].inflect if self.terms else "noun"
        added = tuple(Term(term, default) for term in add)
        return replace(self, terms=self.terms + added, removed=self.removed | {term.casefold() for term in remove})


def _trie_pattern(forms: list[list[str]]) -> str:
    """One alternation of the forms with common beginnings shared ("treat(?:ed|ing|ment|s)?"):
    the same language as `a|b|c`, but the `regex` module no longer tries each form from scratch
    at every position, which made a vocabulary of hundreds of forms the slowest part of a rule."""
    trie: dict[str, Any] = {}
    for pieces in forms:
        node = trie
        for piece in pieces:
            node = node.setdefault(piece, {})
        node[""] = {}  # a form ends here
    return _node_pattern(trie)


def _node_pattern(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [piece + _node_pattern(child) for piece, child in sorted(node.items()) if piece]
    if not branches:
        return ""
    # longer branches first: the leftmost-longest form is reported, as with the longest-first list
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body


def _form_pieces(form: str) -> list[str]:
    """A form as regex pieces with tolerant joints: any apostrophe (or none), a hyphen or whitespace
    between words, an optional full stop after an abbreviation (the form's only full stop, ending a word)."""
    pieces: list[str] = []
    abbreviated = {m.start() for m in regex.finditer(r"(?<=\b\w+)\.(?=\s|$)", form) if form.count(".") == 1}
    for at, char in enumerate(form):
        if char in "'’‘ʼ":
            pieces.append("['’‘ʼ]?")
        elif char == " ":
            pieces.append(r"[\s\-‐‑]+")
        elif char in "-‐‑":
            pieces.append(r"[\s\-‐‑]?")
        elif char == "." and at in abbreviated:  # "St." or "St"; but "F.E.A.S.T." is never "feast"
            pieces.append(r"\.?")
        else:
            pieces.append(regex.escape(char))
    return pieces


def inflections(lemma: str, inflect: str) -> list[str]:
    """The lemma and its inflected forms. A multi-word noun inflects its last word ("herbal
    remedies"), a multi-word verb its first ("gets rid of")."""
    if inflect == "none":
        return [lemma]
    words = lemma.split(" ")
    head = len(words) - 1 if inflect == "noun" else 0
    return [" ".join([*words[:head], form, *words[head + 1 :]]) for form in _word_forms(words[head], inflect)]


def _word_forms(word: str, inflect: str) -> list[str]:
    head, hyphen, last = word.rpartition("-")
    if hyphen and head and last.isalpha() and not last.isupper():  # "self-harm": inflect its last part
        return [f"{head}-{form}" for form in _word_forms(last, inflect)]
    if not word.isalpha() or word.isupper():  # "5-HTP", "CBD", "COVID-19": no plural to make
        return [word]
    import lemminflect  # only when rules are compiled; the compiled-rule cache keeps the result

    upos = "NOUN" if inflect == "noun" else "VERB"
    table = lemminflect.getAllInflections(word.lower(), upos=upos) or lemminflect.getAllInflectionsOOV(
        word.lower(), upos=upos
    )
    forms = {word, *(form for forms in table.values() for form in forms)}
    if word[:1].isupper():  # a proper name keeps its capital (matching is case-folded anyway)
        forms = {form[:1].upper() + form[1:] for form in forms}
    return sorted(forms)


# --- loading -----------------------------------------------------------------------------------


def load_file(path: Path) -> Vocabulary:
    file = datafile.read(
        path, "vocabulary", {"description", "source", "inflect", "after_numbers", "terms"}, "terms are"
    )
    data, fail = file.data, file.fail
    inflect = data.get("inflect", "noun")
    if inflect not in INFLECTIONS:
        raise fail(["inflect"], f"inflect must be one of {', '.join(INFLECTIONS)}")
    raw_terms = data.get("terms")
    if not isinstance(raw_terms, list) or not raw_terms:
        raise fail(["terms"], "terms must be a non-empty list")
    terms = [_term(item, inflect, lambda message, i=index: fail(["terms", i], message)) for index, item in
             enumerate(raw_terms)]  # fmt: skip
    after_numbers = data.get("after_numbers", False)
    if not isinstance(after_numbers, bool):
        raise fail(["after_numbers"], "after_numbers must be true or false")
    return Vocabulary(file.name, data["description"].strip(), data["source"].strip(), tuple(terms), str(path),
                      file.line("terms"), after_numbers=after_numbers)  # fmt: skip


def _term(item: Any, inflect: str, fail: Any) -> Term:
    if isinstance(item, str) and item.strip():
        return Term(" ".join(item.split()), inflect)
    if (
        isinstance(item, Mapping)
        and isinstance(item.get("term"), str)
        and not set(item) - {"term", "inflect", "derived"}
    ):
        own = item.get("inflect", inflect)
        derived = item.get("derived", [])
        if own not in INFLECTIONS:
            raise fail(f"inflect must be one of {', '.join(INFLECTIONS)}")
        if not isinstance(derived, list) or not all(isinstance(d, str) and d.strip() for d in derived):
            raise fail("derived must be a list of words")
        return Term(" ".join(item["term"].split()), own, tuple(" ".join(d.split()) for d in derived))
    if isinstance(item, (bool, int, float)):  # YAML 1.1 reads no, off, yes, 1e3 ... as other types
        raise fail(f"YAML reads this term as {type(item).__name__} {item!r}: quote it")
    raise fail("a term is a word or phrase, or {term, inflect, derived}")


def vocabulary_files(directories: Iterable[Path]) -> list[Path]:
    return sorted(p for d in directories if d.is_dir() for p in d.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def load(
    files: Iterable[Path], edits: Mapping[str, Mapping[str, Sequence[str]]] | None = None
) -> dict[str, Vocabulary]:
    """Vocabularies by name; a later file of the same name replaces an earlier one (a team's own
    `condition.yaml` replaces the shipped one); `edits` add and remove terms."""
    found: dict[str, Vocabulary] = {}
    for file in files:
        vocabulary = load_file(file)
        found[vocabulary.name] = vocabulary
    for name, edit in (edits or {}).items():
        base = found.get(name) or Vocabulary(name, "defined in the configuration", "the configuration", ())
        found[name] = base.with_edits(edit.get("add", ()), edit.get("remove", ()))
    return found


def references(text: str) -> Iterator[regex.Match[str]]:
    """The `{name}` references in a phrase or pattern."""
    return REFERENCE.finditer(text)
