"""A run never aborts on one file: whatever goes wrong with one article is one error line naming
it, exit 2, every other file still checked and every report still written (docs/robustness.md)."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lint.cli import cli
from lint.markup import parse as real_parse
from lint.markup.document import Document


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture
def exploding(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project's articles plus one whose parsing raises what a parser bug would raise."""
    (project / "articles" / "boom.md").write_text("# Boom\n\nA miracle.\n", encoding="utf-8")

    def parse(path: str, text: str) -> Document:
        if path.endswith("boom.md"):
            raise RecursionError("maximum recursion depth exceeded\nsecond line")
        return real_parse(path, text)

    monkeypatch.setattr("lint.runner.parse", parse)
    return project


BOOM = (
    "healthlint: articles/boom.md: cannot be checked: internal error "
    "(RecursionError: maximum recursion depth exceeded); please report it\n"
)


@pytest.mark.parametrize("output_format", ["json", "sarif", "junit", "text"])
def test_an_exception_on_one_file_is_one_line_and_the_report_is_still_written(
    exploding: Path, output_format: str
) -> None:
    result = run("check", "--no-cache", "--format", output_format, "-o", "report.out", "articles")
    assert result.exit_code == 2
    assert BOOM in result.stderr and result.stderr.count("boom.md") == 1
    report = (exploding / "report.out").read_text(encoding="utf-8")
    assert "articles/bad.md" in report and "articles/warn.txt" in report


def test_exit_zero_does_not_hide_a_file_that_could_not_be_checked(exploding: Path) -> None:
    assert run("check", "--no-cache", "--exit-zero", "articles").exit_code == 2


def test_parallel_workers_contain_the_exception_as_serial_runs_do(exploding: Path) -> None:
    for index in range(12):  # enough files for worker processes
        (exploding / "articles" / f"more{index}.md").write_text("It is generally safe.\n", encoding="utf-8")
    serial = run("check", "--no-cache", "--jobs", "1", "--format", "json", "articles")
    parallel = run("check", "--no-cache", "--jobs", "2", "--format", "json", "articles")
    assert serial.exit_code == parallel.exit_code == 2
    assert serial.stdout == parallel.stdout and len(json.loads(parallel.stdout)) > 12
    assert BOOM in parallel.stderr


def test_a_cached_run_contains_the_exception_too(exploding: Path) -> None:
    first, second = run("check", "--format", "json", "articles"), run("check", "--format", "json", "articles")
    assert first.exit_code == second.exit_code == 2
    assert BOOM in second.stderr and first.stdout == second.stdout


def test_audit_reports_are_still_written(exploding: Path) -> None:
    result = run("audit", "--no-cache", "--report", "audit.html", "--csv", "audit.csv", "articles")
    assert result.exit_code == 2 and BOOM in result.stderr
    assert "articles/bad.md" in (exploding / "audit.csv").read_text(encoding="utf-8")
    assert (exploding / "audit.html").stat().st_size > 0


# --- the reproductions of issue 11: never a traceback, the other files still checked ------------


def _malformed_docx() -> bytes:
    import io
    import zipfile

    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    broken = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, b"<w:document><w:body><w:p>" if item.filename == "word/document.xml" else data)
    return broken.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("marked-section.html", b"<p>x</p>\n<![0 x"),
        ("graph.html", b'<script type="application/ld+json">{"@graph": 5}</script><p>x</p>\n'),
        ("nested.html", b'<script type="application/ld+json">' + b"[" * 100_000 + b"</script><p>x</p>\n"),
        ("malformed.docx", None),
    ],
)
def test_documents_that_broke_a_parser_never_stop_the_run(project: Path, name: str, data: bytes | None) -> None:
    (project / "articles" / name).write_bytes(_malformed_docx() if data is None else data)
    result = run("check", "--no-cache", "--format", "json", "-o", "report.json", "articles")
    assert result.exit_code in (1, 2)  # 2 when the file is reported as an error
    assert {"articles/bad.md", "articles/warn.txt"} <= {f["path"] for f in json.loads(Path("report.json").read_text())}


# --- front matter ----------------------------------------------------------------------------------

CLAIM = "\n# Kratom\n\nKratom is generally safe.\n"


@pytest.mark.parametrize(
    "front",
    ["date: 2020-02-30", "date: 2020-01-01 25:61:00", "date: 2020-01-01 10:00:00 +99"],
)
def test_an_impossible_date_in_front_matter_is_reported_as_not_a_date(project: Path, front: str) -> None:
    (project / "articles" / "date.md").write_text(f"---\n{front}\n---{CLAIM}", encoding="utf-8")
    result = run("check", "--no-config", "--no-cache", "--format", "json", "articles/date.md")
    findings = {f["rule"]: f for f in json.loads(result.stdout)}
    assert result.exit_code == 1 and "claims.safety-without-evidence" in findings
    assert "is not a date" in findings["transparency.stale-date"]["message"]
    assert findings["transparency.stale-date"]["line"] == 2


