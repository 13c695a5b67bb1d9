"""claim: roles drawn from vocabularies, in order, a few words apart: "turmeric ... relieves ... arthritis".

    kind: claim
    subject: [botanical, supplement]     # vocabulary names: any term of any of them
    predicate: [treat-verb]
    object: [condition]
    max_gap: 4                           # words allowed between two roles (default 4)
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
from typing import Any

from lint.checks.base import BuildContext, Environment, Hit, Pattern, SpecError, Trigger, compile_alternation, finditer
from lint.checks.matchers import Clearing
from lint.checks.proximity import window_span
from lint.markup.document import Document

KEYS = ("subject", "predicate", "object", "max_gap", "report", "pronoun_subject", "unless", "window", "exceptions")
ROLES = ("subject", "predicate", "object")
# what stands for the product on a page about it
PRONOUNS = (
    "it", "they", "this", "these", "this product", "these products", "our product", "our products",
    "the product", "this supplement", "our supplement", "this formula", "our formula", "this blend",
)  # fmt: skip


def claim_pattern(roles: Mapping[str, Sequence[str]], max_gap: int, pronouns: bool) -> str:
    """The roles in order as named groups, with lazy gaps of at most `max_gap` words."""
    gap = rf"(?:[\s,]+[^\s.!?;:]+){{0,{max_gap}}}?[\s,]+"
    groups = []
    for role in ROLES:
        if role not in roles:
            continue
        body = "|".join(f"{{{name}}}" for name in roles[role])
        if role == "subject" and pronouns:
            words = "|".join(r"\b" + pronoun.replace(" ", r"\s+") + r"\b" for pronoun in PRONOUNS)
            body = f"(?P<pronoun>{words})|{body}"
        groups.append(f"(?P<{role}>{body})")
    return gap.join(groups)


class Claim:
    def __init__(self, trigger: Trigger, report: str, focus: str, subject: Pattern | None, min_subjects: int,
                 clearing: Clearing | None, window: str | Mapping[str, int]) -> None:  # fmt: skip
        self.trigger, self.report, self.subject, self.min_subjects = trigger, report, subject, min_subjects
        self.clearing, self.window = clearing, window
        self.focus = focus  # the role contexts are read from

    def run(self, doc: Document, env: Environment) -> Iterator[Hit]:
        about_subject: bool | None = None  # whether the page is about such a product: counted once, if asked
        cleared: dict[tuple[int, int], bool] = {}
        for match in self.trigger.find(doc, focus=self.focus):
            if match.groupdict().get("pronoun"):
                if about_subject is None:
                    about_subject = self._names_subject_often(doc)
                if not about_subject:
                    continue
            if self.clearing is not None:
                span = window_span(doc, self.window, match.start(), match.end())
                if span not in cleared:
                    cleared[span] = self.clearing.found(doc, *span)
                if cleared[span]:
                    continue
            start = match.start(self.report) if match.group(self.report) is not None else match.start()
            yield Hit(
                start, match.end(), {role: match.group(role) or "" for role in ROLES if role in match.re.groupindex}
            )

    def _names_subject_often(self, doc: Document) -> bool:
        if self.subject is None:
            return False
        found = finditer(self.subject, doc.masked, 0, len(doc.masked))
        return sum(1 for _, _ in zip(range(self.min_subjects), found, strict=False)) >= self.min_subjects


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
    pattern = claim_pattern(roles, int(spec.get("max_gap", 4)), bool(pronouns))
    trigger = Trigger.from_spec({**spec, "patterns": [pattern]}, context, key=["subject"])
    assert trigger is not None  # it has a pattern
    subject = (
        compile_alternation({"phrases": [f"{{{name}}}" for name in roles["subject"]]}, False, [], context, ["subject"])
        if pronouns
        else None
    )
    clearing = Clearing(spec["unless"], ["unless"], False, context) if "unless" in spec else None
    # contexts are read from the predicate: "turmeric does not cure arthritis" is negated
    focus = "predicate" if "predicate" in roles else report
    return Claim(trigger, report, focus, subject, pronouns, clearing, spec.get("window", "sentence"))
