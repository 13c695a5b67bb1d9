from __future__ import annotations

from typing import cast

import pytest

from lint.markup import html
from lint.markup.document import CONTINUATION, TRANSPARENT

PAGE = """<!doctype html>
<html><head><title>Turmeric &amp; joints</title>
<meta name="description" content="What turmeric does">
<meta property="article:published_time" content="2024-03-01T10:00:00Z">
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [{"@type": "Article", "dateModified": "2025-06-01",
 "author": [{"@type": "Person", "name": "Priya Raman"}]}]}
</script>
<style>p { color: red }</style>
</head>
<body>
<nav><a href="/">Home</a> miracle menu</nav>
<main>
<article>
<header><h1>Turmeric <em>and</em> joints</h1><p class="byline">By Priya Raman, MD</p></header>
<p>It is <strong>generally safe</strong> &amp; a&nbsp;miracle. See <a href="https://doi.org/10.1/x">the study</a>.</p>
<!-- healthlint-disable-next-line claims.miracle -->
<ul><li>One<li>Two é</ul>
<p hidden>hidden miracle</p><div style="display: none">also hidden</div>
<blockquote><p>Quoted claim.</p></blockquote>
<pre>code miracle</pre>
<table><tr><th>Dose</th><td>500 mg</td></tr></table>
</article>
</main>
<footer>Copyright miracle</footer>
</body></html>
"""


def blocks(source: str) -> list[tuple[str, str]]:
    doc = html.parse("a.html", source)
    return [(b.kind, doc.source_text(b.start, b.end)) for b in doc.blocks]


def test_blocks_inside_main_only() -> None:
    assert blocks(PAGE) == [
        ("title", "Turmeric <em>and</em> joints"),
        ("paragraph", "By Priya Raman, MD"),
        ("paragraph", 'It is <strong>generally safe</strong> &amp; a&nbsp;miracle. See <a href="https://doi.org/10.1/x">'
                      "the study</a>."),
        ("list_item", "One"),
        ("list_item", "Two é"),
        ("paragraph", "Quoted claim."),
        ("table_cell", "Dose"),
        ("table_cell", "500 mg"),
    ]  # fmt: skip


def test_masked_text_holds_only_prose() -> None:
    doc = html.parse("a.html", PAGE)
    for hidden in ("menu", "hidden miracle", "also hidden", "code miracle", "Copyright", "color", "@graph"):
        assert hidden not in doc.masked
    assert "generally safe & a miracle" in doc.masked


def test_spans_are_exact_through_entities_and_tags() -> None:
    doc = html.parse("a.html", PAGE)
    at = doc.masked.index("a miracle")
    assert doc.source_text(at, at + len("a miracle")) == "a&nbsp;miracle"


def test_links_comments_and_quotes() -> None:
    doc = html.parse("a.html", PAGE)
    (link,) = doc.links
    assert doc.source_text(link.text_start, link.text_end) == "the study"
    assert doc.source_text(link.target_start, link.target_end) == "https://doi.org/10.1/x"
    assert [c.text for c in doc.comments] == ["<!-- healthlint-disable-next-line claims.miracle -->"]
    assert [b.quoted for b in doc.blocks].count(True) == 1


def test_metadata_from_meta_tags_and_json_ld() -> None:
    doc = html.parse("a.html", PAGE)
    assert doc.metadata == {
        "description": "What turmeric does",
        "date": "2024-03-01T10:00:00Z",
        "last_reviewed": "2025-06-01",
        "author": "Priya Raman",
        "title": "Turmeric & joints",
        "type": "Article",
    }


def test_without_article_or_main_the_whole_page_but_navigation_is_prose() -> None:
    page = "<body><header>Site name</header><nav>Menu</nav><p>Body text.</p><aside>Ad</aside><footer>F</footer></body>"
    assert blocks(page) == [("paragraph", "Site name"), ("paragraph", "Body text."), ("paragraph", "Ad"),
                            ("paragraph", "F")]  # fmt: skip