@pytest.mark.parametrize("front", ["x: !!float abc", "x: !!int 0b2", "x: !!bool maybe", "title: A\0B\x01C"])
def test_a_value_that_is_not_of_its_type_stays_text(project: Path, front: str) -> None:
    (project / "articles" / "typed.md").write_text(f"---\n{front}\n---{CLAIM}", encoding="utf-8")
    result = run("check", "--no-cache", "--format", "json", "articles/typed.md")
    assert result.exit_code == 1 and [f["match"] for f in json.loads(result.stdout)] == ["generally safe"]


def _laughs() -> str:
    """Nine levels of nine aliases: 9**9 values once expanded."""
    levels = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
    return "\n".join([*levels, "date: *l8", "author: *l8"])


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("x: " + "[" * 100_000, "articles/front.md:2:103: front matter is not valid YAML: nested more than 100"),
        (
            "x:\n" + "".join(" " * i + "-\n" for i in range(1, 300)),
            "articles/front.md:102:101: front matter is not valid YAML: nested more",
        ),
        (_laughs(), "articles/front.md:2:1: front matter is not valid YAML: aliases expand it to more than 100,000"),
        ("a: &a [*a]", "front matter is not valid YAML: aliases expand"),
    ],
    ids=["100k-flow", "300-block", "billion-laughs", "cycle"],
)
def test_front_matter_too_deep_or_too_large_is_an_error_for_that_file(project: Path, front: str, message: str) -> None:
    (project / "articles" / "front.md").write_text(f"---\n{front}\n---{CLAIM}", encoding="utf-8")
    result = run("check", "--no-cache", "--format", "json", "articles")
    assert result.exit_code == 2 and message in result.stderr
    assert "articles/bad.md" in {f["path"] for f in json.loads(result.stdout)}


# --- NUL bytes, encodings ---------------------------------------------------------------------------


def test_a_stray_nul_is_text_and_the_article_is_checked(project: Path) -> None:
    (project / "articles" / "nul.md").write_bytes(b"<!--\x00-->\nKratom is generally safe.\n")
    result = run("check", "--no-cache", "--format", "json", "articles/nul.md")
    assert result.exit_code == 1 and [f["match"] for f in json.loads(result.stdout)] == ["generally safe"]
    assert result.stderr == ""


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",  # an image named .md
        random.Random(7).randbytes(8192),  # compressed or encrypted data
    ],
    ids=["png", "random"],
)
def test_binary_data_is_an_error_never_a_silent_pass(project: Path, data: bytes) -> None:
    (project / "articles" / "image.md").write_bytes(data)
    result = run("check", "--no-cache", "articles/image.md", "articles/clean.md")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "healthlint: articles/image.md: binary data (NUL bytes, and bytes that are not valid utf-8)"
    )


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        (None, b"\0" * 4000 + b"\n\nKratom is generally safe.\n"),  # padded with NULs to look binary
        (None, "# Kratom\n\nKratom is generally safe.\n".encode("utf-16-le")),  # UTF-16 without a byte-order mark
        ("latin-1", b"\x01\x02\x00" * 1000 + b"\n\nKratom is generally safe.\n"),  # controls galore, all decodable
    ],
    ids=["nul-padding", "utf16-without-bom", "latin1-controls"],
)
def test_text_that_decodes_is_checked_however_many_nuls_it_has(
    project: Path, encoding: str | None, data: bytes
) -> None:
    (project / "articles" / "padded.md").write_bytes(data)
    result = run("check", "--no-cache", "--format", "json", *(["--encoding", encoding] if encoding else []),
                 "articles/padded.md")  # fmt: skip
    findings = json.loads(result.stdout)
    assert result.exit_code == 1 and "house.safe" in {f["rule"] for f in findings}


def test_a_stray_nul_beside_a_byte_that_does_not_decode_is_an_error_not_a_skip(project: Path) -> None:
    (project / "articles" / "evade.md").write_bytes(b"Kratom is generally safe.\x00\xff\n")
    result = run("check", "--no-cache", "articles/evade.md")
    assert result.exit_code == 2 and "healthlint: articles/evade.md: binary data" in result.stderr


def test_utf16_without_a_bom_is_read_with_its_encoding(project: Path) -> None:
    (project / "articles" / "utf16.md").write_bytes("It is generally safe.\n".encode("utf-16-le"))
    result = run("check", "--no-cache", "--encoding", "utf-16-le", "--format", "json", "articles/utf16.md")
    assert result.exit_code == 1 and [f["match"] for f in json.loads(result.stdout)] == ["generally safe"]


