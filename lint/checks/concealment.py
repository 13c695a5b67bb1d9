"""concealment: text written so that a search does not see what a reader sees.

    kind: concealment
    conceal: mixed-script        # or: invisible, bidi

The markup layer already reads through such text (lint.markup.view), so claims are still
found; this kind reports the disguise itself, at the source characters that make it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from lint.checks.base import BuildContext, Environment, Hit, SpecError
from lint.markup.document import Document

KEYS = ("conceal",)
KINDS = ("invisible", "mixed-script", "bidi")


class Concealment:
    trigger = None  # nothing for the prefilter: the document says what it concealed

    def __init__(self, conceal: str) -> None:
        self.conceal = conceal

    def run(self, doc: Document, env: Environment) -> Iterator[Hit]:
        for found in doc.concealed:
            if found.kind == self.conceal:
                yield Hit(found.start, found.end, {"detail": found.detail}, in_source=True)


def build(spec: Mapping[str, Any], context: BuildContext) -> Concealment:
    conceal = spec.get("conceal")
    if conceal not in KINDS:
        raise SpecError(["conceal"], f"`conceal` must be one of: {', '.join(KINDS)}")
    return Concealment(conceal)
