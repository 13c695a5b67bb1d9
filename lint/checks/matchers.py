"""What clears a rule: phrases, patterns and built-in named matchers, over a span of text."""

from __future__ import annotations

import functools
import itertools
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import regex

from lint.checks.base import BuildContext, Pattern, SpecError, compile_alternation, finditer
from lint.markup.document import Document, Link

# A citation: a URL or DOI, a PubMed id, a numbered or footnote marker, superscript digits,
# "(Author, 2020)", "(Author et al., 2020)" or "Author et al. (2020)". Which URLs are sources and
# which markers resolve is decided by `Citations` (below).
_CITATION = Pattern(
    r"""(?P<url>https?://\S+|\bwww\.\w\S+)|(?P<id>\bdoi:\s*10\.\d{4,9}/\S+|\b10\.\d{4,9}/[-._;()/:\w]+|\bPMID:?\s*\d+|\bPMC\d+)"""
    r"""|\[\^(?P<note>[\w-]{1,10})\]|\[(?P<numbers>\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]|(?P<sup>[¹²³⁴⁵⁶⁷⁸⁹⁰]+)"""
    r"""|\((?:[^()]*?;\s*)?\p{Lu}[\p{L}'’-]+(?:\s+et\s+al\.?|\s+(?:and|&)\s+\p{Lu}[\p{L}'’-]+)?,?\s+(?:19|20)\d{2}[a-z]?(?:[;,][^()]*)?\)"""
    r"""|\b\p{Lu}[\p{L}'’-]+\s+et\s+al\.?,?\s+\(?(?:19|20)\d{2}""",
    0,
)  # compiled on first use (from the compiled-pattern cache), and screened like a rule's pattern
_URL = Pattern(r"https?://\S+|\bwww\.\w\S+", 0)

_SUPERSCRIPT = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
# The marker that opens a reference-list entry: "[3] ...", "3. ...", "3) ...", "³ ..." (in the entry's
# text, or in the source before a list item or footnote, where the markup adapter blanks it).
_ENTRY_MARKER = regex.compile(r"\s*(?:\[\^?(?P<a>[\w-]{1,10})\]:?|(?P<b>\d{1,3})[.)]|(?P<c>[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}))\s*")
_LINK_MARKER = regex.compile(r"\s*\[?\^?(\d{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})\]?\s*")  # an in-page link's text: "3", "[3]"
# What a reference looks like: a year, a link or an identifier, "et al."
_REFERENCE_LIKE = regex.compile(r"\b(?:19|20)\d{2}\b|https?://|\bwww\.|\bdoi\b|\bPMID\b|\bPMC\d|\bet\s+al\b", regex.I)
_IMAGE_FILE = regex.compile(r"\.(?:jpe?g|png|gif|webp|svg|avif|tiff?)$", regex.I)
_OWN_URL_FIELDS = ("url", "canonical", "canonical_url", "permalink")
# the data `Citations` reads, by vocabulary (a configuration may add a shop or remove one)
CITATION_VOCABULARIES = (
    "shop-host", "affiliate-network", "image-host", "social-host", "shop-path", "affiliate-parameter",
    "shop-parameter", "image-credit-cue", "shop-cue", "reference-list-heading",
)  # fmt: skip


def _forms(vocabularies: Mapping[str, Any], *names: str) -> str:
    """The vocabularies' forms as one alternation of literal text (URL parts are not words)."""
    forms = sorted({form for name in names for form in vocabularies[name].forms()}, key=lambda f: (-len(f), f))
    return "|".join(regex.escape(form) for form in forms) or "(?!)"


