"""Bad input of every kind: a clear one-line message naming the file, a documented exit code,
the other files still checked, never a traceback or a hang. docs/robustness.md lists them."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import regex
from click.testing import CliRunner

from lint.checks import base
from lint.checks.base import Environment
from lint.cli import cli
from lint.engine import Selection, lint_document, lint_text
from lint.markup import parse
from lint.ruleset import Rule, load_paths, packs_dir
from tests.conftest import PROJECT_RULES, MakeRule, deny_reading, dump

GOOD = "# Fine\n\nA miracle here.\n"


def check(*args: str) -> tuple[int, list[dict[str, object]], str]:
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--no-cache", *args], catch_exceptions=False)
    assert "Traceback" not in result.stderr
    return result.exit_code, json.loads(result.stdout or "[]"), result.stderr


def write(project: Path, name: str, data: bytes) -> Path:
    path = project / "articles" / name
    path.write_bytes(data)
    return path


# --- encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bom.md", codecs.BOM_UTF8 + b"A miracle.\n"),
        ("utf16le.md", codecs.BOM_UTF16_LE + "A miracle.\n".encode("utf-16-le")),
        ("utf16be.md", codecs.BOM_UTF16_BE + "A miracle.\n".encode("utf-16-be")),
    ],
)
def test_byte_order_marks_are_decoded(project: Path, name: str, data: bytes) -> None:
    write(project, name, data)
    code, findings, _ = check(f"articles/{name}")
    assert code == 1 and [(f["line"], f["column"], f["match"]) for f in findings] == [(1, 3, "miracle")]


def test_latin1_is_a_clear_error_and_the_other_files_still_run(project: Path) -> None:
    write(project, "latin1.md", "Caf\xe9 miracle\n".encode("latin-1"))
    code, findings, err = check("articles")
    assert code == 2
    assert "articles/latin1.md:1: not valid utf-8 (byte 0xe9 at offset 3); pass --encoding" in err
    assert {f["path"] for f in findings} == {"articles/bad.md", "articles/warn.txt"}
    code, findings, _ = check("--encoding", "cp1252", "articles/latin1.md")
    assert code == 1 and findings[0]["match"] == "miracle"


def test_binary_files_are_an_error_not_skipped_silently(project: Path) -> None:
    write(project, "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\xff")
    code, _, err = check("articles/image.md", "articles/clean.md")
    assert code == 2 and "articles/image.md: binary data (NUL bytes, and bytes that are not valid utf-8)" in err


# --- shapes --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t\n",
        "```\nunclosed fence with a miracle\n",
        "---\ntitle: never closed\nA miracle.\n",
        "> " * 200 + "deep quote miracle\n",
        "".join("  " * i + "- item\n" for i in range(200)),
        "# h\n" * 10_000,
        "A\u0301 combining e\u0301 and emoji 😀 before a miracle.\n",
        "tab\there\ta miracle\r\nmixed\rline\nendings miracle\n",
    ],
    ids=[
        "empty",
        "whitespace",
        "unclosed-fence",
        "unclosed-front-matter",
        "deep-quotes",
        "deep-lists",
        "10k-headings",
        "combining-emoji",
        "tabs-mixed-endings",
    ],
)
def test_odd_shapes_never_break_spans(make_rule: MakeRule, text: str) -> None:
    rule = make_rule(kind="existence", phrases=["miracle"])
    for path in ("a.md", "a.txt", "a.html"):
        for finding in lint_text(path, text, [rule]):
            assert text[finding.start : finding.end] == finding.match


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("---\n: bad: [\n---\nText.\n", "front matter is not valid YAML"),
        ("---\n- a\n---\nText.\n", "must be a mapping"),
    ],
)
def test_bad_front_matter_names_the_file_and_line(project: Path, front: str, message: str) -> None:
    write(project, "front.md", front.encode())
    code, _, err = check("articles/front.md")
    assert code == 2 and err.startswith("healthlint: articles/front.md:2:") and message in err


def test_columns_count_characters_not_bytes(project: Path) -> None:
    write(project, "wide.md", "é😀\tA miracle.\n".encode())
    _, (finding,), _ = check("articles/wide.md")
    assert (finding["column"], finding["end_column"]) == (6, 13)  # é, 😀 and the tab are one column each


def test_cr_only_line_endings_keep_lines_exact(project: Path) -> None:
    write(project, "cr.md", b"One.\r\rTwo.\r\rA miracle.\r")
    _, (finding,), _ = check("articles/cr.md")
    assert (finding["line"], finding["column"]) == (5, 3)


# --- files ---------------------------------------------------------------------------------------


def test_a_directory_without_articles_is_a_message_and_exit_0(project: Path) -> None:
    (project / "empty").mkdir()
    code, _, err = check("empty")
    assert code == 0 and "no articles found to check" in err


def test_an_unreadable_file_is_an_error_for_that_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deny_reading(monkeypatch, "bad.md")
    code, findings, err = check("articles")
    assert code == 2 and "articles/bad.md: cannot read: Permission denied" in err
    assert {f["path"] for f in findings} == {"articles/warn.txt"}


def test_a_file_deleted_during_the_run(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import lint.runner

    real = lint.runner.read_bytes

    def vanish(path: Path, max_bytes: int | None = None) -> bytes:
        if path.name == "bad.md":
            path.unlink()
        return real(path, max_bytes)

    monkeypatch.setattr(lint.runner, "read_bytes", vanish)
    code, findings, err = check("articles")
    assert code == 2 and "articles/bad.md: no such file" in err and findings


def test_symlinks_are_not_followed_when_walking(project: Path, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "elsewhere.md").write_text("A miracle.\n", encoding="utf-8")
    (project / "articles" / "link-out").symlink_to(outside, target_is_directory=True)
    (project / "articles" / "loop").symlink_to(project / "articles", target_is_directory=True)
    (project / "articles" / "file-link.md").symlink_to(outside / "elsewhere.md")
    _, findings, _ = check("articles")
    assert {f["path"] for f in findings} == {"articles/bad.md", "articles/warn.txt"}


# --- configuration -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("packs: [nope]\n", "unknown pack 'nope'"),
        ("packs: []\nrules: [missing/]\n", "rule path not found"),
        ("packs: []\nrules: [house/]\nauthors: nobody.yaml\n", "authors registry not found"),
    ],
)
def test_config_naming_something_missing(project: Path, config: str, message: str) -> None:
    (project / ".healthlint.yaml").write_text(config, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "articles"])
    assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1


# --- cost stays linear ---------------------------------------------------------------------------


def _ratio(rules: list[Rule], small: str, large: str, path: str = "a.md") -> float:
    """Time of `large` over time of `small`, each the fastest of seven runs taken in turns
    without the garbage collector, in processor time: load from other processes and GC passes
    over a growing heap only ever add time, and it is the algorithm's cost being measured."""
    import gc

    best = {small: float("inf"), large: float("inf")}
    lint_text(path, small, rules)  # warm up: compile the patterns
    for _ in range(7):
        for text in (small, large):
            gc.collect()
            gc.disable()
            try:
                started = time.process_time()
                lint_text(path, text, rules)
                best[text] = min(best[text], time.process_time() - started)
            finally:
                gc.enable()
    return best[large] / best[small]


