"""What clears a rule: phrases, patterns and built-in named matchers, over a span of text."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import regex

from lint.checks.base import compile_alternation, finditer
from lint.markup.document import Document

# A citation: a URL or DOI, a PubMed id, a numbered or footnote marker, superscript digits,
# "(Author, 2020)", "(Author et al., 2020)" or "Author et al. (2020)".
_CITATION = regex.compile(
    r"""https?://\S+|\bwww\.\w\S+|\bdoi:\s*10\.\d{4,9}/\S+|\b10\.\d{4,9}/[-._;()/:\w]+|\bPMID:?\s*\d+|\bPMC\d+"""
    r"""|\[\^?[\w-]{1,10}\]|\[\d+(?:[,–-]\s*\d+)*\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+"""
    r"""|\((?:[^()]*?;\s*)?\p{Lu}[\p{L}'’-]+(?:\s+et\s+al\.?|\s+(?:and|&)\s+\p{Lu}[\p{L}'’-]+)?,?\s+(?:19|20)\d{2}[a-z]?(?:[;,][^()]*)?\)"""
    r"""|\b\p{Lu}[\p{L}'’-]+\s+et\s+al\.?,?\s+\(?(?:19|20)\d{2}"""
)
_URL = regex.compile(r"https?://\S+|\bwww\.\w\S+")


def _any_link(doc: Document, start: int, end: int) -> bool:
    return any(link.text_start < end and start < link.target_end for link in doc.links)


def _citation(doc: Document, start: int, end: int) -> bool:
    return _any_link(doc, start, end) or _CITATION.search(doc.masked, start, end) is not None


def _link(doc: Document, start: int, end: int) -> bool:
    return _any_link(doc, start, end) or _URL.search(doc.masked, start, end) is not None


NAMED: dict[str, Callable[[Document, int, int], bool]] = {"citation": _citation, "link": _link}


class Clearing:
    """Phrases, patterns and named matchers, any of which satisfies a rule within a span."""

    def __init__(self, spec: Mapping[str, Any], prefix: Sequence[str | int], case_sensitive: bool = False) -> None:
        self.pattern = compile_alternation(spec, case_sensitive, prefix)
        self.named = [NAMED[name] for name in spec.get("matchers", ())]

    def found(self, doc: Document, start: int, end: int) -> bool:
        if start >= end:
            return False
        if any(named(doc, start, end) for named in self.named):
            return True
        return self.pattern is not None and next(finditer(self.pattern, doc.masked, start, end), None) is not None
