"""Every fixture article produces exactly the findings recorded beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures_golden import FIXTURES, articles, expected_path, render


@pytest.mark.parametrize("article", articles(), ids=lambda p: p.name)
def test_fixture_findings_match_golden_file(article: Path) -> None:
    golden = expected_path(article)
    assert golden.exists(), f"{golden.name} is missing; run `python -m tests.fixtures_golden`"
    assert render(article) == golden.read_text(encoding="utf-8")


def test_fixtures_cover_markdown_and_plain_text() -> None:
    suffixes = {article.suffix for article in articles()}
    assert {".md", ".txt"} <= suffixes
    assert len(articles()) >= 12


def test_every_golden_file_has_an_article() -> None:
    for golden in FIXTURES.glob("*.expected"):
        assert golden.with_suffix("").exists(), f"{golden.name} has no article"