@pytest.mark.parametrize(
    "unit",
    [
        "It is generally safe and a miracle cure, studies show. ",  # one huge paragraph, many matches
        "Short sentence. ",  # thousands of sentences
        "- item miracle\n",  # thousands of list items
        "Dr. Smith, MD, says the drug helps.\n\n",  # thousands of paragraphs, each a match
    ],
    ids=["huge-paragraph", "many-sentences", "many-items", "many-paragraphs"],
)
def test_doubling_the_input_roughly_doubles_the_time(make_rule: MakeRule, unit: str) -> None:
    rules = [
        make_rule(id="t.miracle", kind="existence", phrases=["miracle"]),
        make_rule(id="t.safe", kind="proximity", phrases=["generally safe"], unless={"matchers": ["citation"]},
                  window={"before": 2, "after": 2}),
        make_rule(id="t.section", kind="proximity", phrases=["studies show"], unless={"phrases": ["[1]"]},
                  window="section"),
        # an open-ended middle: its screen is searched once per paragraph, and must not run on to
        # the end of the text each time to find where its match would end
        make_rule(id="t.doctor", kind="existence", patterns=[r"(?s)\bDr\.\s+\p{Lu}.*?,\s+MD\b"]),
    ]  # fmt: skip
    ratio = _ratio(rules, unit * 2000, unit * 4000)
    print(f"\n{unit[:20]!r}: 2x input took {ratio:.2f}x the time")
    assert ratio < 3.0, ratio


DIRECTIVE = "<!-- healthlint-disable-next-line t.miracle -- {} because -->\nA miracle.\n"


