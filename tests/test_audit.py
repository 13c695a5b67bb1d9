from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from lint.audit import csv_cell
from lint.cli import cli
from tests.conftest import BASE_RULE, PROJECT_RULES, dump


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_audit_summarises_by_category_pack_severity_article_and_author(project: Path) -> None:
    (project / "articles" / "byline.md").write_text("---\nauthor: Ann Lee\n---\nA miracle. A miracle.\n", "utf-8")
    code, out, err = run("audit", "articles")
    assert code == 0, err
    assert out.splitlines()[0] == "Audited 4 articles: 5 findings (3 errors, 2 warnings, 0 infos); 1 clean."
    assert "By category\n  absolute-claim                 3  ███" in out
    assert "By pack\n  house       5  " in out
    assert "Worst articles (error 5, warning 2, info 1)\n     10  articles/byline.md  (2 errors)" in out
    assert "  Ann Lee          1 article        2 findings" in out
    assert "Checking" not in err  # no progress bar when stderr is not a terminal


def test_audit_writes_csv_and_report(project: Path) -> None:
    front = "---\ntitle: Bad\nauthor: Ann Lee\n---\n"
    (project / "articles" / "bad.md").write_text(front + "A miracle. It is generally safe.\n", encoding="utf-8")
    code, _, err = run("audit", "--csv", "out.csv", "--report", "audit.html", "articles")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO((project / "out.csv").read_text("utf-8"))))
    assert [r["rule"] for r in rows] == ["house.miracle", "house.safe", "house.safe"]
    assert list(rows[0]) == ["path", "line", "column", "end_line", "end_column", "rule", "category", "severity",
                             "message", "match", "hint", "fix", "source", "pack", "title", "author",
                             "fingerprint"]  # fmt: skip
    assert [(r["path"], r["pack"], r["title"], r["author"]) for r in rows] == [
        ("articles/bad.md", "house", "Bad", "Ann Lee"), ("articles/bad.md", "house", "Bad", "Ann Lee"),
        ("articles/warn.txt", "house", "", ""),
    ]  # fmt: skip
    # the fingerprint a baseline records: it names the finding across edits elsewhere in the article
    assert len({r["fingerprint"] for r in rows}) == 3 and all(len(r["fingerprint"]) == 20 for r in rows)
    page = (project / "audit.html").read_text("utf-8")
    assert page.startswith("<!doctype html>") and "http://" not in page.replace('"http://www.w3.org', "")
    assert '<script type="application/json" id="audit-data">' in page
    assert "wrote the HTML report to audit.html" in err


def test_audit_exits_2_when_a_file_cannot_be_read(project: Path) -> None:
    (project / "articles" / "latin1.md").write_bytes("Caf\xe9 miracle\n".encode("latin-1"))
    code, out, err = run("audit", "articles")
    assert code == 2 and "latin1.md:1: not valid utf-8" in err
    assert out.startswith("Audited 3 articles")


def test_csv_cells_a_spreadsheet_would_take_for_formulas_are_text(project: Path) -> None:
    title_rule = {**BASE_RULE, "id": "house.title", "kind": "metadata", "fields": ["title"], "pattern": "[A-Za-z ]+",
                  "message": "{value} is not a plain title."}  # fmt: skip
    (project / "house" / "rules.yaml").write_text(dump([*PROJECT_RULES, title_rule]), encoding="utf-8")
    (project / "articles" / "title.md").write_text('---\ntitle: =HYPERLINK("http://x","y")\n---\n# T\n', "utf-8")
    (project / "=1+2.md").write_text("A miracle.\n", encoding="utf-8")
    code, _, err = run("audit", "--csv", "out.csv", "articles", "=1+2.md")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO((project / "out.csv").read_text("utf-8"))))
    assert [r["path"] for r in rows if r["rule"] == "house.miracle"] == ["'=1+2.md", "articles/bad.md"]
    (title,) = [r for r in rows if r["path"] == "articles/title.md"]
    assert title["match"] == '\'=HYPERLINK("http://x","y")'
    assert title["message"] == '\'=HYPERLINK("http://x","y") is not a plain title.'
    assert [csv_cell(v) for v in ("+1", "-1", "@SUM(A1)", "\tx", "\rx", "a=1", "", 3)] == [
        "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "a=1", "", 3,
    ]  # fmt: skip


