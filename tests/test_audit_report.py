"""The HTML audit report in a real headless Chromium (Debian's, driven by Playwright):
no JavaScript errors, filtering and selecting a finding work, at 10,000 articles too."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import time
from base64 import b64encode
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lint.audit import Audit, AuditedArticle
from lint.cli import cli
from lint.finding import Finding
from lint.markup import parse
from lint.report.audit_article import render as render_article
from lint.report.audit_html import render
from lint.ruleset import load_paths
from tests.conftest import BASE_RULE, PROJECT_RULES, dump

ARTIFACTS = Path(__file__).resolve().parent.parent / "build" / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip


def chromium_path() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "these tests need Debian's chromium (apt-get install chromium; .ci/run installs it)"
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def open_report(browser: Any, path: Path, context: Any = None) -> tuple[Any, list[str]]:
    """The report in a new page: of its own browser context, or of `context` (whose storage it shares)."""
    page = context.new_page() if context else browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    # blob: a download the page writes itself
    page.on("request", lambda request: errors.append(f"network request: {request.url}")
            if not request.url.startswith(("file:", "data:", "blob:")) else None)  # fmt: skip
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)
    return page, errors


def test_report_filters_and_shows_a_finding(project: Path, browser: Any) -> None:
    from playwright.sync_api import expect

    (project / "articles" / "emoji.md").write_text("# 😀 Title\n\nCafé 😀 is a miracle.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["audit", "--report", "audit.html", "articles"], catch_exceptions=False)
    assert result.exit_code == 0
    page, errors = open_report(browser, project / "audit.html")
    assert page.inner_text(".card .n") == "4"  # articles: bad, clean, emoji, warn
    page.click("button[data-tab=findings]")
    assert page.locator("#findings tbody tr").count() == 4
    page.select_option("#f-severity", "error")
    severities = page.locator("#findings tbody tr .sev").all_inner_texts()
    assert severities == ["error", "error"]
    page.fill("#f-text", "emoji")
    expect(page.locator("#findings tbody tr")).to_have_count(1)  # the search box filters after a short pause
    page.click("#findings tbody tr")
    page.wait_for_selector("mark.selected")
    assert page.inner_text("mark.selected") == "miracle"  # exact span after an astral character
    assert page.inner_text("#detail-hint") == "Write something else."
    assert page.get_attribute("#detail-source a", "href") == "https://example.org/source"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "audit-report-article.png"))
    assert errors == []


def test_report_survives_titles_that_are_markup(project: Path, browser: Any) -> None:
    """`<!--<script>` inside the embedded JSON once put the HTML tokenizer in a state where the
    data block's `</script>` did not end it, and the whole report stayed blank."""
    from playwright.sync_api import expect

    hostile = {"comment.md": "A title <!--<script>", "close.md": "</script><script>alert(1)</script>"}
    for name, title in hostile.items():
        front = f"---\ntitle: {json.dumps(title)}\nauthor: {json.dumps(title)}\n---\n"
        (project / "articles" / name).write_text(f"{front}# {title}\n\nA miracle <!--<script> here.\n", "utf-8")
    result = CliRunner().invoke(cli, ["audit", "--report", "audit.html", "articles"], catch_exceptions=False)
    assert result.exit_code == 0
    html = (project / "audit.html").read_text("utf-8")
    assert "unsafe-inline" not in html and "'sha256-" in html
    page, errors = open_report(browser, project / "audit.html")
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    assert page.inner_text(".card .n") == "5"
    page.click("button[data-tab=findings]")
    assert page.locator("#findings tbody tr").count() == 5
    page.select_option("#f-author", hostile["close.md"])
    expect(page.locator("#findings tbody tr")).to_have_count(1)
    page.click("#findings tbody tr")
    page.wait_for_selector("mark.selected")
    assert page.inner_text("#article-title") == hostile["close.md"]
    page.click("button[data-tab=articles]")
    page.fill("#article-filter", "comment")
    expect(page.locator("#article-list")).to_contain_text(hostile["comment.md"])
    assert errors == []


