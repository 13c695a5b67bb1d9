from __future__ import annotations

from lint.markup import html

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
    return [(b.kind, doc.source[b.start : b.end]) for b in doc.blocks]


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
    assert len(doc.masked) == len(PAGE)
    for hidden in ("menu", "hidden miracle", "also hidden", "code miracle", "Copyright", "color", "@graph"):
        assert hidden not in doc.masked
    assert "generally safe" in doc.masked and "&amp;" in doc.masked


def test_spans_are_exact_through_entities_and_tags() -> None:
    doc = html.parse("a.html", PAGE)
    at = doc.masked.index("a&nbsp;miracle")
    assert doc.source[at : at + len("a&nbsp;miracle")] == "a&nbsp;miracle"


def test_links_comments_and_quotes() -> None:
    doc = html.parse("a.html", PAGE)
    (link,) = doc.links
    assert doc.source[link.text_start : link.text_end] == "the study"
    assert doc.source[link.target_start : link.target_end] == "https://doi.org/10.1/x"
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
    }


def test_without_main_chrome_is_skipped() -> None:
    page = "<body><header>Site name</header><nav>Menu</nav><p>Body text.</p><aside>Ad</aside><footer>F</footer></body>"
    assert blocks(page) == [("paragraph", "Body text.")]


def test_fragments_and_broken_markup() -> None:
    assert blocks("Loose text <b>bold</b>") == [("paragraph", "Loose text <b>bold")]
    assert blocks("<p>Unclosed <em>tags<p>Next") == [("paragraph", "Unclosed <em>tags"), ("paragraph", "Next")]
    assert blocks("<p>a < b and c > d</p>") == [("paragraph", "a < b and c > d")]
    assert blocks("") == []


def test_crlf_positions() -> None:
    doc = html.parse("a.html", "<p>One\r\ntwo</p>\r\n<p>Three</p>")
    assert [doc.source[b.start : b.end] for b in doc.blocks] == ["One\r\ntwo", "Three"]
