"""MDX, and the template syntax of Markdown sites (Liquid, Hugo shortcodes): never prose, and
every offset the source's."""

from __future__ import annotations

import textwrap

from lint.markup import markdown, mdx, parse
from lint.markup.document import Document
from tests.conftest import MakeRule, findings


def prose(doc: Document) -> list[str]:
    """The text of each prose block, as the source has it."""
    return [doc.source_text(b.start, b.end).strip() for b in doc.blocks]


PAGE = textwrap.dedent("""\
    ---
    title: Anxiety
    ---
    import { Callout, Tabs } from 'nextra/components'
    export const meta = {
      description: 'This tea cures stress.'
    }

    # Herbs and anxiety

    <Callout type="warning" title="Safe for everyone">This supplement cures anxiety.</Callout>

    <Tabs items={['Tea cures all', 'b']}>
      <Tabs.Tab>
    Our herbal tea is generally safe.
      </Tabs.Tab>
    </Tabs>

    Costs {props.price} a month, see `{not an expression}` and <Badge label="A miracle" />.

    ```jsx
    <Callout>This code cures nothing.</Callout>
    ```
    """)


def test_mdx_syntax_is_never_prose_and_the_text_inside_components_is() -> None:
    doc = mdx.parse("a.mdx", PAGE)
    assert doc.source == PAGE
    assert prose(doc) == [
        "Herbs and anxiety",
        "This supplement cures anxiety.",
        "Our herbal tea is generally safe.",
        'Costs {props.price} a month, see `{not an expression}` and <Badge label="A miracle" />.',
    ]
    for never in ("import", "nextra", "cures stress", "Safe for everyone", "Tea cures all", "props", "price",
                  "not an expression", "miracle", "Badge", "code cures", "Callout", "Tabs"):  # fmt: skip
        assert never not in doc.masked, never
    assert doc.metadata == {"title": "Anxiety"}


def test_a_claim_in_a_component_is_reported_at_its_exact_line_and_column(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["supplement cures"])
    found = findings(rule, PAGE, path="a.mdx")
    assert [(f.line, f.column, f.match) for f in found] == [(11, 56, "supplement cures")]
    assert PAGE.splitlines()[10][55:71] == "supplement cures"


def test_an_mdx_comment_holds_suppression_directives() -> None:
    source = "Text.\n\n{/* healthlint-disable-next-line claims.cure -- quoted */}\nIt cures.\n"
    doc = parse("a.mdx", source)
    assert [c.text for c in doc.comments] == ["<!-- healthlint-disable-next-line claims.cure -- quoted -->"]
    assert source[doc.comments[0].start : doc.comments[0].end].startswith("{/*")
    assert prose(doc) == ["Text.", "It cures."]


def test_a_tag_on_lines_of_its_own_leaves_its_children_markdown() -> None:
    doc = mdx.parse("a.mdx", '<Note\n  kind="tip"\n>\nSome **bold** words.\n</Note>\n')
    assert prose(doc) == ["Some **bold** words."]
    assert "Some bold words." in doc.masked


def test_lone_angle_brackets_braces_and_autolinks_stay_text() -> None:
    doc = mdx.parse("a.mdx", "Doses < 5 mg or {unclosed are fine, see <https://example.org>.\n")
    assert "Doses < 5 mg or {unclosed are fine, see" in doc.masked
    assert [link.url for link in doc.links] == ["https://example.org"]


LIQUID = textwrap.dedent("""\
    ---
    title: "{{ site.title }}"
    ---
    {% include toc.html %}

    {{ page.intro }} This supplement cures anxiety.

    Read [the study]({{ site.baseurl }}/study), {{< figure caption="It cures all" >}} more {{% note %}}x{{% /note %}}!

    {% highlight python %}
    print("This code cures nothing.")
    {% endhighlight %}

    {% comment %}This herb cures cancer.{% endcomment %}
    """)


def test_liquid_tags_and_hugo_shortcodes_are_never_prose() -> None:
    doc = markdown.parse("a.md", LIQUID)
    assert doc.source == LIQUID
    assert prose(doc) == [
        "This supplement cures anxiety.",
        'Read [the study]({{ site.baseurl }}/study), {{< figure caption="It cures all" >}} more '
        "{{% note %}}x{{% /note %}}!",
    ]
    for never in ("include", "page", "intro", "site", "figure", "cures all", "note", "code cures", "cancer"):
        assert never not in doc.masked, never
    assert [link.url for link in doc.links] == ["{{ site.baseurl }}/study"]  # the link survives its template
    assert doc.metadata["title"] == "{{ site.title }}"


def test_a_claim_after_a_liquid_tag_is_reported_at_its_exact_place(make_rule: MakeRule) -> None:
    rule = make_rule(kind="existence", phrases=["supplement cures"])
    assert [(f.line, f.column, f.match) for f in findings(rule, LIQUID)] == [(6, 23, "supplement cures")]


def test_admonition_fences_are_syntax_and_their_titles_and_bodies_prose() -> None:
    source = ":::warning Before you start\n\nTake 500 mg twice daily.\n\n:::\n\n:::tip\nDrink water.\n:::\n"
    for doc in (mdx.parse("a.mdx", source), markdown.parse("a.md", source)):
        assert prose(doc) == ["Before you start", "Take 500 mg twice daily.", "Drink water."]
        assert ":" not in doc.masked and "warning" not in doc.masked and "tip" not in doc.masked