def synthetic_audit(project: Path, articles: int, per_article: int) -> Audit:
    rules = load_paths([project / "house"])
    sentence = "Some text about turmeric. It is a miracle cure and generally safe for everyone. "
    text = "# Turmeric\n\n" + sentence * 4
    audited = []
    for number in range(articles):
        path = f"content/section-{number % 50}/article-{number:05d}.md"
        found = []
        for k in range(per_article):
            start = 12 + (k % 4) * len(sentence) + 34  # "miracle" in the k-th sentence
            rule = rules[k % 2]
            found.append(Finding(path, 3, start - 11, 3, start - 4, rule.id, rule.category, rule.severity,
                                 f"Finding {k} in {number}", "miracle", rule.hint, None, rule.source, start,
                                 start + 7, f"{number}-{k}"))  # fmt: skip
        page = render_article(parse(path, text), found)
        encoded = b64encode(gzip.compress(page.encode("utf-8"))).decode("ascii")
        audited.append(AuditedArticle(path, f"Article {number}", f"Author {number % 37}", tuple(found), encoded))
    return Audit(rules, audited)


def test_report_stays_usable_at_ten_thousand_articles(project: Path, browser: Any) -> None:
    audit = synthetic_audit(project, articles=10_000, per_article=10)
    report = project / "large.html"
    report.write_text(render(audit), encoding="utf-8")
    started = time.perf_counter()
    page, errors = open_report(browser, report)
    loaded = time.perf_counter() - started
    print(f"\n100,000-finding report: {report.stat().st_size / 1e6:.1f} MB, ready in {loaded:.1f} s")
    page.click("button[data-tab=findings]")
    assert "100000 findings" in page.inner_text("#page-info")
    assert page.locator("#findings tbody tr").count() == 100  # one page at a time
    page.select_option("#f-author", "Author 3")
    assert page.inner_text("#page-info").startswith("2710 findings")
    started = time.perf_counter()
    page.select_option("#findings tbody tr:first-child select.decide", "false-positive")
    assert page.inner_text("#decision-counts") == "99999 undecided · 0 reviewed · 1 false positive"
    print(f"marking a finding false positive: {time.perf_counter() - started:.2f} s")
    page.click("th[data-key=message]")
    page.click("#findings tbody tr")
    page.wait_for_selector("mark.selected")
    assert page.locator("#article-list > div").count() == 500
    assert page.inner_text("#article-list .more") == "9500 more: filter to find them"  # cut, and says so
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "audit-report-large.png"))
    assert errors == []