@pytest.mark.parametrize("name", ["lone.md", "lone.html", "lone.txt"])
def test_a_lone_surrogate_from_the_encoding_is_an_error_naming_the_file(project: Path, name: str) -> None:
    (project / "articles" / name).write_bytes(b"# T\n\nIt is +2AA- generally safe.\n")  # UTF-7 for U+D800
    result = run("check", "--no-cache", "--encoding", "utf-7", "--format", "sarif", "-o", "out.sarif", "articles")
    assert result.exit_code == 2
    assert f"healthlint: articles/{name}:3: not valid utf-7: it decodes to U+D800, half of a surrogate pair" in (
        result.stderr
    )
    assert "articles/bad.md" in Path("out.sarif").read_text(encoding="utf-8")


# --- configuration, rule files, baselines -------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("today: 2020-02-30\n", "c.yaml:1:8: '2020-02-30' is not a valid date"),
        ("today: 2020-01-01 25:61:00\n", "c.yaml:1:8: '2020-01-01 25:61:00' is not a valid date"),
        ("fail_on: !!int 0b2\n", "c.yaml:1:10: '0b2' is not a valid integer"),
        ("select: " + "[" * 300 + "]" * 300 + "\n", "c.yaml:1:108: nested more than 100 levels deep"),
        ("select: " + "[" * 1_000_000 + "\n", "c.yaml:1:108: nested more than 100 levels deep"),
        (
            "select:\n" + "".join("  " * i + "-\n" for i in range(1, 300)),
            "c.yaml:101:201: nested more than 100 levels deep",
        ),
    ],
    ids=["bad-day", "bad-hour", "bad-int", "300-deep", "1m-deep", "300-deep-block"],
)
def test_a_bad_config_value_is_a_config_error_at_its_line(project: Path, config: str, message: str) -> None:
    Path("c.yaml").write_text(config, encoding="utf-8")
    result = run("check", "--config", "c.yaml", "articles")
    assert result.exit_code == 2 and result.stderr == f"healthlint: error: {message}\n"


def test_a_rule_file_nested_too_deep_is_a_rule_error(project: Path) -> None:
    Path("house/deep.yaml").write_text("- id: " + "[" * 100_000 + "\n", encoding="utf-8")
    result = run("check", "articles")
    assert result.exit_code == 2 and "house/deep.yaml:1:" in result.stderr and "nested more than 100" in result.stderr


@pytest.mark.parametrize(
    ("baseline", "message"),
    [
        ("[1,2]", "not a healthlint baseline (version 1 or 2 with a findings list)"),
        ("5", "not a healthlint baseline (version 1 or 2 with a findings list)"),
        ('{"version": 1, "findings": [{"fingerprint": "x"}]}', "not a healthlint baseline (version 1 or 2"),
        ("[" * 100_000 + "]" * 100_000, "not a healthlint baseline: nested too deeply"),
        ("[" + "1" * 5000 + "]", "not a healthlint baseline: Exceeds the limit (4300 digits)"),
    ],
    ids=["list", "number", "entry-without-path", "100k-deep", "5000-digits"],
)
def test_a_bad_baseline_is_one_line_naming_it(project: Path, baseline: str, message: str) -> None:
    Path("b.json").write_text(baseline, encoding="utf-8")
    result = run("check", "--baseline", "b.json", "articles")
    assert result.exit_code == 2 and result.stderr.startswith(f"healthlint: error: b.json: {message}")
    assert result.stderr.count("\n") == 1


# --- files with nothing to read ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("empty.md", ""),
        ("blank.txt", "   \n\t\r\n"),
        ("front-matter-only.md", "---\ntitle: Kratom is generally safe\ndate: 2001-01-01\n---\n"),
        ("comment-only.md", "<!-- Kratom is generally safe -->\n"),
        ("code-only.md", "```\nKratom is generally safe\n```\n"),
        ("script-only.html", "<html><body><script>var safe = 1;</script></body></html>\n"),
    ],
)
def test_a_file_without_prose_is_not_an_article(project: Path, name: str, text: str) -> None:
    (project / "articles" / name).write_text(text, encoding="utf-8")
    result = run("check", "--no-config", "--no-cache", "--format", "json", f"articles/{name}")
    assert (result.exit_code, json.loads(result.stdout), result.stderr) == (0, [], "")


def test_one_word_of_prose_is_an_article(project: Path) -> None:
    (project / "articles" / "word.md").write_text("<!-- a comment -->\nHello\n", encoding="utf-8")
    result = run("check", "--no-config", "--no-cache", "--format", "json", "articles/word.md")
    assert "transparency.missing-date" in {f["rule"] for f in json.loads(result.stdout)}