def test_compare_shows_new_fixed_and_unchanged_since_an_earlier_audit(project: Path) -> None:
    code, _, err = run("audit", "--json", "before.json", "articles")
    assert code == 0 and "wrote the findings to before.json" in err
    earlier = json.loads((project / "before.json").read_text("utf-8"))
    assert earlier["version"] == 1 and len(earlier["findings"]) == 3
    assert {"fingerprint", "pack", "title", "author", "rule", "path", "line", "message"} <= set(earlier["findings"][0])
    # lines inserted above old findings keep them unchanged; one fixed, one new
    (project / "articles" / "bad.md").write_text("# T\n\nNew intro.\n\nMore.\n\nA miracle. It is generally safe.\n")
    (project / "articles" / "warn.txt").write_text("It is safe.\n", encoding="utf-8")
    (project / "articles" / "clean.md").write_text("# T\n\nAll fine [1]. A miracle.\n", encoding="utf-8")
    code, out, err = run("audit", "--compare", "before.json", "--csv", "out.csv", "--json", "after.json", "articles")
    assert code == 0, err
    assert out.rstrip().splitlines()[-1] == "Since before.json: 1 new, 1 fixed, 2 unchanged."
    rows = list(csv.DictReader(io.StringIO((project / "out.csv").read_text("utf-8"))))
    assert [(r["path"], r["rule"], r["change"]) for r in rows] == [
        ("articles/bad.md", "house.miracle", "unchanged"), ("articles/bad.md", "house.safe", "unchanged"),
        ("articles/clean.md", "house.miracle", "new"),
    ]  # fmt: skip
    later = json.loads((project / "after.json").read_text("utf-8"))["findings"]
    assert [(f["path"], f["change"]) for f in later] == [(r["path"], r["change"]) for r in rows]


def test_compare_keeps_a_finding_unchanged_when_its_sentence_is_edited(project: Path) -> None:
    assert run("audit", "--json", "before.json", "articles/bad.md")[0] == 0
    (project / "articles" / "bad.md").write_text("# T\n\nTruly a miracle, we hear. It is generally safe.\n")
    code, out, _ = run("audit", "--compare", "before.json", "articles/bad.md")
    assert code == 0 and out.rstrip().splitlines()[-1] == "Since before.json: 0 new, 0 fixed, 2 unchanged."


def test_compare_does_not_call_findings_of_files_it_did_not_audit_fixed(project: Path) -> None:
    assert run("audit", "--json", "before.json", "articles")[0] == 0
    code, out, _ = run("audit", "--compare", "before.json", "articles/bad.md")
    assert code == 0
    assert out.rstrip().splitlines()[-1] == (
        "Since before.json: 0 new, 0 fixed, 2 unchanged (1 earlier finding in files not audited this time)."
    )
    # a baseline file has the same fingerprinted findings, and is read the same way
    assert run("baseline", "-o", "base.json", "articles")[0] == 0
    code, out, _ = run("audit", "--compare", "base.json", "articles")
    assert code == 0 and out.rstrip().endswith("Since base.json: 0 new, 0 fixed, 3 unchanged.")


def test_a_compare_file_that_is_not_an_audit_stops_the_run_before_it_starts(project: Path) -> None:
    (project / "findings.json").write_text('[{"path": "a.md"}]', encoding="utf-8")  # `check --format json`
    code, out, err = run("audit", "--compare", "findings.json", "articles")
    assert code == 2 and out == ""
    assert err == "healthlint: error: findings.json: not a healthlint audit (`audit --json` output, with " \
                  "fingerprinted findings)\n"  # fmt: skip
    code, out, err = run("audit", "--compare", "missing.json", "articles")
    assert code == 2 and out == "" and "missing.json: no such file" in err


def test_summary_groups_authors_as_the_registry_names_them_and_names_what_other_counts(project: Path) -> None:
    wonder = {**BASE_RULE, "id": "house.wonder", "kind": "existence", "phrases": ["wonder"]}  # category: other
    (project / "house" / "rules.yaml").write_text(dump([*PROJECT_RULES, wonder]), encoding="utf-8")
    (project / ".healthlint.yaml").write_text("packs: []\nrules: [house/]\nauthors: authors.yaml\n", encoding="utf-8")
    (project / "authors.yaml").write_text("authors:\n  - name: Jane Doe\n    aliases: [J. Doe]\n", encoding="utf-8")
    for name, byline in (("a.md", "Dr. Jane Doe"), ("b.md", "J. Doe")):
        (project / "articles" / name).write_text(f"---\nauthor: {byline}\n---\nA wonder.\n", encoding="utf-8")
    code, out, err = run("audit", "articles")
    assert code == 0, err
    assert "\n  other                          2  " + "█" * 30 + "  (house.wonder)\n" in out
    assert out.endswith("By author (as the authors registry names them)\n"
                        "  (no author)      3 articles       3 findings\n"
                        "  Jane Doe         2 articles       2 findings\n")  # fmt: skip
