"""claim: roles drawn from vocabularies, in order, a few words apart: "turmeric ... relieves ... arthritis".

    kind: claim
    subject: [botanical, supplement]     # vocabulary names: any term of any of them
    predicate: [treat-verb]
    object: [condition]
    max_gap: 4                           # words allowed between two roles (default 4)
    subject_gap: 8                       # words allowed between the subject and the next role (default max_gap)
    subject_after: true                  # the subject may also come last, after a linking word:
                                         # "treat your anxiety naturally with ashwagandha",
                                         # "insomnia sufferers find relief with valerian"
    predicate_forms: finite              # the predicate's verb forms only: no derived nouns ("treatment",
                                         # "relief"); `finite`: and no -ing form, except after a
    gerund_lead: [gerund-lead]           # term of these vocabularies ("thereby reducing", "naturally easing")
    patterns: ['...']                    # optional: plain patterns for the rule's wordings that are not
                                         # roles in order ("ditch your meds"), reported whole
    defer: {subject: [botanical], object: [condition], min: 3}   # a claim about a condition made
                                         # for a named herb a few words back, or by "it" on a page
                                         # naming herbs 3 times, is left to the rule with that subject
    report: predicate                    # the span reported runs from this role to the claim's end
    pronoun_subject: 3                   # "it", "this product" are the subject on a page that names
                                         # a subject term at least 3 times (a page about the product)
    unless: {matchers: [citation]}       # optional, with `window`, as in proximity
    contexts: [negation, attribution, reported-research, question]

At least two of the three roles. The claim stays inside a sentence (the words between roles
hold no full stop, question or exclamation mark, semicolon or colon).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from lint.checks.base import (
    BuildContext,
    Environment,
    Hit,
    Pattern,
    SpecError,
    Trigger,
    compile_alternation,
    finditer,
    sentence_span,
)
from lint.checks.matchers import Clearing
from lint.checks.proximity import window_span
from lint.markup.document import Document
from lint.vocabulary import Term, Vocabulary, inflections

KEYS = (
    "subject", "predicate", "object", "max_gap", "subject_gap", "subject_after", "predicate_forms", "gerund_lead",
    "report", "pronoun_subject", "unless", "window", "exceptions", "patterns", "defer",
)  # fmt: skip
ROLES = ("subject", "predicate", "object")
# what stands for the product on a page about it (regular expressions: "it's" with either apostrophe)
PRONOUNS = (
    "it", "it['’]s", "they", "they['’]re", "this", "these", "this product", "these products", "our product",
    "our products", "the product", "this supplement", "our supplement", "this formula", "our formula", "this blend",
)  # fmt: skip


FORMS = ("all", "verb", "finite")  # predicate_forms
# what may link a claim to a subject that comes after it: "relieve anxiety *with* ashwagandha"
LINKS = r"(?:with|using|by\s+(?:taking|using|adding)|from|thanks\s+to)"


# a word of a gap: no sentence punctuation, but a decimal point ("1.8 mg") is no full stop
_WORD = r"(?:[^\s.!?;:]|(?<=\d)\.(?=\d))+"


def _gap(words: int) -> str:
    """At most `words` words (commas allowed, no sentence punctuation), lazily. The first may be
    joined to the role before it by a hyphen ("CBD-infused gummies ease ...")."""
    if words == 0:
        return r"[\s,]+"
    return rf"(?:(?:[\s,]+|-){_WORD}(?:[\s,]+{_WORD}){{0,{words - 1}}}?)??[\s,]+"


def predicate_pattern(vocabularies: Sequence[Vocabulary], forms: str, leads: Sequence[str]) -> str:
    """The predicate's terms in the forms asked for: `verb` drops derived nouns ("treatment" of
    "treat"); `finite` also drops the -ing forms, which fill the role only after a lead word
    ("thereby reducing"): alone, "reducing inflammation" is a topic, not a claim."""
    finite: list[str] = []
    gerunds: list[str] = []
    for vocabulary in vocabularies:
        for term in vocabulary.terms:
            if term.lemma.casefold() in vocabulary.removed:
                continue
            head = term.lemma.split(" ")[0].casefold()
            for form in inflections(term.lemma, term.inflect):
                first = form.split(" ")[0].casefold()
                gerund = forms == "finite" and first.endswith("ing") and first != head
                (gerunds if gerund else finite).append(form)
    pattern = _forms_pattern(finite)
    if gerunds and leads:
        lead = "|".join(f"{{{name}}}" for name in leads)
        forms = _forms_pattern(gerunds)
        # the form first, then the lead behind it: a lookbehind tried at every position is slow
        pattern += rf"|{forms}(?<=(?:{lead})[\s,]+{forms})"
    return pattern


def _forms_pattern(forms: Sequence[str]) -> str:
    return Vocabulary("forms", "", "", tuple(Term(form, "none") for form in dict.fromkeys(forms))).pattern()


def _role(role: str, names: Sequence[str], pronouns: bool = False, body: str | None = None) -> str:
    body = body if body is not None else "|".join(f"{{{name}}}" for name in names)
    if pronouns:
        words = "|".join(r"\b" + pronoun.replace(" ", r"\s+") + r"\b" for pronoun in PRONOUNS)
        body = f"(?P<pronoun>{words})|{body}"
    return f"(?P<{role}>{body})"


def claim_pattern(
    roles: Mapping[str, Sequence[str]],
    max_gap: int,
    pronouns: bool,
    subject_gap: int | None = None,
    predicate: str | None = None,
) -> str:
    """The roles in order as named groups, with lazy gaps of at most `max_gap` words (after the
    subject, at most `subject_gap`). `predicate`: the predicate's own pattern, if its forms are
    limited. `pronouns`: the subject is a pronoun ("it", "this formula") and nothing else.

    With a subject and a predicate, the match starts at the predicate and the subject is found
    in a lookbehind from it: product names are many and frequent on the pages these rules read,
    predicates rarer, and a search that starts at every product name cost twice as much."""
    present = [role for role in ROLES if role in roles]
    gaps = {role: _gap(subject_gap if role == "subject" and subject_gap is not None else max_gap) for role in present}
    bodies = {
        role: predicate if role == "predicate" else "(?!)" if role == "subject" and pronouns else None
        for role in present
    }
    groups = {role: _role(role, roles[role], pronouns and role == "subject", bodies[role]) for role in present}
    if "subject" in roles and "predicate" in roles:
        plain = bodies["predicate"] or "|".join(f"{{{name}}}" for name in roles["predicate"])
        pattern = groups["predicate"] + f"(?<={groups['subject']}{gaps['subject']}(?:{plain}))"
        return pattern + (gaps["predicate"] + groups["object"] if "object" in roles else "")
    return "".join(groups[role] + (gaps[role] if role != present[-1] else "") for role in present)


def subject_after_patterns(roles: Mapping[str, Sequence[str]], max_gap: int) -> list[str]:
    """The claim with its subject last, after a linking word: "ease your anxiety naturally with
    ashwagandha", and with the object first: "insomnia eases with valerian", "arthritis sufferers
    find relief using turmeric". Every form of the predicate counts here ("relief with"); no
    pronoun ("with it" says nothing about the page's product)."""
    rest = [role for role in ROLES if role in roles and role != "subject"]
    orders = [rest, rest[::-1]] if len(rest) == 2 else [rest]
    # the linking word comes soon after the claim: "... arthritis naturally with turmeric"
    tail = _gap(min(max_gap, 2)) + rf"{LINKS}\s+(?:\w+\s+){{0,2}}?" + _role("subject", roles["subject"])
    return [_gap(max_gap).join(_role(role, roles[role]) for role in order) + tail for order in orders]


_WORDS = regex.compile(r"\S+")
# a pronoun a few words before the predicate, at the end of the text before it
_PRONOUN_BEFORE = regex.compile(
    r"\b(?:"
    + "|".join(pronoun.replace(" ", r"\s+") for pronoun in PRONOUNS)
    + r")\b(?:[\s,]+[^\s.!?;:]+){0,6}?[\s,]+$",
    regex.IGNORECASE,
)


@dataclass(frozen=True)
class Deferral:
    """Claims another rule reports with a subject: `subject` terms up to `words` words before the
    predicate, or a pronoun there on a page naming them `times` times; only for `object` terms."""

    subject: Pattern
    object: Pattern | None
    times: int
    words: int = 14


class Claim:
    def __init__(self, trigger: Trigger, report: str, focus: str, subject: Pattern | None, min_subjects: int,
                 clearing: Clearing | None, window: str | Mapping[str, int],
                 pronoun_trigger: Trigger | None = None, defer: Deferral | None = None) -> None:  # fmt: skip
        self.trigger, self.report, self.subject, self.min_subjects = trigger, report, subject, min_subjects
        self.clearing, self.window = clearing, window
        self.focus = focus  # the role contexts are read from
        # claims whose subject is a pronoun: found apart, and only on a page about the subject (a
        # pronoun is everywhere; searched with the named subjects, it made the rule 3x slower)
        self.pronoun_trigger = pronoun_trigger
        self.defer = defer

    def run(self, doc: Document, env: Environment) -> Iterator[Hit]:
        cleared: dict[tuple[int, int], bool] = {}
        about: list[bool] = []  # whether the page is about the deferred subject, once asked
        hits = list(self._hits(doc, self.trigger, cleared, about))
        if self.pronoun_trigger is not None and self._names_subject_often(doc):
            named = [(hit.start or 0, hit.end or 0) for hit in hits]
            hits += [
                hit
                for hit in self._hits(doc, self.pronoun_trigger, cleared, about)
                if not any(start < (hit.end or 0) and (hit.start or 0) < end for start, end in named)
            ]
            hits.sort(key=lambda hit: (hit.start or 0, hit.end or 0))
        # one problem, one finding: a sentence that makes the claim twice ("regrows hair and
        # restores follicles") is reported once
        seen: set[tuple[int, int]] = set()
        for hit in hits:
            sentence = sentence_span(doc, hit.start or 0)
            if sentence not in seen:
                seen.add(sentence)
                yield hit

    def _hits(
        self, doc: Document, trigger: Trigger, cleared: dict[tuple[int, int], bool], about: list[bool]
    ) -> Iterator[Hit]:
        for match in trigger.find(doc, focus=self.focus):
            if self.defer is not None and self._deferred(doc, match, about):
                continue
            if self.clearing is not None:
                span = window_span(doc, self.window, match.start(), match.end())
                if span not in cleared:
                    cleared[span] = self.clearing.found(doc, *span)
                if cleared[span]:
                    continue
            start = self._report_start(match)
            yield Hit(
                start, match.end(), {role: match.group(role) or "" for role in ROLES if role in match.re.groupindex}
            )

    def _deferred(self, doc: Document, match: regex.Match[str], about: list[bool]) -> bool:
        """Whether another rule reports this claim with its subject (see `Deferral`)."""
        defer = self.defer
        assert defer is not None
        if defer.object is not None:
            if "object" not in match.re.groupindex or match.group("object") is None:
                return False
            if next(finditer(defer.object, doc.masked, match.start("object"), match.end("object")), None) is None:
                return False
        at = match.start(self.focus) if self.focus in match.re.groupindex else match.start()
        # the few words back, read from at most 64 characters a word before (a sentence as long as
        # the document would otherwise be reread for every claim in it)
        begin = max(sentence_span(doc, at)[0], at - 64 * defer.words)
        words = [m.start() for m in _WORDS.finditer(doc.masked, begin, at)]
        begin = words[-defer.words] if len(words) > defer.words else begin
        if next(finditer(defer.subject, doc.masked, begin, at), None) is not None:
            return True  # a named product a few words back
        if _PRONOUN_BEFORE.search(doc.masked, begin, at) is None:
            return False
        if not about:
            about.append(_names_often(doc, defer.subject, defer.times))
        return about[0]  # "it" on the product's page

    def _report_start(self, match: regex.Match[str]) -> int:
        """Where the reported span starts: at the `report` role, unless that role came last (a
        subject after "with"), when the whole claim is reported."""
        if self.report not in match.re.groupindex or match.group(self.report) is None:
            return match.start()  # a plain pattern: reported whole
        starts = [match.start(role) for role in ROLES if role in match.re.groupindex and match.group(role) is not None]
        last = len(starts) > 1 and match.start(self.report) == max(starts)
        return min(starts) if last else match.start(self.report)

    def _names_subject_often(self, doc: Document) -> bool:
        return self.subject is not None and _names_often(doc, self.subject, self.min_subjects)


def _names_often(doc: Document, pattern: Pattern, times: int) -> bool:
    """Whether the page names the subject `times` times (it is about it): a document trait, found
    once for all the claim rules that ask it of the same subject."""
    key = f"claim.names:{times}:{pattern.source}"
    if key not in doc.traits:
        found = finditer(pattern, doc.masked, 0, len(doc.masked))
        doc.traits[key] = sum(1 for _, _ in zip(range(times), found, strict=False)) >= times
    return doc.traits[key]


def build(spec: Mapping[str, Any], context: BuildContext) -> Claim:
    roles = {role: spec[role] for role in ROLES if role in spec}
    if len(roles) < 2:
        raise SpecError([], "a claim needs at least two of `subject`, `predicate` and `object`")
    for role, names in roles.items():
        for index, name in enumerate(names):
            context.vocabulary_pattern(name, [role, index])  # an unknown vocabulary is an error here
    report = spec.get("report", next(iter(roles)))
    if report not in roles:
        raise SpecError(["report"], f"`report` must be one of the claim's roles: {', '.join(roles)}")
    pronouns = int(spec.get("pronoun_subject", 0))
    if pronouns and "subject" not in roles:
        raise SpecError(["pronoun_subject"], "`pronoun_subject` needs a `subject` role")
    max_gap = int(spec.get("max_gap", 4))
    subject_gap = int(spec["subject_gap"]) if "subject_gap" in spec else None
    if subject_gap is not None and "subject" not in roles:
        raise SpecError(["subject_gap"], "`subject_gap` needs a `subject` role")
    predicate = None
    forms = spec.get("predicate_forms", "all")
    if forms not in FORMS:
        raise SpecError(["predicate_forms"], f"`predicate_forms` must be one of {', '.join(FORMS)}")
    leads = list(spec.get("gerund_lead", ()))
    if leads and forms != "finite":
        raise SpecError(["gerund_lead"], "`gerund_lead` needs `predicate_forms: finite`")
    for index, name in enumerate(leads):
        context.vocabulary_pattern(name, ["gerund_lead", index])
    if forms != "all":
        if "predicate" not in roles:
            raise SpecError(["predicate_forms"], "`predicate_forms` needs a `predicate` role")
        predicate = predicate_pattern([context.vocabularies[name] for name in roles["predicate"]], forms, leads)
    patterns = [claim_pattern(roles, max_gap, False, subject_gap, predicate)]
    if spec.get("subject_after"):
        if "subject" not in roles:
            raise SpecError(["subject_after"], "`subject_after` needs a `subject` role")
        patterns += subject_after_patterns(roles, max_gap)
    # contexts are read from the predicate: "turmeric does not cure arthritis" is negated
    focus = "predicate" if "predicate" in roles else report
    patterns += [f"(?P<{focus}>{plain})" for plain in spec.get("patterns", ())]  # read from its start
    trigger = Trigger.from_spec({**spec, "patterns": patterns}, context, key=["subject"])
    assert trigger is not None  # it has a pattern
    subject = (
        compile_alternation({"phrases": [f"{{{name}}}" for name in roles["subject"]]}, False, [], context, ["subject"])
        if pronouns
        else None
    )
    clearing = Clearing(spec["unless"], ["unless"], False, context) if "unless" in spec else None
    pronoun_trigger = None
    if pronouns:
        pronoun_spec = {**spec, "patterns": [claim_pattern(roles, max_gap, True, subject_gap, predicate)]}
        pronoun_trigger = Trigger.from_spec(pronoun_spec, context, key=["pronoun_subject"])
        assert pronoun_trigger is not None
        # not in the engine's prefilter (it knows one trigger per rule): run wherever it is asked to
        pronoun_trigger.part_anchors = [None] * len(pronoun_trigger.parts)
        pronoun_trigger.anchored = False
    defer = None
    if "defer" in spec:
        names = list(spec["defer"].get("subject", ()))
        if not names:
            raise SpecError(["defer", "subject"], "`defer` needs `subject` vocabularies")
        terms = compile_alternation({"phrases": [f"{{{name}}}" for name in names]}, False, [], context,
                                    ["defer", "subject"])  # fmt: skip
        objects = [f"{{{name}}}" for name in spec["defer"].get("object", ())]
        kinds = compile_alternation({"phrases": objects}, False, [], context, ["defer", "object"]) if objects else None
        assert terms is not None
        defer = Deferral(terms, kinds, int(spec["defer"].get("min", 3)))
    window = spec.get("window", "sentence")
    return Claim(trigger, report, focus, subject, pronouns, clearing, window, pronoun_trigger, defer)