class Citations:
    """What counts as a citation (the built-in `citation` matcher), read from vocabularies.

    Evidence a reader can check clears a claim: a DOI or PubMed id, a link to a non-commercial
    source, an author-year reference, or a numbered or footnote marker that resolves (an entry
    with that number exists: a footnote, an entry of the reference list, or a numbered entry that
    reads like a reference). Not a citation: a link to a shop (`shop-host`), a social network
    (`social-host`), an affiliate network
    or parameter (`affiliate-network`, `affiliate-parameter`), a shop or redirect path
    (`shop-path`, on any site), a link whose text sells (`shop-cue`), an image (a picture file,
    an `image-host`, or a link in a credit line: `image-credit-cue`), and the site's own pages (a
    relative link, or one to the host of the article's `url` field).
    """

    def __init__(self, vocabularies: Mapping[str, Any]) -> None:
        text = functools.partial(_forms, vocabularies)
        self.host = regex.compile(
            rf"(?:^|\.)(?:{text('shop-host', 'affiliate-network', 'social-host')})(?:\.|$)", regex.I
        )
        self.image_host = regex.compile(rf"(?:^|\.)(?:{text('image-host')})(?:\.|$)", regex.I)
        self.path = regex.compile(rf"/(?:{text('shop-path')})(?:[/.?#-]|$)", regex.I)
        self.parameter = regex.compile(rf"(?:^|&)(?:{text('affiliate-parameter', 'shop-parameter')})=", regex.I)
        self.sells = regex.compile(rf"\b(?:{text('shop-cue')})\b", regex.I)
        self.credit = regex.compile(rf"\b(?:{text('image-credit-cue')})\b[^.\n]{{0,30}}$", regex.I)
        self.heading = regex.compile(rf"\W*(?:{text('reference-list-heading')})\W*", regex.I)

    def source_url(self, url: str, own_host: str | None = None) -> bool:
        """Whether a URL is a source a reader can check (not a shop, an affiliate, a picture, the site)."""
        url = url.strip().rstrip(").,;:!?'\"»›]")
        if url.lower().startswith("www."):
            url = "https://" + url
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
        except ValueError:
            return False
        if not host or parts.scheme.lower() not in ("http", "https"):
            return False  # a relative link (the site's own page), an e-mail address, a phone number
        if own_host and (host == own_host or host.endswith("." + own_host)):
            return False
        return not (
            self.host.search(host)
            or self.image_host.search(host)
            or self.path.search(parts.path)
            or self.parameter.search(parts.query)
            or _IMAGE_FILE.search(parts.path)
        )

    def __call__(self, doc: Document, start: int, end: int) -> bool:
        index = _index(doc, self)
        before = bisect_left(index.link_starts, end)  # the source links that begin before the span ends
        if before > 0 and index.link_reach[before - 1] > start:  # ... and whether one of them ends after it
            return True
        for match in finditer(_CITATION, doc.masked, start, end):
            kind = match.lastgroup
            if kind == "url":
                if self.source_url(match.group(), index.own_host):
                    return True
            elif kind in ("note", "numbers", "sup"):
                if any(label in index.labels for label in _labels(kind, match.group(kind))):
                    return True
            else:  # a DOI, a PubMed id, an author and a year
                return True
        return False

    def source_link(self, doc: Document, link: Link, own_host: str | None, labels: frozenset[str]) -> bool:
        """Whether a link is a source: to a source URL and not a shop button or a picture credit,
        or an in-page link ("#fn3") to a reference entry whose label it shows ("3", "[3]")."""
        label = doc.masked[link.text_start : link.text_end]
        if link.url.startswith("#"):
            marker = _LINK_MARKER.fullmatch(label)
            return marker is not None and marker.group(1).translate(_SUPERSCRIPT) in labels
        if not self.source_url(link.url, own_host):
            return False
        lead = doc.masked[max(0, link.text_start - 40) : link.text_start]
        return not (self.sells.search(label) or self.credit.search(lead) or self.credit.match(label))

    def references(self, doc: Document) -> frozenset[str]:
        """The labels of the entries a marker can resolve to: footnotes, entries of a reference list
        (numbered, or by position under a reference-list heading) and numbered entries that read
        like references."""
        labels: set[str] = set()
        listing, position = False, 0
        for block in doc.blocks:
            text = doc.masked[block.start : block.end]
            if block.kind in ("title", "heading") or (len(text) < 40 and self.heading.fullmatch(text)):
                listing, position = bool(self.heading.fullmatch(text)), 0
                continue
            source_start = doc.source_span(block.start, block.end)[0]
            lead = doc.source[max(doc.source.rfind("\n", 0, source_start) + 1, source_start - 40) : source_start]
            marker = _ENTRY_MARKER.fullmatch(lead) or _ENTRY_MARKER.match(text)
            if listing and block.kind == "list_item":
                position += 1
                labels.add(str(position))
            if marker is None:
                continue
            label = (marker.group("a") or marker.group("b") or marker.group("c") or "").translate(_SUPERSCRIPT)
            named = marker.group("a") is not None  # "[^1]:" or "[3]": written as a reference entry
            if listing or block.kind == "footnote" or named or _REFERENCE_LIKE.search(text):
                labels.add(label)
        return frozenset(labels)


