"""lint.runner: a file read from disk and the same text handed over (an editor's buffer) give the
same result."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint.checking import CheckOptions, Project
from lint.files import Reading
from lint.runner import check_file, check_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", ["supplement-turmeric-shop.md", "clinic-page-acupuncture.html",
                                  "news-ashwagandha-study.txt"])  # fmt: skip
def test_check_text_gives_what_check_file_gives(name: str) -> None:
    project = Project.open(CheckOptions(no_config=True))
    path = ROOT / "fixtures" / name
    from_disk = check_file(path, project.selector, project.env, Reading())
    from_editor = check_text(path, path.read_text(encoding="utf-8"), project.selector, project.env)
    assert from_disk.findings and from_editor.findings == from_disk.findings
    assert (from_editor.path, from_editor.errors, from_editor.source) == (from_disk.path, [], from_disk.source)


def test_check_text_never_raises() -> None:
    project = Project.open(CheckOptions(no_config=True))
    result = check_text(Path("odd.md"), "A miracle cure \ud800.\n", project.selector, project.env)
    assert result.findings == []
    (error,) = result.errors  # a lone surrogate, legal in an editor's JSON, makes the Markdown parser raise
    assert error.startswith("odd.md: cannot be checked: internal error (UnicodeEncodeError: ")
    assert error.endswith("surrogates not allowed); please report it")


def test_an_article_that_cannot_be_read_is_an_error_naming_its_line() -> None:
    project = Project.open(CheckOptions(no_config=True))
    result = check_text(Path("bad.md"), "---\ntitle: [unclosed\n---\n\nText.\n", project.selector, project.env)
    assert len(result.errors) == 1 and result.errors[0].startswith("bad.md:")
    assert "front matter is not valid YAML" in result.errors[0]
