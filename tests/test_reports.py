"""Every output format, checked with a real validator or parser."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from lint.cli import cli
from lint.finding import Finding
from lint.report import ReportContext, Summary, reporter
from lint.ruleset import Rule, bundled_packs, load_paths
from lint.runner import FileResult

SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


@pytest.mark.usefixtures("project")
def test_sarif_is_valid_against_the_official_schema() -> None:
    code, out = run("check", "--format", "sarif", "articles")
    assert code == 1
    log = json.loads(out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    (run_,) = log["runs"]
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    assert set(rules) == {"house.miracle", "house.safe"}
    miracle = rules["house.miracle"]
    assert miracle["defaultConfiguration"] == {"level": "error"}
    assert miracle["helpUri"] == "https://example.org/source" and miracle["help"]["text"]
    assert miracle["shortDescription"]["text"] and miracle["fullDescription"]["text"] and miracle["name"]
    first = run_["results"][0]
    assert first["ruleId"] == "house.miracle" and first["level"] == "error"
    region = first["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (3, 3, 3, 10)
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "articles/bad.md"
    assert first["partialFingerprints"]["healthlint/match/v1"].endswith(":1")


def test_sarif_fingerprints_survive_unrelated_edits(project: Path) -> None:
    def fingerprints() -> list[str]:
        log = json.loads(run("check", "--format", "sarif", "articles/bad.md")[1])
        return [r["partialFingerprints"]["healthlint/match/v1"] for r in log["runs"][0]["results"]]

    before = fingerprints()
    article = project / "articles" / "bad.md"
    text = article.read_text(encoding="utf-8")
    article.write_text("# T\n\nA new first paragraph.\n\n" + text[4:], encoding="utf-8")
    assert fingerprints() == before
    # the sentence around a finding edited: the same alert (GitHub keeps its history and dismissal)
    article.write_text(text.replace("A miracle.", "Truly a miracle, we hear."), encoding="utf-8")
    assert fingerprints() == before


def test_sarif_fingerprints_tell_repeated_text_apart(project: Path) -> None:
    article = project / "articles" / "bad.md"
    article.write_text(article.read_text(encoding="utf-8") * 2, encoding="utf-8")
    log = json.loads(run("check", "--format", "sarif", "articles/bad.md")[1])
    prints = [r["partialFingerprints"]["healthlint/match/v1"] for r in log["runs"][0]["results"]]
    assert len(prints) == len(set(prints)) > 1


@pytest.mark.usefixtures("project")
def test_sarif_with_fixes_is_valid(project: Path) -> None:
    (project / "house" / "swap.yaml").write_text(
        (project / "house" / "rules.yaml").read_text(encoding="utf-8").split("- id: house.safe")[0]
        .replace("house.miracle", "house.swap").replace("kind: existence", "kind: substitution")
        .replace("phrases:\n  - miracle", "swap:\n    miracle: marvel")
        .replace("category: absolute-claim", "category: stigmatizing-language"),  # not one problem with house.miracle
        encoding="utf-8",
    )  # fmt: skip
    log = json.loads(run("check", "--format", "sarif", "articles")[1])
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    fixes = [r["fixes"] for r in log["runs"][0]["results"] if "fixes" in r]
    assert fixes and fixes[0][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {"text": "marvel"}


@pytest.mark.usefixtures("project")
def test_github_annotations() -> None:
    code, out = run("check", "--format", "github", "articles")
    lines = out.splitlines()
    assert code == 1
    assert lines[0] == (
        "::error file=articles/bad.md,line=3,col=3,endLine=3,endColumn=10,title=healthlint house.miracle"
        "::Found 'miracle'. Write something else."
    )
    assert lines[-1] == "healthlint: 3 problems in 3 files checked"


@pytest.mark.usefixtures("project")
def test_junit_parses_and_counts() -> None:
    _code, out = run("check", "--format", "junit", "articles")
    root = ET.fromstring(out)
    assert root.tag == "testsuites" and root.attrib["tests"] == "4" and root.attrib["failures"] == "3"
    cases = root.findall("./testsuite/testcase")
    assert [c.attrib["classname"] for c in cases] == [
        "articles/bad.md", "articles/bad.md", "articles/clean.md", "articles/warn.txt",
    ]  # fmt: skip
    assert cases[0].find("failure").attrib["type"] == "error"  # type: ignore[union-attr]
    assert cases[2].find("failure") is None


@pytest.mark.usefixtures("project")
def test_gitlab_code_quality() -> None:
    issues = json.loads(run("check", "--format", "gitlab", "articles")[1])
    assert [
        (i["check_name"], i["severity"], i["location"]["path"], i["location"]["lines"]["begin"]) for i in issues
    ] == [
        ("house.miracle", "major", "articles/bad.md", 3),
        ("house.safe", "minor", "articles/bad.md", 3),
        ("house.safe", "minor", "articles/warn.txt", 1),
    ]
    assert len({i["fingerprint"] for i in issues}) == 3


@pytest.mark.usefixtures("project")
def test_output_file_is_written(project: Path) -> None:
    code, out = run("check", "--format", "sarif", "--output", "report.sarif", "articles")
    assert code == 1 and out == ""
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(json.loads((project / "report.sarif").read_text("utf-8")))


@pytest.mark.usefixtures("project")
def test_statistics_and_exit_zero() -> None:
    code, out = run("check", "--statistics", "--exit-zero", "articles")
    assert code == 0
    assert out.splitlines() == [
        "2  house.safe         unsupported-safety-claim",
        "1  house.miracle      absolute-claim",
    ]


def report(output_format: str, results: list[FileResult], rules: list[Rule] | None = None) -> str:
    out = io.StringIO()
    made = reporter(output_format, ReportContext(out, rules or []))
    for result in results:
        made.file(result)
    made.finish(Summary())
    return out.getvalue()


def test_sarif_for_every_shipped_rule_is_valid() -> None:
    rules = load_paths([pack.path for pack in bundled_packs().values()])
    findings = [
        Finding("articles/a b.md", 3, 5, 3, 12, rule.id, rule.category, rule.severity,
                rule.message.replace("{match}", "matched"), "matched", rule.hint,
                "fixed" if rule.kind == "substitution" else None, rule.source, 40, 47, f"print-{rule.id}")
        for rule in rules
    ]  # fmt: skip
    whole = Finding("articles/a b.md", 1, 1, 1, 1, rules[0].id, rules[0].category, rules[0].severity, "No date.",
                    None, "Add one.", None, rules[0].source, 0, 0, "whole")  # fmt: skip
    log = json.loads(report("sarif", [FileResult("articles/a b.md", [*findings, whole])], rules))
    jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=jsonschema.FormatChecker()).validate(log)
    assert {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]} == {rule.id for rule in rules}
    assert any(rule.category == rule.pack for rule in rules)  # the case that once gave duplicate tags


def test_junit_is_well_formed_whatever_characters_the_text_has() -> None:
    hostile = "a\x01b\x1b[2Kc\x00d\x0be\ufffff\udce9"
    finding = Finding(f"x{hostile}.md", 1, 1, 1, 2, "house.miracle", "absolute-claim", "error", f"Found '{hostile}'.",
                      hostile, f"Hint {hostile}", None, "A source", 0, 1, "print")  # fmt: skip
    out = report("junit", [FileResult(f"x{hostile}.md", [finding], errors=[f"x{hostile}.md: cannot read"])])
    root = ET.fromstring(out)  # raises on a character XML 1.0 cannot hold
    failure = root.find("./testsuite/testcase/failure")
    assert failure is not None
    shown = hostile.encode("unicode_escape").decode("ascii")  # the characters XML cannot hold, as escapes
    assert failure.attrib["message"] == f"Found '{shown}'."
    error = root.find("./testsuite/testcase/error")
    assert error is not None and error.attrib["message"] == f"x{shown}.md: cannot read"
