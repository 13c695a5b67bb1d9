"""Editors' decisions (lint.decisions): matched to findings as a baseline is, shown by `audit`,
false positives left out by `check`, and a bad file stopped before the run."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lint.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def audited(*paths: str) -> list[dict[str, Any]]:
    """The findings of `audit --json` over these paths."""
    code, _, err = run("audit", "--json", "audit.json", *paths)
    assert code == 0, err
    findings: list[dict[str, Any]] = json.loads(Path("audit.json").read_text("utf-8"))["findings"]
    return findings


def decision(finding: dict[str, Any], status: str, note: str = "") -> dict[str, Any]:
    """A decision as the report's "Download decisions" writes it."""
    keys = ("fingerprint", "path", "rule", "match", "line")
    return {**{key: finding[key] for key in keys}, "status": status, "note": note, "at": "2026-12-01T10:00:00.000Z"}


def write_decisions(entries: list[dict[str, Any]], name: str = "healthlint-decisions.json") -> Path:
    path = Path(name)
    document = {"version": 1, "generated_by": "healthlint 0.1.0 audit report", "decisions": entries}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_audit_shows_each_decision_on_its_finding_and_counts_them(project: Path) -> None:
    miracle, safe, warn = audited("articles")
    (project / "articles" / "other.md").write_text("A miracle.\n", encoding="utf-8")
    other = {**miracle, "path": "articles/other.md", "fingerprint": "0" * 20}
    fixed = {**miracle, "path": "articles/clean.md", "fingerprint": "1" * 20}
    write_decisions([decision(miracle, "reviewed", "rewrite it"), decision(safe, "false-positive", "a quote"),
                     decision(fixed, "reviewed"), decision(other, "false-positive")])  # fmt: skip
    code, out, err = run("audit", "--decisions", "healthlint-decisions.json", "--csv", "out.csv", "--json",
                         "out.json", "articles/bad.md", "articles/warn.txt", "articles/clean.md")  # fmt: skip
    assert code == 0, err
    # the clean article's decision matches nothing; other.md was not audited: its decision is unknown
    assert out.rstrip().splitlines()[-1] == (
        "Decisions (healthlint-decisions.json): 1 reviewed, 1 marked false positive, "
        "1 decision no longer matches a finding; 1 concerns files not audited this time."
    )
    rows = list(csv.DictReader(io.StringIO((project / "out.csv").read_text("utf-8"))))
    assert list(rows[0])[-2:] == ["decision", "decision_note"]
    assert [(r["path"], r["rule"], r["decision"], r["decision_note"]) for r in rows] == [
        ("articles/bad.md", "house.miracle", "reviewed", "rewrite it"),
        ("articles/bad.md", "house.safe", "false-positive", "a quote"),
        ("articles/warn.txt", "house.safe", "", ""),
    ]  # fmt: skip
    saved = json.loads((project / "out.json").read_text("utf-8"))["findings"]
    assert [(f["decision"], f["decision_note"]) for f in saved] == [(r["decision"], r["decision_note"]) for r in rows]
    assert warn["path"] == "articles/warn.txt"


def test_a_decision_stays_with_its_finding_when_the_sentence_around_it_is_edited(project: Path) -> None:
    miracle, safe, _ = audited("articles")
    write_decisions([decision(miracle, "false-positive"), decision(safe, "reviewed")])
    (project / "articles" / "bad.md").write_text("# T\n\nNew intro.\n\nTruly a miracle, we hear. It is generally "
                                                 "safe, they say.\n")  # fmt: skip
    code, out, _ = run("audit", "--decisions", "healthlint-decisions.json", "articles")
    assert code == 0
    assert out.rstrip().endswith(": 1 reviewed, 1 marked false positive, 0 decisions no longer match a finding.")
    # a second occurrence of the text is a finding of its own, undecided (each decision takes one)
    (project / "articles" / "bad.md").write_text("# T\n\nA miracle. A miracle. It is generally safe.\n")
    code, out, _ = run("audit", "--decisions", "healthlint-decisions.json", "--csv", "out.csv", "articles/bad.md")
    rows = list(csv.DictReader(io.StringIO((project / "out.csv").read_text("utf-8"))))
    assert [(r["rule"], r["decision"]) for r in rows] == [
        ("house.miracle", "false-positive"), ("house.miracle", ""), ("house.safe", "reviewed"),
    ]  # fmt: skip


def test_check_leaves_out_findings_marked_false_positive_in_the_configs_decisions(project: Path) -> None:
    miracle, safe, _ = audited("articles")
    write_decisions([decision(miracle, "false-positive"), decision(safe, "reviewed")])
    (project / ".healthlint.yaml").write_text("packs: []\nrules: [house/]\ndecisions: healthlint-decisions.json\n")
    code, out, err = run("check", "articles/bad.md")
    assert code == 1  # the reviewed finding is a real problem: still reported
    assert "house.safe" in out and "house.miracle" not in out
    assert err == "healthlint: 1 finding marked false positive in healthlint-decisions.json\n"
    # the sentence edited, the reviewed problem fixed: the false positive alone does not fail the run
    (project / "articles" / "bad.md").write_text("# T\n\nNot quite a miracle, this.\n", encoding="utf-8")
    code, out, err = run("check", "articles/bad.md")
    assert (code, out) == (0, "No problems found; 1 file checked.\n")
    assert err == "healthlint: 1 finding marked false positive in healthlint-decisions.json\n"
    # --decisions names another file (none here decides anything): every finding is reported
    write_decisions([], "none.json")
    code, out, err = run("check", "--decisions", "none.json", "articles/bad.md")
    assert code == 1 and "house.miracle" in out and err == ""


