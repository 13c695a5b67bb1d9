from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from lint.cli import cli
from lint.errors import InputError
from lint.fixing import apply_fixes, write_atomic
from tests.conftest import BASE_RULE, NoAliasDumper

SWAP = {
    **BASE_RULE,
    "id": "house.suffers",
    "kind": "substitution",
    "category": "stigmatizing-language",
    "swap": {"suffers from": "has", "suffering from": "living with"},
    "examples": {"bad": ["She suffers from it.", "Suffering from pain."], "good": ["She has it.", "Pain."]},
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "swap.yaml").write_text(yaml.dump([SWAP], Dumper=NoAliasDumper), encoding="utf-8")
    (tmp_path / ".healthlint.yaml").write_text("packs: []\nrules: [house/]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_fix_rewrites_keeping_encoding_line_endings_and_permissions(project: Path) -> None:
    article = project / "a.md"
    original = "# T\r\n\r\nShe suffers from migraines.\r\nSuffering from pain, é.\r\n"
    article.write_bytes(b"\xef\xbb\xbf" + original.encode("utf-8"))
    article.chmod(0o640)
    code, out, err = run("check", "--fix", "a.md")
    assert code == 0 and "fixed 2 problems" in err and out.endswith("No problems found; 1 file checked.\n")
    assert article.read_bytes() == b"\xef\xbb\xbf" + original.replace("suffers from", "has").replace(
        "Suffering from", "Living with").encode("utf-8")  # fmt: skip
    assert stat.S_IMODE(article.stat().st_mode) == 0o640
    assert not [p for p in project.iterdir() if p.name.endswith(".healthlint-tmp")]


def test_fix_keeps_utf16(project: Path) -> None:
    article = project / "a.txt"
    article.write_bytes("\ufeffShe suffers from it.\n".encode("utf-16-le"))
    run("check", "--fix", "a.txt")
    assert article.read_bytes() == "\ufeffShe has it.\n".encode("utf-16-le")


def test_files_without_fixes_are_never_touched(project: Path) -> None:
    article = project / "clean.md"
    article.write_text("Nothing to fix.\n", encoding="utf-8")
    os.utime(article, (1_000_000, 1_000_000))
    run("check", "--fix", "clean.md")
    assert article.stat().st_mtime == 1_000_000


def test_diff_prints_and_changes_nothing(project: Path) -> None:
    article = project / "a.md"
    article.write_text("She suffers from migraines.\n", encoding="utf-8")
    code, out, _ = run("check", "--diff", "a.md")
    assert code == 1
    assert "-She suffers from migraines.\n+She has migraines.\n" in out and "--- a/a.md" in out
    assert article.read_text(encoding="utf-8") == "She suffers from migraines.\n"


def test_json_reports_the_fix(project: Path) -> None:
    (project / "a.md").write_text("She suffers from migraines.\n", encoding="utf-8")
    (finding,) = json.loads(run("check", "--format", "json", "a.md")[1])
    assert (finding["match"], finding["fix"]) == ("suffers from", "has")


def test_overlapping_fixes_apply_once() -> None:
    from lint.finding import Finding

    def at(start: int, end: int, fix: str) -> Finding:
        return Finding("a", 1, 1, 1, 1, "r", "other", "info", "m", "x", "h", fix, "s", start, end)

    assert apply_fixes("abcdef", [at(0, 3, "X"), at(2, 4, "Y"), at(4, 6, "Z")]) == ("XdZ", 2)


def test_write_atomic_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"new contents")
    with pytest.raises(InputError, match="changed on disk since it was read"):
        write_atomic(path, b"fixed", expected=b"old contents")
    assert path.read_bytes() == b"new contents"