@pytest.mark.parametrize(
    ("path", "make"),
    [
        pytest.param("a.txt", lambda n: " " * 40 * n + "\n\nA miracle.\n", id="blank-line"),
        pytest.param("a.txt", lambda n: "<!--" * 20 * n, id="unclosed-comments"),
        pytest.param("a.md", lambda n: DIRECTIVE.format(" " * 80 * n), id="reason-of-spaces-md"),
        pytest.param("a.txt", lambda n: DIRECTIVE.format(" " * 80 * n), id="reason-of-spaces-txt"),
        pytest.param("a.md", lambda n: DIRECTIVE.replace("t.miracle", " ".join(map(str, range(20 * n)))), id="names"),
        pytest.param("a.md", lambda n: DIRECTIVE * n, id="directives"),
        pytest.param("a.md", lambda n: "<!-- healthlint-disable t.miracle -->\n\n" * n, id="open-blocks"),
        pytest.param("a.md", lambda n: "Dr. " * 10 * n, id="abbreviations"),  # one sentence kept open
        pytest.param("a.md", lambda n: "." * 20 * n + " a", id="dots"),  # punctuation that ends no sentence
        pytest.param("a.md", lambda n: 'a "miracle" or not, ' * 10 * n, id="one-long-sentence"),  # many matches
    ],
)
def test_doubling_odd_input_roughly_doubles_the_time(
    make_rule: MakeRule, path: str, make: Callable[[int], str]
) -> None:
    # the filters look at each match's sentence
    filters = {"exceptions": [r"miracle\s+whip"], "negation": "skip", "quotes": "skip"}
    rules = [make_rule(id="t.miracle", kind="existence", phrases=["miracle"], **filters)]
    ratio = _ratio(rules, make(1000), make(2000), path)
    print(f"\n{make(1)[:20]!r}: 2x input took {ratio:.2f}x the time")
    assert ratio < 3.0, ratio


# --- time limits ---------------------------------------------------------------------------------


def test_a_rules_time_limit_bounds_its_total_on_a_file(make_rule: MakeRule, monkeypatch: pytest.MonkeyPatch) -> None:
    # each paragraph alone takes a small part of the limit; all of them, several times it
    monkeypatch.setattr(base, "PATTERN_TIMEOUT_SECONDS", 0.2)
    monkeypatch.setattr(base, "PATTERN_SECONDS_PER_MILLION_CHARACTERS", 0.0)
    slow = make_rule(id="t.slow", kind="existence", patterns=["(a+)+$"])
    selection = Selection((slow,), {}, lambda rule, name: rule == name, lambda name: name == "t.slow")
    result = lint_document(parse("a.md", ("a" * 200 + "b\n\n") * 60), selection, Environment())
    assert result.findings == []
    (error,) = result.errors
    assert error.startswith("a.md: rule t.slow: a pattern took too long and was stopped")


def test_the_deadline_clock_is_never_behind_processor_time() -> None:
    # it reads the system clock only now and then, adding the wall time since: a bound from above
    for _ in range(2000):
        before = time.process_time()
        assert base.processor_time() >= before
        sum(range(200))  # some work between readings


def test_a_forked_worker_reads_its_own_processor_time() -> None:
    base.processor_time()  # a recent reading in the parent, which a child must not inherit
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe and exits
        os.write(write, repr(base.processor_time() - time.process_time()).encode())
        os._exit(0)
    os.waitpid(child, 0)
    os.close(write)
    ahead = float(os.read(read, 100).decode())
    assert abs(ahead) < 0.01  # its own reading, not the parent's processor time (seconds, in a test run)


@pytest.mark.parametrize("pattern", [r"a*", r"|a", r"a??", r"\b", r"\Gb*|a", r"(?<=b)a*", r"(?r)a*", r"(?V1)|a"])
@pytest.mark.parametrize("renew_after", [-1.0, 60.0], ids=["new-scanner-each-match", "one-scanner"])
def test_timed_search_finds_what_finditer_finds(
    monkeypatch: pytest.MonkeyPatch, pattern: str, renew_after: float
) -> None:
    # a scanner replaced between matches resumes as finditer does, past empty matches too
    monkeypatch.setattr(base, "_RENEW_AFTER_SECONDS", renew_after)
    compiled = regex.compile(pattern)
    for text in ("baab a", "aa\nb", "", "ab ba  aab"):
        for start, end in ((0, len(text)), (1, len(text) - 1)):
            expected = [m.span() for m in compiled.finditer(text, start, end)]
            assert [m.span() for m in base.timed_finditer(compiled, text, start, end)] == expected