def test_fragments_and_broken_markup() -> None:
    assert blocks("Loose text <b>bold</b>") == [("paragraph", "Loose text <b>bold")]
    assert blocks("<p>Unclosed <em>tags<p>Next") == [("paragraph", "Unclosed <em>tags"), ("paragraph", "Next")]
    assert blocks("<p>a < b and c > d</p>") == [("paragraph", "a < b and c > d")]
    assert blocks("") == []


def test_crlf_positions() -> None:
    doc = html.parse("a.html", "<p>One\r\ntwo</p>\r\n<p>Three</p>")
    assert [doc.source_text(b.start, b.end) for b in doc.blocks] == ["One\r\ntwo", "Three"]


# --- markup the standard library's parser raised on --------------------------------------------


@pytest.mark.parametrize(
    "page",
    ["<p>x</p>\n<![0 x", "<p>x</p><![if x]>y", "<![CDATA[x", "<p>a<!--", "</", "</>", "<?xml", "<a href='x",
     "<p>&#" + "9" * 5000 + ";</p>", "<p>&#x110000; &#0; &#1; &#x80;</p>", "<svg/><p>after</p>"],
)  # fmt: skip
def test_odd_declarations_never_raise_and_spans_stay_exact(page: str) -> None:
    doc = html.parse("a.html", page)
    for block in doc.blocks:
        start, end = doc.source_span(block.start, block.end)
        assert doc.source[start:end].strip() and 0 <= start < end <= len(page)


def test_text_after_a_marked_section_is_read() -> None:
    assert blocks("<p>x</p>\n<![0 x>\n<p>A miracle.</p>") == [("paragraph", "x"), ("paragraph", "A miracle.")]


@pytest.mark.parametrize(
    "data",
    ['{"@graph": 5}', '{"@graph": "x"}', '"text"', "5", "null", '[1, "a", null]', "[" * 100_000, "{" * 100_000,
     '{"author": 5, "@graph": {"datePublished": "2024-01-01"}}'],
)  # fmt: skip
def test_json_ld_of_any_shape_is_read_safely(data: str) -> None:
    doc = html.parse("a.html", f'<script type="application/ld+json">{data}</script><p>Text.</p>')
    assert blocks(doc.source) == [("paragraph", "Text.")]
    assert doc.metadata in ({}, {"date": "2024-01-01"})


# --- what is prose -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    ["<!-- <main> -->\n<p>It is generally safe.</p>", "<script>s = '<article>';</script><p>It is generally safe.</p>",
     "<textarea><main></textarea><p>It is generally safe.</p>"],
)  # fmt: skip
def test_only_a_real_article_or_main_element_limits_the_prose(page: str) -> None:
    assert blocks(page) == [("paragraph", "It is generally safe.")]


def test_a_form_wrapping_the_page_does_not_hide_it() -> None:
    page = (
        '<form id="aspnetForm"><input type="hidden" value="x"><p>It is generally safe.</p>'
        "<label>Name</label><button>Buy now, a miracle</button><select><option>miracle</option></select></form>"
    )
    assert blocks(page) == [("paragraph", "It is generally safe."), ("paragraph", "Name")]


def test_aria_hidden_text_is_seen_by_readers() -> None:
    assert blocks('<p aria-hidden="true">A miracle.</p>') == [("paragraph", "A miracle.")]


def test_an_element_after_an_implicitly_closed_hidden_one_is_visible() -> None:
    assert blocks("<p hidden>Hidden.<p>Seen.") == [("paragraph", "Seen.")]
    assert blocks("<ul><li hidden>Hidden.<li>Seen.</ul>") == [("list_item", "Seen.")]


def test_a_head_never_closed_does_not_hide_the_body() -> None:
    doc = html.parse("a.html", "<html><head><title>T</title><body><p>Seen.</p>")
    assert blocks(doc.source) == [("paragraph", "Seen.")] and doc.metadata == {"title": "T"}