def _labels(kind: str | None, marker: str) -> list[str]:
    """The entry labels a marker refers to ("[2-4]" refers to 2, 3 and 4; "[^a]" to a)."""
    if kind == "sup":
        return [marker.translate(_SUPERSCRIPT)]
    if kind == "note":
        return [marker]
    labels: list[str] = []
    for part in regex.split(r"\s*,\s*", marker):
        low, _, high = regex.sub(r"\s", "", part).replace("–", "-").partition("-")
        first, last = int(low), int(high or low)
        labels.extend(str(n) for n in range(first, min(last, first + 50) + 1))
    return labels


@dataclass
class _Index:
    """Per document and citation data, built once: clearing checks ask for every hit."""

    link_starts: list[int]  # the source links' starts in order
    link_reach: list[int]  # the furthest end among the first k
    labels: frozenset[str]
    own_host: str | None


_indexed: list[tuple[Document, Citations, _Index]] = []  # the document being checked


def _index(doc: Document, citations: Citations) -> _Index:
    if _indexed and _indexed[0][0] is doc and _indexed[0][1] is citations:
        return _indexed[0][2]
    own = next((str(doc.metadata[f]) for f in _OWN_URL_FIELDS if doc.metadata.get(f)), "")
    try:
        own_host = (urlsplit(own.strip()).hostname or "").lower().removeprefix("www.") or None
    except ValueError:
        own_host = None
    labels = citations.references(doc)
    links = sorted(
        (k for k in doc.links if citations.source_link(doc, k, own_host, labels)), key=lambda k: k.text_start
    )
    index = _Index(
        [k.text_start for k in links], list(itertools.accumulate((k.target_end for k in links), max)), labels, own_host
    )
    _indexed[:] = [(doc, citations, index)]
    return index


_built: dict[tuple[tuple[str, ...], ...], Citations] = {}


def citations(context: BuildContext | None) -> Citations:
    """The citation matcher for a rule set's vocabularies (the shipped ones where it has none)."""
    vocabularies: Mapping[str, Any] = context.vocabularies if context is not None else {}
    if not all(name in vocabularies for name in CITATION_VOCABULARIES):
        from lint.ruleset import shipped_language

        vocabularies = {**shipped_language().vocabularies, **vocabularies}
    key = tuple(tuple(vocabularies[name].forms()) for name in CITATION_VOCABULARIES)
    if key not in _built:
        _built[key] = Citations(vocabularies)
    return _built[key]


def _link(doc: Document, start: int, end: int) -> bool:
    starts, reach = _link_index(doc)
    before = bisect_left(starts, end)  # the links that begin before the span ends
    if before > 0 and reach[before - 1] > start:  # ... and whether one of them ends after it begins
        return True
    return next(finditer(_URL, doc.masked, start, end), None) is not None


_links_indexed: list[tuple[Document, tuple[list[int], list[int]]]] = []  # the document being checked


def _link_index(doc: Document) -> tuple[list[int], list[int]]:
    """Per document, built once: link starts in order, and the furthest end among the first k."""
    if _links_indexed and _links_indexed[0][0] is doc:
        return _links_indexed[0][1]
    links = sorted(doc.links, key=lambda link: link.text_start)
    index = ([k.text_start for k in links], list(itertools.accumulate((k.target_end for k in links), max)))
    _links_indexed[:] = [(doc, index)]
    return index


# the built-in matchers (`citation` is built from the rule set's vocabularies: `citations()`)
NAMED: dict[str, Callable[[Document, int, int], bool]] = {"link": _link}
BUILT_IN = ("citation", *NAMED)


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
            if name == "citation":
                self.named.append(citations(context))
            elif name in NAMED:
                self.named.append(NAMED[name])
            elif name in pack_matchers:
                phrases += pack_matchers[name].get("phrases", ())
                patterns += pack_matchers[name].get("patterns", ())
            else:
                known = ", ".join([*BUILT_IN, *pack_matchers])
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
