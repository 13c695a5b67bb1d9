"""What clears a rule: phrases, patterns and built-in named matchers, over a span of text."""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import regex

from lint.checks.base import BuildContext, Pattern, SpecError, compile_alternation, finditer
from lint.markup.document import Document

# A citation: a URL or DOI, a PubMed id, a numbered or footnote marker, superscript digits,
# "(Author, 2020)", "(Author et al., 2020)" or "Author et al. (2020)". Links and URLs to shops
# and affiliate redirects do not count.
_CITATION = Pattern(
    r"""https?://\S+|\bwww\.\w\S+|\bdoi:\s*10\.\d{4,9}/\S+|\b10\.\d{4,9}/[-._;()/:\w]+|\bPMID:?\s*\d+|\bPMC\d+"""
    r"""|\[\^?[\w-]{1,10}\]|\[\d+(?:[,–-]\s*\d+)*\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+"""
    r"""|\((?:[^()]*?;\s*)?\p{Lu}[\p{L}'’-]+(?:\s+et\s+al\.?|\s+(?:and|&)\s+\p{Lu}[\p{L}'’-]+)?,?\s+(?:19|20)\d{2}[a-z]?(?:[;,][^()]*)?\)"""
    r"""|\b\p{Lu}[\p{L}'’-]+\s+et\s+al\.?,?\s+\(?(?:19|20)\d{2}""",
    0,
)  # compiled on first use (from the compiled-pattern cache), and screened like a rule's pattern
_URL = Pattern(r"https?://\S+|\bwww\.\w\S+", 0)


# Shops, affiliate redirects and tracking parameters: a link to buy something is not a source.
_SHOPPING_URL = Pattern(
    r"amzn\.to|amazon\.[a-z.]+/|[?&](?:tag|ref|aff(?:iliate)?(?:_?id)?|affid|coupon|utm_[a-z]+)="
    r"|/(?:ref|aff|go|shop|buy|cart|checkout|products?)/|shareasale|clickbank|awin1|rakuten|linksynergy",
    regex.IGNORECASE,
)


def _any_link(doc: Document, start: int, end: int, sources_only: bool = False) -> bool:
    """Whether a link (text or target) overlaps [start, end); with `sources_only`, not a shop's."""
    starts, reach = _link_index(doc)[sources_only]
    before = bisect_left(starts, end)  # the links that begin before the span ends
    return before > 0 and reach[before - 1] > start  # ... and whether one of them ends after it begins


_LinkIndex = tuple[list[int], list[int]]  # link starts in order, and the furthest end among the first k
_indexed: list[tuple[Document, dict[bool, _LinkIndex]]] = []  # the document being checked


def _link_index(doc: Document) -> dict[bool, _LinkIndex]:
    """Per document, built once: clearing checks ask about links for every hit."""
    if _indexed and _indexed[0][0] is doc:
        return _indexed[0][1]
    links = sorted(doc.links, key=lambda link: link.text_start)
    index = {}
    for sources_only in (False, True):
        kept = [link for link in links if not (sources_only and _SHOPPING_URL.compiled.search(link.url))]
        index[sources_only] = (
            [link.text_start for link in kept],
            list(itertools.accumulate((link.target_end for link in kept), max)),
        )
    _indexed[:] = [(doc, index)]
    return index


def _citation(doc: Document, start: int, end: int) -> bool:
    if _any_link(doc, start, end, sources_only=True):
        return True
    shopping = _SHOPPING_URL.compiled
    return any(not shopping.search(m.group()) for m in finditer(_CITATION, doc.masked, start, end))


def _link(doc: Document, start: int, end: int) -> bool:
    return _any_link(doc, start, end) or next(finditer(_URL, doc.masked, start, end), None) is not None


NAMED: dict[str, Callable[[Document, int, int], bool]] = {"citation": _citation, "link": _link}


class Clearing:
    """Phrases, patterns, front-matter fields and named matchers (built-in or the pack's), any of
    which satisfies a rule within a span."""

    def __init__(
        self,
        spec: Mapping[str, Any],
        prefix: Sequence[str | int],
        case_sensitive: bool = False,
        context: BuildContext | None = None,
    ) -> None:
        pack_matchers = context.matchers if context is not None else {}
        self.named: list[Callable[[Document, int, int], bool]] = []
        phrases, patterns = list(spec.get("phrases", ())), list(spec.get("patterns", ()))
        for index, name in enumerate(spec.get("matchers", ())):
            if name in NAMED:
                self.named.append(NAMED[name])
            elif name in pack_matchers:
                phrases += pack_matchers[name].get("phrases", ())
                patterns += pack_matchers[name].get("patterns", ())
            else:
                known = ", ".join([*NAMED, *pack_matchers])
                raise SpecError([*prefix, "matchers", index], f"unknown matcher {name!r} (known: {known})")
        self.pattern = compile_alternation({"phrases": phrases, "patterns": patterns}, case_sensitive, prefix, context)
        self.fields = [f.lower() for f in spec.get("fields", ())]

    def has_field(self, doc: Document) -> bool:
        return any(str(key).lower() in self.fields and value not in (None, "", [])
                   for key, value in doc.metadata.items())  # fmt: skip

    def found(self, doc: Document, start: int, end: int) -> bool:
        if self.fields and self.has_field(doc):
            return True
        if start >= end:
            return False
        if any(named(doc, start, end) for named in self.named):
            return True
        return self.pattern is not None and next(finditer(self.pattern, doc.masked, start, end), None) is not None


class Gate:
    """`only_if`: a rule runs only on documents where this occurs (at least `min_count` times)."""

    def __init__(self, spec: Mapping[str, Any], context: BuildContext) -> None:
        self.clearing = Clearing(spec, ["only_if"], bool(spec.get("case_sensitive", False)), context)
        self.min_count = int(spec.get("min_count", 1))

    def open(self, doc: Document) -> bool:
        clearing = self.clearing
        if clearing.fields and clearing.has_field(doc):
            return True
        end = len(doc.masked)
        if any(named(doc, 0, end) for named in clearing.named):
            return True
        if clearing.pattern is None:
            return False
        matches = finditer(clearing.pattern, doc.masked, 0, end)
        return sum(1 for _ in itertools.islice(matches, self.min_count)) >= self.min_count
