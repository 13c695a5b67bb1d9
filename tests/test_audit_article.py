"""The audit report's article view: an article as a reader sees it, each finding marked at its span."""

from __future__ import annotations

from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

from lint.engine import lint_text
from lint.markup import parse
from lint.report.audit_article import render, render_markdown
from tests.conftest import MakeRule


class _Page(HTMLParser):
    """The rendered article: its tags, its text, and the text under each finding's marks."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.marked: dict[int, str] = defaultdict(str)
        self.open_marks: list[list[int]] = []
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "mark":
            self.open_marks.append([int(n) for n in (dict(attrs)["data-f"] or "").split()])

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.open_marks.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for number in {n for numbers in self.open_marks for n in numbers}:
            self.marked[number] += data


def page_of(make_rule: MakeRule, path: str, source: str, phrases: list[str]) -> tuple[_Page, list[str | None]]:
    rules = [make_rule(id=f"t.claim{n}", kind="existence", phrases=[phrase]) for n, phrase in enumerate(phrases)]
    findings = sorted(lint_text(path, source, rules), key=lambda f: (f.start, f.rule))
    return _Page(render(parse(path, source), findings)), [f.match for f in findings]


def test_markdown_is_rendered_with_each_match_marked_exactly(make_rule: MakeRule) -> None:
    source = (
        "---\ntitle: Turmeric\nauthor: Ann Lee\ndate: 2024-01-02\ntags: [herbs, joints]\nlayout: post\n---\n"
        "# Turmeric 😀\n\nIt is gener**ally** s&#97;fe and a *miracle*.\r\n\n- one miracle\n- two\n\n"
        "[a miracle link](https://example.org/miracle) and `miracle code`\n"
    )
    page, matches = page_of(make_rule, "a.md", source, ["generally safe", "miracle"])
    assert matches == ["gener**ally** s&#97;fe", "miracle", "miracle", "miracle"]
    # each finding's marks hold what a reader sees of its match: markup and references resolved
    assert dict(page.marked) == {0: "generally safe", 1: "miracle", 2: "miracle", 3: "miracle"}
    assert {"dl", "h1", "p", "strong", "em", "ul", "li", "code"} <= set(page.tags)
    text = "".join(page.text)
    # front matter is a strip of what a reader sees (not `layout`), never raw YAML in the body
    assert text.startswith("titleTurmericauthorAnn Leedate2024-01-02tagsherbs, joints")
    assert "---" not in text and "layout" not in text and "**" not in text


def test_a_match_in_front_matter_is_marked_in_the_strip(make_rule: MakeRule) -> None:
    rule = make_rule(id="t.title", kind="metadata", fields=["description"], pattern="[Mm]iracle",
                     message="{value}")  # fmt: skip
    source = '---\ntitle: "A miracle"\ndescription: "Truly a miracle"\n---\nBody.\n'
    findings = lint_text("a.md", source, [rule])
    page = _Page(render(parse("a.md", source), findings))
    assert [f.match for f in findings] == ['"Truly a miracle"']
    assert dict(page.marked) == {0: "Truly a miracle"}  # what a reader sees: the value, not its quotes
    assert "descriptionTruly a miracle" in "".join(page.text)  # shown because a finding is in it


def test_an_html_block_in_markdown_is_prose_and_its_script_never_copied(make_rule: MakeRule) -> None:
    source = '<div class="callout">This supplement cures anxiety.</div>\n\n<script>alert("cures")</script>\n'
    page, matches = page_of(make_rule, "a.md", source, ["cures anxiety"])
    assert matches == ["cures anxiety"]
    assert dict(page.marked) == {0: "cures anxiety"}
    assert "script" not in page.tags and "alert" not in "".join(page.text)


def test_html_and_plain_text_articles_are_their_prose_blocks(make_rule: MakeRule) -> None:
    source = (
        "<html><head><style>p{}</style><script>alert(1)</script></head><body><article><h1>Title</h1>"
        "<p>It is <b>gener</b>ally safe &amp; a <img src=x onerror=alert(1)>miracle.</p></article></body></html>"
    )
    page, _ = page_of(make_rule, "a.html", source, ["generally safe", "miracle"])
    assert dict(page.marked) == {0: "generally safe", 1: "miracle"}
    assert page.tags.count("img") == page.tags.count("script") == page.tags.count("style") == 0
    assert "alert" not in "".join(page.text)
    page, _ = page_of(make_rule, "a.txt", "Title\n\nFirst miracle\nparagraph.\n\nSecond one.\n", ["miracle"])
    assert page.tags.count("p") >= 2 and dict(page.marked) == {0: "miracle"}


def test_overlapping_findings_share_marks_and_a_link_target_has_none(make_rule: MakeRule) -> None:
    source = "A miracle cure. [x](https://miracle.example)\n"
    rules = [make_rule(id="t.cure", kind="existence", phrases=["miracle cure"]),
             make_rule(id="t.miracle", kind="existence", phrases=["miracle"], category="absolute-claim"),
             make_rule(id="t.target", kind="existence", phrases=["miracle"], scope=["link_target"])]  # fmt: skip
    findings = sorted(lint_text("a.md", source, rules), key=lambda f: (f.start, f.rule))
    page = _Page(render(parse("a.md", source), findings))
    assert [(f.rule, f.match) for f in findings] == [("t.cure", "miracle cure"), ("t.miracle", "miracle"),
                                                     ("t.target", "miracle")]  # fmt: skip
    # overlapping findings: one mark per stretch, naming every finding over it
    assert dict(page.marked) == {0: "miracle cure", 1: "miracle"}
    # the link target is not shown: that finding has no mark (the report lists it above the text)


def test_rule_documentation_keeps_links_and_drops_raw_html(tmp_path: Path) -> None:
    rendered = render_markdown("## r\n\nSee [the source](https://example.org/s) <script>x()</script>.\n")
    assert '<a href="https://example.org/s" rel="noopener noreferrer">the source</a>' in rendered
    assert "<script" not in rendered and "<h2>r</h2>" in rendered


def test_hugo_toml_and_json_front_matter_are_a_strip_not_body_text(make_rule: MakeRule) -> None:
    toml = '+++\ntitle = "Naps"\ndate = 2024-05-01\ntags = ["sleep"]\n+++\nA miracle nap.\n'
    page, _ = page_of(make_rule, "a.md", toml, ["miracle"])
    assert "".join(page.text) == "titleNapsdate2024-05-01tagssleepA miracle nap."
    assert dict(page.marked) == {0: "miracle"}
    json_front = '{\n  "title": "Naps",\n  "author": "Ann Lee"\n}\nA miracle nap.\n'
    page, _ = page_of(make_rule, "a.md", json_front, ["miracle"])
    assert "".join(page.text) == "titleNapsauthorAnn LeeA miracle nap."
    assert dict(page.marked) == {0: "miracle"}


def test_a_word_document_is_its_headings_paragraphs_and_list_items(make_rule: MakeRule, tmp_path: Path) -> None:
    import docx

    from lint.markup import binary_parser_for

    written = docx.Document()
    written.add_heading("Ginseng", 1)
    written.add_paragraph("Ginseng is a miracle cure.")
    written.add_paragraph("Item one", style="List Bullet")
    written.save(str(tmp_path / "g.docx"))
    parse_docx = binary_parser_for("g.docx")
    assert parse_docx is not None
    doc = parse_docx("g.docx", (tmp_path / "g.docx").read_bytes())
    rule = make_rule(id="t.claim", kind="existence", phrases=["miracle cure"])
    page = _Page(render(doc, [f for f in lint_text("g.docx", doc.source, [rule]) if f.match]))
    assert [tag for tag in page.tags if tag != "mark"][-4:] == ["h1", "p", "ul", "li"]
    assert dict(page.marked) == {0: "miracle cure"}