def test_write_atomic_failure_leaves_no_temporary_file(tmp_path: Path) -> None:
    missing_dir = tmp_path / "nope" / "a.md"
    with pytest.raises(InputError, match="cannot write"):
        write_atomic(missing_dir, b"x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "markup",
    ["She suffers **from** asthma.", "She suffers <!-- note --> from asthma.", "She suffers ![x](x.png) from asthma."],
)
def test_a_fix_across_markup_is_reported_not_applied(project: Path, markup: str) -> None:
    article = project / "a.md"
    article.write_text(markup + "\n", encoding="utf-8")
    (finding,) = json.loads(run("check", "--format", "json", "a.md")[1])
    assert finding["rule"] == "house.suffers" and finding["fix"] is None
    code, _, err = run("check", "--fix", "a.md")
    assert code == 1 and "fixed" not in err
    assert article.read_text(encoding="utf-8") == markup + "\n"


def test_fixable_only_where_the_source_is_plain_text() -> None:
    from lint.checks.substitution import fixable
    from lint.markup import parse

    doc = parse("a.md", "Plain words. Some **bold** words.\n")

    def span(pattern: str) -> tuple[int, int]:  # in the offsets the checks report (masked)
        found = re.search(pattern, doc.masked)
        assert found is not None
        return found.span()

    assert fixable(doc, *span("Plain words"))
    assert fixable(doc, *span("bold"))
    assert not fixable(doc, *span(r"Some\s+bold"))  # "Some **bold" in the source


def test_fix_writes_through_a_symbolic_link(project: Path) -> None:
    target = project / "real.md"
    target.write_text("She suffers from migraines.\n", encoding="utf-8")
    (project / "link.md").symlink_to("real.md")
    code, _, _ = run("check", "--fix", "link.md")
    assert code == 0 and (project / "link.md").is_symlink()
    assert target.read_text(encoding="utf-8") == "She has migraines.\n"


def test_fix_refuses_a_read_only_file(project: Path) -> None:
    article = project / "a.md"
    article.write_text("She suffers from migraines.\n", encoding="utf-8")
    article.chmod(0o444)
    code, _, err = run("check", "--fix", "a.md")
    assert code == 2 and "healthlint: a.md: read-only (mode 0444); not overwritten\n" in err
    assert article.read_text(encoding="utf-8") == "She suffers from migraines.\n"


def test_fix_keeps_hard_links(project: Path) -> None:
    article = project / "a.md"
    article.write_text("She suffers from migraines.\n", encoding="utf-8")
    os.link(article, project / "same.txt")
    inode = article.stat().st_ino
    assert run("check", "--fix", "a.md")[0] == 0
    assert article.stat().st_ino == inode and article.stat().st_nlink == 2
    assert (project / "same.txt").read_text(encoding="utf-8") == "She has migraines.\n"
    assert [p.name for p in project.iterdir() if p.name.startswith(".a.md")] == []


def test_a_temporary_file_left_by_a_killed_fix_run_is_removed_by_the_next(project: Path) -> None:
    import subprocess
    import sys

    article = project / "a.md"
    article.write_text("She suffers from migraines.\n", encoding="utf-8")
    # a real SIGKILL at the worst moment: the temporary file is written, the rename not yet done
    killed = subprocess.run([sys.executable, "-c", (
        "import os, signal; from pathlib import Path; from lint import fixing\n"
        "os.replace = lambda *args: os.kill(os.getpid(), signal.SIGKILL)\n"
        "fixing.write_atomic(Path('a.md'), b'She has migraines.\\n')\n")], check=False)  # fmt: skip
    assert killed.returncode == -9
    (stale,) = [p for p in project.iterdir() if p.name.endswith(".healthlint-tmp")]
    live = project / f".b.md.{os.getpid()}-abcdefgh.healthlint-tmp"  # a running writer's: kept
    live.write_bytes(b"")
    code, _, err = run("check", "--fix", "a.md")
    assert code == 0 and f"removed {stale}, left by an interrupted fix run" in err
    assert not stale.exists() and live.exists()
    assert article.read_text(encoding="utf-8") == "She has migraines.\n"


def test_fix_of_a_file_whose_name_is_as_long_as_names_may_be(project: Path) -> None:
    article = project / ("é" * 125 + ".md")  # 253 bytes: no room for a temporary name built on all of it
    article.write_text("She suffers from migraines.\n", encoding="utf-8")
    assert run("check", "--fix", article.name)[0] == 0
    assert article.read_text(encoding="utf-8") == "She has migraines.\n"
