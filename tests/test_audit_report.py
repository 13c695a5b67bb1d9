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


def open_report(browser: Any, path: Path) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: errors.append(f"network request: {request.url}")
            if not request.url.startswith(("file:", "data:")) else None)  # fmt: skip
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
    page.click("th[data-key=message]")
    page.click("#findings tbody tr")
    page.wait_for_selector("mark.selected")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "audit-report-large.png"))
    assert errors == []