def test_a_four_megabyte_paragraph_of_claims_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    # the limit grows with the document: even with a base limit far below what the rule needs
    # on four megabytes, the rule runs to the end
    monkeypatch.setattr(base, "PATTERN_TIMEOUT_SECONDS", 0.05)
    (rule,) = [r for r in load_paths([packs_dir() / "claims-evidence"]) if r.id == "claims.cure-or-guarantee"]
    claim = "This ancient root cures arthritis in weeks, and it is safe for everyone. "
    count = 4_000_000 // len(claim)
    selection = Selection((rule,), {}, lambda rule_id, name: rule_id == name, lambda name: True)
    result = lint_document(parse("a.md", claim * count), selection, Environment())
    assert result.errors == []
    assert len(result.findings) == count


def test_a_one_megabyte_line_of_bylines_is_checked() -> None:
    # one heading line is one sentence: the rule's exceptions once rescanned it for each match
    (rule,) = [r for r in load_paths([packs_dir() / "author-credentials"]) if r.id == "credentials.unconfirmed-claim"]
    byline = "By Editorial Team, RN "  # a credential nobody can look up: reported with or without a registry
    count = 1_000_000 // len(byline)
    selection = Selection((rule,), {}, lambda rule_id, name: rule_id == name, lambda name: True)
    result = lint_document(parse("a.md", byline * count), selection, Environment())
    assert result.errors == []
    assert len(result.findings) == count


@pytest.mark.parametrize(
    ("pack", "rule_id", "claim"),
    [
        ("claims-evidence", "claims.safety-without-evidence", "it is generally safe and "),
        ("claims-evidence", "claims.unsupported-efficacy", "it relieves migraines and "),
        ("supplements-fda", "supplements.disease-claim", "this supplement cures arthritis and "),
        ("safe-messaging", "safe-messaging.eating-disorder-numbers", "I weighed 90 lbs and "),
    ],
)
def test_a_long_sentence_of_claims_is_checked(pack: str, rule_id: str, claim: str) -> None:
    # 200,000 characters in one sentence: each match once read on to the sentence's end or
    # back to its start (a lookahead for a question mark, lookarounds for the topic, named in
    # the title, a sentence-wide exception)
    (rule,) = [r for r in load_paths([packs_dir() / pack]) if r.id == rule_id]
    count = 200_000 // len(claim)
    selection = Selection((rule,), {}, lambda rule_id, name: rule_id == name, lambda name: True)
    result = lint_document(parse("a.md", "# Anorexia: my anorexia story\n\n" + claim * count), selection, Environment())
    assert result.errors == []
    assert len(result.findings) == (1 if rule.kind == "claim" else count)  # a claim is one finding per sentence


def test_a_metadata_pattern_is_stopped_like_any_other(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "PATTERN_TIMEOUT_SECONDS", 0.2)
    rule = {**PROJECT_RULES[0], "id": "house.doi", "kind": "metadata", "fields": ["doi"], "required": False,
            "pattern": "(a|a)+b"}  # fmt: skip
    del rule["phrases"]
    (project / "house" / "doi.yaml").write_text(dump([rule]), encoding="utf-8")
    write(project, "doi.md", b"---\ndoi: " + b"a" * 26 + b"\n---\n# T\n\nText.\n")
    code, findings, err = check("articles")
    assert code == 2
    (line,) = err.strip().splitlines()
    assert "articles/doi.md: rule house.doi: a pattern took too long and was stopped" in line
    assert line.endswith(f"({project / 'house' / 'doi.yaml'}:1)")
    assert {f["path"] for f in findings} == {"articles/bad.md", "articles/warn.txt"}


# --- determinism ---------------------------------------------------------------------------------


def test_output_does_not_depend_on_the_locale(project: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    outputs = set()
    for locale in ("C", "C.UTF-8", "tr_TR.UTF-8"):
        done = subprocess.run([sys.executable, "-m", "lint", "check", "--format", "json", "--no-cache", "articles"],
                              capture_output=True, text=True, env={**env, "LC_ALL": locale, "LANG": locale},
                              check=False)  # fmt: skip
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_an_article_over_the_size_limit_is_an_error_not_a_hang(project: Path) -> None:
    big = project / "articles" / "huge.md"
    with big.open("wb") as handle:
        handle.write(b"A miracle. " * 5_000_000)  # 55 MB, one line
    started = time.perf_counter()
    code, findings, err = check("articles")
    assert time.perf_counter() - started < 30
    assert code == 2 and "articles/huge.md: 55.0 MB is over the 20 MB limit; not checked" in err
    assert {f["path"] for f in findings} == {"articles/bad.md", "articles/warn.txt"}


def test_a_one_megabyte_line_is_checked(project: Path) -> None:
    write(project, "long-line.md", b"word " * 200_000 + b"a miracle\n")
    code, findings, _ = check("articles/long-line.md")
    assert code == 1 and [(f["line"], f["column"]) for f in findings] == [(1, 1_000_003)]
