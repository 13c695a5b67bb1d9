"""Text from articles and file names cannot act on a terminal or a CI runner: no control
character, no new line, no GitHub workflow command, in any line healthlint prints."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint.cli import cli
from lint.printable import printable
from tests.conftest import BASE_RULE, PROJECT_RULES, dump

# a title that ends the line, starts a workflow command, erases lines and flips the text
HOSTILE = "soon\n::error file=README.md,line=1::Injected\r\x1b[2K\x1b[1A\x00\x7f\x85\u2028\u202e ##[add-mask]the"
TITLE_RULE = {
    **BASE_RULE, "id": "house.title", "kind": "metadata", "fields": ["title"], "pattern": "[A-Za-z ]+",
    "message": "Title '{value}' {problem}.",
}  # fmt: skip


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# a workflow command of the github format: properties hold no colon, so `::` ends them
ANNOTATION = re.compile(r"::(error|warning|notice) [^:]+::.*")


def assert_inert(output: str) -> None:
    """One line per line break, nothing a terminal acts on, no workflow command but healthlint's
    own annotations."""
    assert [c for c in output if unicodedata.category(c) == "Cc" and c != "\n"] == []
    assert not set(output) & {"\u2028", "\u2029", "\u202e"}
    lines = output.split("\n")
    assert lines in (output.splitlines(), [*output.splitlines(), ""])
    for line in lines:
        assert "##[" not in line and (not line.lstrip().startswith("::") or ANNOTATION.fullmatch(line)), line


@pytest.fixture
def hostile(project: Path) -> Path:
    (project / "house" / "rules.yaml").write_text(dump([*PROJECT_RULES, TITLE_RULE]), encoding="utf-8")
    (project / "articles" / "hostile.md").write_text(
        f"---\ntitle: {json.dumps(HOSTILE)}\n---\n# T\n\nA miracle\x1b[2K ##[error]x\u202e miracle.\n", "utf-8"
    )
    return project


def test_printable_escapes_what_a_terminal_or_runner_would_act_on() -> None:
    assert printable("a\nb\r\tc\x00\x1b[2K\x7f\x85\x9b") == "a\\nb\\r\\tc\\x00\\x1b[2K\\x7f\\x85\\x9b"
    unseen = "\u2028\u2029\u202e\u2066\u200f\u061c\udce9"  # separators, bidi controls, a lone surrogate
    assert printable(unseen) == unseen.encode("unicode_escape").decode("ascii")
    assert printable("x ##[set-output name=a]b") == "x ##\\x5bset-output name=a]b"
    assert printable("  ::error::x", starts_line=True) == "  \\x3a:error::x"
    assert printable("a::b ::c", starts_line=True) == "a::b ::c" and printable("::c") == "::c"
    plain = "Café 😀 — “quoted” ‘text’ \u00a0nbsp, zero\u200dwidth joiner, [1] # ## [x]"
    assert printable(plain, starts_line=True) == plain


def test_every_control_separator_bidi_mark_and_surrogate_is_escaped() -> None:
    ranges = [(0x00, 0x1F), (0x7F, 0x9F), (0x61C, 0x61C), (0x200E, 0x200F), (0x2028, 0x202E), (0x2066, 0x2069),
              (0xD800, 0xDFFF)]  # fmt: skip
    unseen = [chr(code) for low, high in ranges for code in range(low, high + 1)]
    assert [char for char in unseen if printable(f"a{char}b") == f"a{char}b"] == []


@pytest.mark.usefixtures("hostile")
@pytest.mark.parametrize("output_format", ["text", "github"])
def test_findings_print_article_text_escaped(output_format: str) -> None:
    code, out, err = run("check", "--format", output_format, "articles/hostile.md")
    assert code == 1, err
    assert_inert(out)
    assert "soon\\n::error file=README.md" in out.replace("%25", "%")
    if output_format == "github":  # every line is one annotation, and the summary
        assert [line.split(" ")[0] for line in out.splitlines()] == ["::warning", "::error", "::error", "healthlint:"]


@pytest.mark.usefixtures("hostile")
def test_the_source_line_is_escaped_and_the_marks_stay_under_the_match() -> None:
    lines = run("check", "articles/hostile.md")[1].splitlines()
    at = [i for i, line in enumerate(lines) if line.startswith(" 6 |")][1]  # the second 'miracle' on line 6
    source, marks = lines[at], lines[at + 1]
    assert source == " 6 | A miracle\\x1b[2K ##\\x5berror]x\\u202e miracle."
    assert marks.index("^") == source.rindex("miracle") and marks.count("^") == len("miracle")


@pytest.mark.usefixtures("hostile")
def test_gitlab_descriptions_are_one_printable_line() -> None:
    issues = json.loads(run("check", "--format", "gitlab", "articles/hostile.md")[1])
    assert_inert("\n".join(issue["description"] for issue in issues))


def test_file_names_are_escaped_in_findings_and_on_stderr(project: Path) -> None:
    named = project / "articles" / "x\n::error file=README.md::Injected\x1b[2K.md"
    named.write_text("A miracle.\n", encoding="utf-8")
    (project / "articles" / "latin1\n::error::Injected.md").write_bytes("Caf\xe9 miracle\n".encode("latin-1"))
    for output_format in ("text", "github"):
        code, out, err = run("check", "--format", output_format, "articles")
        assert code == 2
        assert_inert(out)
        assert_inert(err)
        assert "x\\n::error file=README.md::Injected\\x1b[2K.md" in out.replace("%3A", ":").replace("%2C", ",")
        assert "latin1\\n::error::Injected.md:1: not valid utf-8" in err


@pytest.mark.usefixtures("project")
def test_a_file_name_that_starts_with_a_command_does_not_start_a_line_with_it() -> None:
    Path("::error::Injected.md").write_text("A miracle.\n", encoding="utf-8")
    out = run("check", "::error::Injected.md")[1]
    assert out.startswith("\\x3a:error::Injected.md:1:3: error house.miracle")
    assert_inert(out)


@pytest.mark.usefixtures("project")
def test_error_messages_of_the_command_line_are_escaped() -> None:
    code, _, err = run("check", "--config", "c\n::error::x\x1b[2K.yaml", "articles")
    assert code == 2
    assert err == "healthlint: error: c\\n::error::x\\x1b[2K.yaml: config file not found\n"


def test_audit_summary_escapes_paths_and_author_names(hostile: Path) -> None:
    (hostile / "articles" / "byline.md").write_text(
        f"---\nauthor: {json.dumps('::error::' + HOSTILE)}\n---\nA miracle.\n", "utf-8"
    )
    code, out, err = run("audit", "articles")
    assert code == 0, err
    assert_inert(out)
    assert "\\x3a:error::soon\\n::error file=README.md" in out