def test_decision_paths_are_relative_to_the_decisions_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    miracle, _ = audited("articles/bad.md")
    (project / "team").mkdir()
    entry = {**decision(miracle, "false-positive"), "path": "../articles/bad.md"}
    write_decisions([entry], "team/decisions.json")
    monkeypatch.chdir(project / "articles")
    code, out, err = run("check", "--config", "../.healthlint.yaml", "--decisions", "../team/decisions.json",
                         "bad.md")  # fmt: skip
    assert "house.miracle" not in out and "house.safe" in out
    assert code == 1 and "1 finding marked false positive in" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not a healthlint decisions file: Expecting property name"),
        ('{"version": 2, "decisions": []}', "not a healthlint decisions file (version 1 with a decisions list"),
        ('[{"path": "a.md"}]', "not a healthlint decisions file (version 1 with a decisions list"),
        ('{"version": 1, "decisions": [7]}', "decision 1: must be an object"),
        ('{"version": 1, "decisions": [{"path": "a.md", "rule": "r", "status": "reviewed"}]}',
         "decision 1: `fingerprint` must be a non-empty string"),
        ('{"version": 1, "decisions": [{"fingerprint": "f", "path": "a.md", "rule": "r", "status": "wontfix"}]}',
         "decision 1: status 'wontfix' must be one of reviewed, false-positive"),
        ('{"version": 1, "decisions": [{"fingerprint": "f", "path": "a.md", "rule": "r", "status": "reviewed", '
         '"line": 0}]}', "decision 1: `line` must be a positive whole number"),
        ('{"version": 1, "decisions": [{"fingerprint": "f", "path": "a.md", "rule": "r", "status": "reviewed", '
         '"note": ["x"]}]}', "decision 1: `note` must be a string"),
    ],
)  # fmt: skip
def test_a_bad_decisions_file_is_one_line_and_exit_2_before_the_run(project: Path, content: str, message: str) -> None:
    Path("decisions.json").write_text(content, encoding="utf-8")
    for command in ("audit", "check"):
        code, out, err = run(command, "--decisions", "decisions.json", "articles")
        assert (code, out) == (2, ""), command
        assert err.startswith(f"healthlint: error: decisions.json: {message}") and err.count("\n") == 1, err


def test_a_missing_decisions_file_named_by_the_config_names_the_config(project: Path) -> None:
    (project / ".healthlint.yaml").write_text("packs: []\nrules: [house/]\ndecisions: team.json\n", encoding="utf-8")
    code, out, err = run("check", "articles")
    assert (code, out) == (2, "")
    assert err.startswith("healthlint: error: ") and "team.json: decisions file not found (named by `decisions:` in " \
        ".healthlint.yaml)" in err and err.count("\n") == 1  # fmt: skip
    (project / ".healthlint.yaml").write_text("packs: []\nrules: [house/]\ndecisions: 3\n", encoding="utf-8")
    code, _, err = run("audit", "articles")
    assert code == 2 and "decisions must be the path of a decisions file" in err


def test_the_configuration_docs_decisions_example_leaves_out_false_positives(project: Path) -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "configuration.md").read_text(encoding="utf-8")
    (example,) = [block for block in re.findall(r"```yaml\n(.*?)```", doc, re.DOTALL) if "decisions:" in block]
    miracle, _, _ = audited("articles")
    write_decisions([decision(miracle, "false-positive")])
    (project / ".healthlint.yaml").write_text("packs: []\nrules: [house/]\n" + example, encoding="utf-8")
    code, out, err = run("check", "articles/bad.md")
    assert code == 1 and "house.miracle" not in out and "house.safe" in out
    assert err == "healthlint: 1 finding marked false positive in healthlint-decisions.json\n"


def test_the_report_names_files_for_download_relative_to_the_decisions_file(project: Path) -> None:
    """What "Download decisions" writes is read back from where the decisions file is."""
    (project / "team").mkdir()
    write_decisions([], "team/decisions.json")
    code, _, err = run("audit", "--decisions", "team/decisions.json", "--report", "audit.html", "articles/bad.md")
    assert code == 0, err
    page = (project / "audit.html").read_text("utf-8")
    embedded = re.search(r'<script type="application/json" id="audit-data">(.*?)</script>', page, re.DOTALL)
    assert embedded is not None
    data = json.loads(embedded.group(1))
    assert [(article[0], article[5]) for article in data["articles"]] == [("articles/bad.md", "../articles/bad.md")]
    assert data["decisions"]["file"] == "team/decisions.json" and data["decisions"]["kept"] == []