def test_a_worker_that_dies_costs_its_file_only(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for index in range(12):  # enough files for worker processes
        (project / "articles" / f"more{index}.md").write_text("It is generally safe.\n", encoding="utf-8")
    before = run("check", "--no-cache", "--jobs", "2", "--format", "json", "articles")
    for name in ("boom.md", "more5.md"):  # the second death happens with one worker left
        (project / "articles" / name).write_text("# Boom\n\nA miracle.\n", encoding="utf-8")

    def parse(path: str, text: str) -> Document:
        if path.endswith(("boom.md", "more5.md")):
            os._exit(9)  # as the kernel's out-of-memory killer or a crash in native code would
        return real_parse(path, text)

    monkeypatch.setattr("lint.runner.parse", parse)
    result = run("check", "--no-cache", "--jobs", "2", "--format", "json", "articles")
    assert result.exit_code == 2
    for name in ("boom.md", "more5.md"):
        assert (
            f"healthlint: articles/{name}: cannot be checked: the worker process checking it stopped" in result.stderr
        )
    expected = [f for f in json.loads(before.stdout) if f["path"] != "articles/more5.md"]
    assert json.loads(result.stdout) == expected


def test_a_codec_that_fails_without_a_position_is_an_error_naming_the_file(project: Path) -> None:
    result = run("check", "--no-cache", "--encoding", "punycode", "--format", "json", "articles/warn.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith("healthlint: articles/warn.txt: not valid punycode: decoding with 'punycode'")


def test_a_fix_the_article_encoding_cannot_hold_leaves_the_file_untouched(project: Path) -> None:
    from tests.conftest import BASE_RULE, dump

    swap = {
        **BASE_RULE,
        "id": "house.swap",
        "kind": "substitution",
        "category": "stigmatizing-language",
        "swap": {"suffers from": "lives with \u2014"},
        "examples": {"bad": ["She suffers from it.", "He suffers from it."], "good": ["Fine.", "Good."]},
    }
    Path("house/swap.yaml").write_text(dump([swap]), encoding="utf-8")
    original = "Caf\xe9: she suffers from it.\n".encode("latin-1")
    (project / "articles" / "latin1.md").write_bytes(original)
    result = run("check", "--no-cache", "--encoding", "latin-1", "--fix", "articles/latin1.md")
    assert result.exit_code == 2
    assert "healthlint: articles/latin1.md: a fix needs '\u2014', which latin-1 cannot encode; not overwritten" in (
        result.stderr
    )
    assert (project / "articles" / "latin1.md").read_bytes() == original


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('exclude: ["a/**/[z-a]"]\n', "c.yaml:1:11: exclude: 'a/**/[z-a]' is not a valid glob (bad character range"),
        ('include: ["*.md", "\\\\"]\n', "c.yaml:1:19: include: '\\\\' is not a valid glob"),
        ('overrides: [{files: ["x", "[b-a]"], select: [x]}]\n', "c.yaml:1:27: files: '[b-a]' is not a valid glob"),
    ],
)
def test_a_glob_that_does_not_compile_is_a_config_error_at_its_line(project: Path, config: str, message: str) -> None:
    Path("c.yaml").write_text(config, encoding="utf-8")
    result = run("check", "--config", "c.yaml", "articles")
    assert result.exit_code == 2 and result.stderr.startswith(f"healthlint: error: {message}")


def test_a_today_with_a_time_of_day_is_that_day(project: Path) -> None:
    Path("c.yaml").write_text("packs: [transparency-currency]\ntoday: 2030-01-01 10:00:00\n", encoding="utf-8")
    (project / "articles" / "dated.md").write_text("---\ndate: 2020-01-01\n---\nText.\n", encoding="utf-8")
    result = run("check", "--no-cache", "--config", "c.yaml", "--format", "json", "articles/dated.md")
    assert result.stderr == "" and "transparency.stale-date" in {f["rule"] for f in json.loads(result.stdout)}


def test_gitignore_patterns_git_never_matches_are_left_out(project: Path) -> None:
    (project / "articles" / ".gitignore").write_text("[z-a]\nwarn.txt\n\\\n", encoding="utf-8")
    result = run("check", "--no-cache", "--format", "json", "articles")
    assert result.exit_code == 1 and {f["path"] for f in json.loads(result.stdout)} == {"articles/bad.md"}


def test_a_file_name_that_is_not_utf8_is_checked_and_shown_escaped(project: Path) -> None:
    name = os.fsdecode(b"caf\xe9.md")
    (project / "articles" / name).write_text("# Kratom\n\nKratom is generally safe.\n", encoding="utf-8")
    for target in (f"articles/{name}", "articles"):
        result = run("check", "--no-cache", "--format", "json", target)
        paths = {f["path"] for f in json.loads(result.stdout)}
        assert result.exit_code == 1 and "articles/caf\\xe9.md" in paths, result.stderr