def test_a_main_inside_a_hidden_element_stays_hidden() -> None:
    assert blocks("<div hidden><main><p>Hidden.</p></main></div><main><p>Seen.</p></main>") == [("paragraph", "Seen.")]


# --- what a reader sees as one phrase ----------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    ["<p>It is gener<span>ally</span> s&#97;fe.</p>", "<p>It is gener<!-- -->ally safe.</p>",
     "<p>It is gener<wbr>ally&nbsp;safe.</p>", "<p>It is gener<b><i>ally</i></b> s&#x61;fe.</p>",
     '<p>It is gener<span style="display:none">XYZ</span>ally safe.</p>', "<p>It is generally<br>safe.</p>",
     "<p>It is gener<script>x()</script>ally &#x73;afe.</p>", "<p>It is gen&shy;erally safe.</p>"],
)  # fmt: skip
def test_inline_markup_and_references_do_not_split_a_phrase(page: str) -> None:
    doc = html.parse("a.html", page)
    assert " ".join(doc.masked.split()) == "It is generally safe."
    (block,) = doc.blocks
    assert doc.source_text(block.start, block.end) == page[3:-4]
    at = doc.masked.index("generally")
    start, end = doc.source_span(at, at + len("generally safe"))
    assert doc.source[start] == "g" and doc.source[end - 1] in "ef;"


def test_masked_marks_references_and_inline_tags_at_the_parser_level(monkeypatch: pytest.MonkeyPatch) -> None:
    page = "<p>It is gener<span>ally</span> s&#97;fe &amp; &#10;ok.</p>"
    monkeypatch.setattr(html, "Document", lambda *fields: fields)  # what the parser hands to the view
    masked = cast("tuple[object, ...]", html.parse("a.html", page))[2]
    assert isinstance(masked, str) and len(masked) == len(page)
    assert masked.replace(TRANSPARENT, "").replace(CONTINUATION, "").strip() == "It is generally safe &  ok."
    assert masked[page.index("<span>")] == TRANSPARENT and masked[page.index("&#97;") : page.index(";fe") + 1] == (
        "a" + CONTINUATION * 4
    )


def test_block_elements_still_separate_words() -> None:
    doc = html.parse("a.html", "<div>gener</div><div>ally</div><p>a</p><p>b<br>c</p>")
    assert doc.masked.split() == ["gener", "ally", "a", "b", "c"]
    assert blocks(doc.source) == [("paragraph", "gener"), ("paragraph", "ally"), ("paragraph", "a"),
                                  ("paragraph", "b<br>c")]  # fmt: skip


def test_a_link_target_inside_a_phrase_is_kept() -> None:
    doc = html.parse("a.html", '<p>See <a href="https://doi.org/1">the <b>study</b></a>.</p>')
    (link,) = doc.links
    assert doc.source_text(link.text_start, link.text_end) == "the <b>study"
    assert doc.source_text(link.target_start, link.target_end) == "https://doi.org/1"


def test_json_ld_reviewer_is_read_as_reviewed_by() -> None:
    data = '{"@type": "MedicalWebPage", "reviewedBy": {"@type": "Person", "name": "Dr. Mia"}}'
    doc = html.parse("a.html", f'<script type="application/ld+json">{data}</script><p>Text.</p>')
    assert doc.metadata == {"reviewed_by": "Dr. Mia"}


def test_json_ld_article_kind_is_read_as_type_and_other_graph_kinds_are_not() -> None:
    data = '{"@graph": [{"@type": "Organization", "name": "X"}, {"@type": ["NewsArticle"], "headline": "H"}]}'
    doc = html.parse("a.html", f'<script type="application/ld+json">{data}</script><p>Text.</p>')
    assert doc.metadata["type"] == "NewsArticle"
    site = '{"@type": "WebSite", "name": "X"}'
    assert "type" not in html.parse("a.html", f'<script type="application/ld+json">{site}</script><p>T.</p>').metadata