def write_report(project: Path, *args: str) -> Path:
    result = CliRunner().invoke(cli, ["audit", "--report", "audit.html", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return project / "audit.html"


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_article_is_shown_as_a_reader_sees_it_with_matches_marked(project: Path, browser: Any) -> None:
    from playwright.sync_api import expect

    (project / "articles" / "turmeric.md").write_text(
        "---\ntitle: Turmeric\nauthor: Ann Lee\ndate: 2024-01-02\ntags: [herbs, joints]\nlayout: post\n---\n"
        "# Turmeric\n\nIt is gener**ally** safe, *they say*.\n\n- A miracle.\n- Fine.\n\n"
        '<div class="callout">A miracle <b>too</b>.</div>\n\n<script>alert("report")</script>\n',
        encoding="utf-8",
    )
    (project / "articles" / "page.html").write_text(
        "<html><head><style>body{display:none}</style></head><body><article><h1>Page</h1>"
        "<p>It is generally safe.<img src=https://example.org/x.png></p></article></body></html>",
        encoding="utf-8",
    )
    report = write_report(project, "articles")
    page, errors = open_report(browser, report)
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    page.goto(f"{report.as_uri()}#tab=articles&article=articles/turmeric.md")
    page.wait_for_selector("#article-text[data-article='articles/turmeric.md']")
    body = page.locator("#article-text")
    strip = page.evaluate(
        "[...document.querySelectorAll('.meta-strip dt')].map((t) => [t.textContent, t.nextElementSibling.textContent])"
    )
    assert strip == [["title", "Turmeric"], ["author", "Ann Lee"], ["date", "2024-01-02"], ["tags", "herbs, joints"]]
    assert body.locator("h1").inner_text() == "Turmeric" and body.locator("li").count() == 2
    assert body.locator("em").inner_text() == "they say"
    text = body.inner_text()
    assert "---" not in text and "layout" not in text and "**" not in text and "alert" not in text
    assert body.locator("script, style, img").count() == 0
    # a finding's marks hold exactly its text as rendered, across the bold in the middle of it
    safe = page.evaluate("""() => { const f = [...document.querySelectorAll('#article-text mark')]
        .filter((m) => m.textContent.startsWith('gener'))[0].dataset.f;
        const marks = document.querySelectorAll(`#article-text mark[data-f~="${f}"]`);
        return [...marks].map((m) => m.textContent).join(''); }""")
    assert safe == "generally safe"
    assert body.locator("mark").all_inner_texts().count("miracle") == 2  # the list item and the HTML block
    assert page.evaluate("getComputedStyle(document.querySelector('#article-text')).fontFamily").startswith("system-ui")
    body.locator("mark", has_text="miracle").first.click()
    expect(page.locator("#detail-message")).to_have_text("Found 'miracle'.")
    screenshot(page, "audit-report-rendered-article.png")
    page.goto(f"{report.as_uri()}#tab=articles&article=articles/page.html")
    page.wait_for_selector("#article-text[data-article='articles/page.html']")
    assert body.locator("mark").all_inner_texts() == ["generally safe"] and body.locator("img").count() == 0
    assert errors == []


def test_filters_sort_and_the_selected_finding_are_kept_in_the_url(project: Path, browser: Any) -> None:
    from playwright.sync_api import expect

    report = write_report(project, "articles")
    page, errors = open_report(browser, report)
    page.click("button[data-tab=findings]")
    page.select_option("#f-severity", "warning")
    page.click("th[data-key=path]")  # path was the sort: now descending
    expect(page.locator("#findings tbody tr")).to_have_count(2)
    assert page.locator("#findings tbody tr td:nth-child(6)").all_inner_texts() == [
        "articles/warn.txt:1:7",
        "articles/bad.md:3:18",
    ]
    page.click("#findings tbody tr >> nth=1")
    page.wait_for_selector("mark.selected")
    state = page.evaluate("Object.fromEntries(new URLSearchParams(location.hash.slice(1)))")
    assert {k: state[k] for k in ("tab", "severity", "sort", "article")} == {
        "tab": "articles",
        "severity": "warning",
        "sort": "-path",
        "article": "articles/bad.md",
    }
    assert len(state["finding"]) == 20  # the finding's fingerprint
    shared = page.url
    page.reload()
    page.wait_for_selector("mark.selected")
    assert page.inner_text("mark.selected") == "generally safe"
    page.go_back()  # to the filtered, sorted table
    expect(page.locator("#findings")).to_be_visible()
    assert page.input_value("#f-severity") == "warning"
    assert page.get_attribute("th[data-key=path]", "aria-sort") == "descending"
    expect(page.locator("#findings tbody tr")).to_have_count(2)
    page.go_back()
    expect(page.locator("#findings tbody tr")).to_have_count(2)  # warning filter, path ascending
    assert page.get_attribute("th[data-key=path]", "aria-sort") == "ascending"
    page.go_forward()
    page.go_forward()
    page.wait_for_selector("mark.selected")
    other, other_errors = open_report(browser, report)  # the link, opened in a new tab
    other.goto(shared)
    other.wait_for_selector("mark.selected")
    assert other.inner_text("mark.selected") == "generally safe" and other.inner_text("#detail-hint")
    screenshot(other, "audit-report-url-state.png")
    other.click("button[data-tab=findings]")
    entries = other.evaluate("history.length")
    other.fill("#f-text", "warn.txt")
    expect(other.locator("#findings tbody tr")).to_have_count(1)
    other.wait_for_function("location.hash.includes('q=warn.txt')")
    assert other.evaluate("history.length") == entries  # typing replaces the history entry, one per search
    other.reload()
    other.wait_for_selector("body[data-ready=true]")
    assert other.input_value("#f-text") == "warn.txt" and other.locator("#findings tbody tr").count() == 1
    assert errors == [] and other_errors == []


def test_breakdowns_by_rule_and_folder_list_everything_and_filter_the_findings(project: Path, browser: Any) -> None:
    from playwright.sync_api import expect

    wonder = {**BASE_RULE, "id": "house.wonder", "kind": "existence", "phrases": ["wonder"]}  # category: other
    (project / "house" / "rules.yaml").write_text(dump([*PROJECT_RULES, wonder]), encoding="utf-8")
    (project / "articles" / "deep" / "er").mkdir(parents=True)
    (project / "articles" / "deep" / "er" / "x.md").write_text("A miracle. A miracle. A wonder.\n", encoding="utf-8")
    report = write_report(project, "articles")
    page, errors = open_report(browser, report)
    rows = page.locator("#by-rule tbody tr")
    assert [r.split("\t") for r in rows.all_inner_texts()] == [
        ["house.miracle", "house", "error", "absolute-claim", "3", "about this rule"],
        ["house.safe", "house", "warning", "unsupported-safety-claim", "2", "about this rule"],
        ["house.wonder", "house", "warning", "other", "1", "about this rule"],
    ]
    folders = page.locator("#by-folder tbody tr").all_inner_texts()
    assert [f.split("\t") for f in folders] == [["articles/", "4", "6"], ["\u2003deep/", "1", "3"],
                                                ["\u2003\u2003er/", "1", "3"]]  # fmt: skip
    # every category has its own bar; none is folded into "other"
    assert page.locator("table[data-breakdown=category] a").all_inner_texts() == [
        "absolute-claim",
        "unsupported-safety-claim",
        "other",
    ]
    assert page.inner_text("table[data-breakdown=category] .rules-in") == "house.wonder"  # what "other" counts
    page.click("#by-rule a:text('house.safe')")
    expect(page.locator("#page-info")).to_have_text("2 findings · page 1 of 1")
    assert page.input_value("#f-rule") == "house.safe"
    page.go_back()
    page.click("#by-folder a:text('deep/')")
    expect(page.locator("#page-info")).to_have_text("3 findings · page 1 of 1")
    assert set(page.locator("#findings tbody tr td:nth-child(6)").all_inner_texts()) == {
        "articles/deep/er/x.md:1:3",
        "articles/deep/er/x.md:1:14",
        "articles/deep/er/x.md:1:25",
    }
    page.go_back()
    screenshot(page, "audit-report-breakdowns.png")
    assert errors == []


def test_authors_are_grouped_by_the_registry_with_their_credential_findings(project: Path, browser: Any) -> None:
    from playwright.sync_api import expect

    (project / ".healthlint.yaml").write_text("packs: [author-credentials]\nrules: [house/]\nauthors: authors.yaml\n")
    (project / "authors.yaml").write_text(
        "authors:\n  - name: Jane Doe\n    aliases: [J. Doe]\n    credentials: [MD]\n"
    )
    for name, byline in (("a.md", "Dr. Jane Doe"), ("b.md", "J. Doe"), ("c.md", "Sam Patel, RN")):
        (project / "articles" / name).write_text(f"---\nauthor: {byline}\n---\n# T\n\nA miracle.\n", encoding="utf-8")
    report = write_report(project, "articles")
    page, errors = open_report(browser, report)
    jane = page.locator("#by-author tr[data-author='Jane Doe']")
    assert jane.locator("td").all_inner_texts()[:4] == ["Jane Doe in registry\nas Dr. Jane Doe, J. Doe", "2", "2", "0"]
    sam = page.locator("#by-author tr[data-author='Sam Patel, RN']")
    assert "not in registry" in sam.inner_text()
    credential = sam.locator("ul.credential a")
    assert credential.count() == 1 and sam.locator("td").nth(3).inner_text() == "1"
    credential.click()
    page.wait_for_selector("#article-text[data-article='articles/c.md']")
    expect(page.locator("#detail-message")).to_contain_text("Sam Patel")
    page.go_back()
    page.click("#by-author a:text('Jane Doe')")
    expect(page.locator("#page-info")).to_have_text("2 findings · page 1 of 1")
    assert page.input_value("#f-author") == "Jane Doe"
    page.go_back()
    screenshot(page, "audit-report-authors.png")
    assert errors == []


def test_every_finding_links_to_its_rules_documentation_in_the_report(project: Path, browser: Any) -> None:
    from playwright.sync_api import expect

    report = write_report(project, "articles")
    page, errors = open_report(browser, report)
    page.click("button[data-tab=findings]")
    page.click("#findings tbody tr >> nth=0 >> a")  # the rule id
    section = page.locator("#rules .explain.current")
    expect(section).to_have_attribute("data-rule", "house.miracle")
    expect(section).to_be_in_viewport()
    assert section.locator("h2").first.inner_text() == "house.miracle"
    assert "Why it matters" in section.inner_text() and "Write something else." in section.inner_text()
    assert page.locator("#rules .explain").count() == 2  # the rules that have findings
    page.go_back()
    expect(page.locator("#findings")).to_be_visible()
    page.click("#findings tbody tr >> nth=1")
    page.click("#detail-explain")
    expect(page.locator("#rules .explain.current")).to_have_attribute("data-rule", "house.safe")
    screenshot(page, "audit-report-rule-docs.png")
    assert errors == []


def test_a_compared_report_shows_new_fixed_and_unchanged(project: Path, browser: Any) -> None:
    from playwright.sync_api import expect

    assert CliRunner().invoke(cli, ["audit", "--json", "before.json", "articles"]).exit_code == 0
    (project / "articles" / "warn.txt").write_text("It is safe.\n", encoding="utf-8")
    (project / "articles" / "clean.md").write_text("# T\n\nAll fine [1]. A miracle.\n", encoding="utf-8")
    report = write_report(project, "--compare", "before.json", "articles")
    page, errors = open_report(browser, report)
    assert page.locator("#changes .card .n").all_inner_texts() == ["1", "1", "2"]
    assert page.locator("#fixed tbody tr").all_inner_texts() == [
        "articles/warn.txt:1\thouse.safe\tFound 'generally safe'."
    ]
    page.click("#changes a.card.new")
    expect(page.locator("#findings tbody tr")).to_have_count(1)
    assert page.inner_text("#findings tbody tr td:nth-child(6)") == "articles/clean.md:3:17"
    assert page.inner_text("#findings tbody tr .change") == "new"
    page.click("#findings tbody tr")
    expect(page.locator("#detail-change")).to_have_text("new")
    page.go_back()
    page.go_back()
    screenshot(page, "audit-report-compare.png")
    assert errors == []


def test_text_two_findings_share_is_marked_for_both_and_a_click_steps_through_them(project: Path, browser: Any) -> None:
    from playwright.sync_api import expect

    cure = {**BASE_RULE, "id": "house.cure", "kind": "existence", "phrases": ["miracle cure"]}  # category: other
    (project / "house" / "rules.yaml").write_text(dump([*PROJECT_RULES, cure]), encoding="utf-8")
    (project / "articles" / "cure.md").write_text("# Cure\n\nA miracle cure.\n", encoding="utf-8")
    report = write_report(project, "articles")
    page, errors = open_report(browser, report)
    page.goto(f"{report.as_uri()}#tab=articles&article=articles/cure.md")
    page.wait_for_selector("#article-text[data-article='articles/cure.md']")
    marks = page.locator("#article-text mark")
    assert marks.all_inner_texts() == ["miracle", " cure"]
    assert marks.first.get_attribute("data-f") == "0 1" and marks.first.get_attribute("class") == "error"
    marks.first.click()
    expect(page.locator("#details h2")).to_have_text("warning house.cure")
    assert page.locator("mark.selected").all_inner_texts() == ["miracle", " cure"]
    marks.first.click()
    expect(page.locator("#details h2")).to_have_text("error house.miracle")
    assert page.locator("mark.selected").all_inner_texts() == ["miracle"]
    marks.first.click()
    expect(page.locator("#details h2")).to_have_text("warning house.cure")
    assert errors == []


def download_decisions(page: Any) -> dict[str, Any]:
    with page.expect_download() as download:
        page.click("#download-decisions")
    assert download.value.suggested_filename == "healthlint-decisions.json"
    document: dict[str, Any] = json.loads(Path(download.value.path()).read_text("utf-8"))
    return document


def test_a_finding_marked_false_positive_is_kept_on_reload_filtered_and_downloaded(project: Path, browser: Any) -> None:
    from playwright.sync_api import expect

    report = write_report(project, "articles")
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page, errors = open_report(browser, report, context)
    expect(page.locator("#decision-counts")).to_have_text("3 undecided · 0 reviewed · 0 false positive")
    page.fill("#reviewer", "Ann Lee")  # kept in this browser for every report
    page.goto(f"{report.as_uri()}#tab=findings")
    page.click("#findings tbody tr:first-child td:nth-child(7)")  # house.miracle in bad.md
    expect(page.locator("#details h2")).to_have_text("error house.miracle")
    page.click("#decision button[data-status=false-positive]")
    page.fill("#decision-note", "The name of a study, quoted.")
    expect(page.locator("#decision-counts")).to_have_text("2 undecided · 0 reviewed · 1 false positive")
    expect(page.locator("#article-text mark.false-positive")).to_have_text("miracle")
    page.click("button[data-tab=findings]")
    page.select_option("#findings tbody tr:nth-child(3) select.decide", "reviewed")  # warn.txt, from the table
    expect(page.locator("#decision-counts")).to_have_text("1 undecided · 1 reviewed · 1 false positive")
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("#decision-counts")).to_have_text("1 undecided · 1 reviewed · 1 false positive")
    assert page.locator("select.decide").evaluate_all("all => all.map((s) => s.value)") == [
        "false-positive", "", "reviewed"]  # fmt: skip
    page.select_option("#f-decision", "false-positive")
    expect(page.locator("#findings tbody tr")).to_have_count(1)
    assert "decision=false-positive" in page.url
    page.click("#findings tbody tr td:nth-child(7)")
    expect(page.locator("#decision-note")).to_have_value("The name of a study, quoted.")
    expect(page.locator("#decision button[aria-pressed=true]")).to_have_text("False positive")
    screenshot(page, "audit-report-decisions.png")
    document = download_decisions(page)
    assert document["version"] == 1 and document["generated_by"].startswith("healthlint ")
    decided = [{key: value for key, value in entry.items() if key not in ("fingerprint", "at")}
               for entry in document["decisions"]]  # fmt: skip
    assert decided == [
        {"path": "articles/bad.md", "rule": "house.miracle", "match": "miracle", "line": 3, "status": "false-positive",
         "note": "The name of a study, quoted.", "by": "Ann Lee"},
        {"path": "articles/warn.txt", "rule": "house.safe", "match": "generally safe", "line": 1, "status": "reviewed",
         "note": "", "by": "Ann Lee"},
    ]  # fmt: skip
    assert all(len(entry["fingerprint"]) == 20 and entry["at"].startswith("20") for entry in document["decisions"])
    # the download is what `audit` and `check` read
    (project / "healthlint-decisions.json").write_text(json.dumps(document), encoding="utf-8")
    result = CliRunner().invoke(cli, ["audit", "--decisions", "healthlint-decisions.json", "articles"])
    assert result.stdout.rstrip().endswith(": 1 reviewed, 1 marked false positive, 0 decisions no longer match a "
                                           "finding.")  # fmt: skip
    result = CliRunner().invoke(cli, ["check", "--decisions", "healthlint-decisions.json", "articles/bad.md"])
    assert "house.safe" in result.stdout and "house.miracle" not in result.stdout
    # another report, in the same browser, has decisions of its own
    assert CliRunner().invoke(cli, ["audit", "--report", "other.html", "articles"]).exit_code == 0
    other, other_errors = open_report(browser, project / "other.html", context)
    expect(other.locator("#decision-counts")).to_have_text("3 undecided · 0 reviewed · 0 false positive")
    expect(other.locator("#reviewer")).to_have_value("Ann Lee")
    context.close()
    assert errors == [] and other_errors == []


def test_a_report_built_with_decisions_shows_them_editable_and_exports_them_again(project: Path, browser: Any) -> None:
    from playwright.sync_api import expect

    assert CliRunner().invoke(cli, ["audit", "--json", "audit.json", "articles"]).exit_code == 0
    miracle = json.loads((project / "audit.json").read_text("utf-8"))["findings"][0]
    (project / "articles" / "later.md").write_text("A miracle.\n", encoding="utf-8")
    elsewhere = {"fingerprint": "0" * 20, "path": "articles/later.md", "rule": "house.miracle", "match": "miracle",
                 "line": 1, "status": "reviewed", "note": "", "at": "2026-11-30T09:00:00.000Z"}  # fmt: skip
    first = {**{key: miracle[key] for key in ("fingerprint", "path", "rule", "match", "line")}, "by": "Ann Lee",
             "status": "false-positive", "note": "A quotation.", "at": "2026-12-01T10:00:00.000Z"}  # fmt: skip
    decisions = {"version": 1, "generated_by": "healthlint", "decisions": [first, elsewhere]}
    (project / "decisions.json").write_text(json.dumps(decisions), encoding="utf-8")
    report = write_report(project, "--decisions", "decisions.json", "articles/bad.md", "articles/warn.txt")
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page, errors = open_report(browser, report, context)
    expect(page.locator("#decision-counts")).to_have_text("2 undecided · 0 reviewed · 1 false positive")
    expect(page.locator("#decisions-note")).to_have_text("read from decisions.json")
    page.goto(f"{report.as_uri()}#tab=findings&decision=false-positive")
    expect(page.locator("#findings tbody tr")).to_have_count(1)
    assert page.locator("#findings tbody select.decide").input_value() == "false-positive"
    screenshot(page, "audit-report-decisions-table.png")
    page.click("#findings tbody tr td:nth-child(7)")
    expect(page.locator("#decision-note")).to_have_value("A quotation.")
    expect(page.locator("#decision-by")).to_have_text("Decided by Ann Lee on 2026-12-01")
    page.click("#decision button[data-status=reviewed]")  # a newer decision wins over the file's
    expect(page.locator("#decision-counts")).to_have_text("2 undecided · 1 reviewed · 0 false positive")
    exported = download_decisions(page)["decisions"]
    # later.md was not audited: its decision is kept as the file had it
    assert [(e["path"], e["status"], e["note"]) for e in exported] == [
        ("articles/bad.md", "reviewed", "A quotation."), ("articles/later.md", "reviewed", ""),
    ]  # fmt: skip
    assert exported[1] == elsewhere
    page.click("#decision button[data-status='']")  # cleared here: stays cleared over the file's decision
    # the clear is shown (and stored) before the page is read again, as the other reload tests wait
    expect(page.locator("#decision-counts")).to_have_text("3 undecided · 0 reviewed · 0 false positive")
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("#decision-counts")).to_have_text("3 undecided · 0 reviewed · 0 false positive")
    assert [e["path"] for e in download_decisions(page)["decisions"]] == ["articles/later.md"]
    context.close()
    assert errors == []


def test_the_same_text_twice_in_a_sentence_is_decided_finding_by_finding(project: Path, browser: Any) -> None:
    """The two findings share a fingerprint (same rule, text and sentence); a decision is of one."""
    from playwright.sync_api import expect

    (project / "articles" / "twice.md").write_text("# T\n\nA miracle, a miracle.\n", encoding="utf-8")
    report = write_report(project, "articles/twice.md")
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page, errors = open_report(browser, report, context)
    page.goto(f"{report.as_uri()}#tab=findings")
    page.select_option("#findings tbody tr:nth-child(2) select.decide", "false-positive")
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("#decision-counts")).to_have_text("1 undecided · 0 reviewed · 1 false positive")
    assert page.locator("select.decide").evaluate_all("all => all.map((s) => s.value)") == ["", "false-positive"]
    (exported,) = download_decisions(page)["decisions"]
    assert (exported["line"], exported["match"], exported["status"]) == (3, "miracle", "false-positive")
    context.close()
    assert errors == []
