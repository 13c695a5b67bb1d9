"""The published hook, run for real: `pre-commit` installs it from a git repository of this
checkout (offline, from a local wheelhouse) and runs it on commit."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import BASE_RULE, NoAliasDumper

ROOT = Path(__file__).resolve().parent.parent
WHEELHOUSE = ROOT / "build" / "wheelhouse"
HOUSE_RULE = {**BASE_RULE, "id": "house.cure", "kind": "existence", "phrases": ["miracle cure"],
              "severity": "error", "message": "'{match}' is a cure claim."}  # fmt: skip
PROJECT_FILES = ["lint", "rules", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml"]


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def ensure_wheelhouse() -> None:
    """Wheels of healthlint's dependencies and build backend, so pre-commit installs without a network.
    .ci/run builds them; here they are built again whenever pyproject.toml changed since."""
    stamp = WHEELHOUSE / ".built-from-pyproject"
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == pyproject:
        return
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "-w", str(WHEELHOUSE), str(ROOT), "hatchling"],
                   check=True)  # fmt: skip
    stamp.write_text(pyproject, encoding="utf-8")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository holding this checkout's current files, as a hook repository."""
    ensure_wheelhouse()
    repo = tmp_path_factory.mktemp("healthlint-hook")
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, repo / name)
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "snapshot", cwd=repo)
    return repo, git("rev-parse", "HEAD", cwd=repo).strip()


@pytest.fixture
def content_repo(tmp_path: Path, hook_repo: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
                 ) -> tuple[Path, dict[str, str]]:  # fmt: skip
    repo_path, rev = hook_repo
    content = tmp_path / "content"
    content.mkdir()
    git("init", "-q", cwd=content)
    (content / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo_path}\n    rev: {rev}\n    hooks:\n      - id: healthlint\n"
        "        args: [--select, house]\n",  # the user's arguments are passed on
        encoding="utf-8",
    )
    # the content repository's own config and house rule, as a team would have them
    (content / "house").mkdir()
    (content / "house" / "rules.yaml").write_text(yaml.dump(HOUSE_RULE, Dumper=NoAliasDumper), encoding="utf-8")
    (content / ".healthlint.yaml").write_text("packs: []\nrules: [house/]\n", encoding="utf-8")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path_factory.getbasetemp() / "pre-commit-home"),
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(WHEELHOUSE),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
    }  # fmt: skip
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=content, env=env, check=True,
                   capture_output=True)  # fmt: skip
    return content, env


def commit(content: Path, env: dict[str, str], name: str, text: str) -> subprocess.CompletedProcess[str]:
    (content / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=content, env=env, check=True)
    return subprocess.run(["git", "commit", "-m", f"add {name}"], cwd=content, env=env, capture_output=True,
                          text=True, timeout=600)  # fmt: skip


def test_a_bad_article_blocks_the_commit(content_repo: tuple[Path, dict[str, str]]) -> None:
    content, env = content_repo
    done = commit(content, env, "bad.md", "# Turmeric\n\nOur turmeric is a miracle cure for arthritis.\n")
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "healthlint" in output and "Failed" in output
    assert "bad.md:3:19: error house.cure 'miracle cure' is a cure claim." in output, output
    assert "nothing added to commit" not in output
    assert subprocess.run(["git", "log"], cwd=content, capture_output=True, check=False).returncode != 0


def test_a_clean_article_passes(content_repo: tuple[Path, dict[str, str]]) -> None:
    content, env = content_repo
    done = commit(content, env, "clean.txt", "Vitamin D\n\nMost adults get enough vitamin D from sunlight.\n")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "healthlint......" in output and "Passed" in output


DISCLAIMER_RULE = {**BASE_RULE, "id": "house.disclaimer", "kind": "required", "severity": "warning",
                   "category": "missing-risk-information", "message": "No 'not medical advice' disclaimer.",
                   "require": {"phrases": ["not medical advice"]},
                   "examples": {"bad": ["An article without one.", "Another."],
                                "good": ["This is not medical advice.", "Not medical advice."]}}  # fmt: skip
LEGACY = "# Turmeric\n\nOur turmeric is a miracle cure for arthritis, say our readers.\n\nMore about turmeric.\n"


def test_an_edited_legacy_article_passes_with_the_config_baseline(content_repo: tuple[Path, dict[str, str]]) -> None:
    """The hook passes file names only: the baseline comes from `baseline:` in the config."""
    content, env = content_repo
    (content / "house" / "disclaimer.yaml").write_text(yaml.dump(DISCLAIMER_RULE, Dumper=NoAliasDumper), "utf-8")
    with (content / ".healthlint.yaml").open("a", encoding="utf-8") as handle:
        handle.write("baseline: .healthlint-baseline.json\n")
    (content / "legacy.md").write_text(LEGACY, encoding="utf-8")
    tool_env = {**env, "PYTHONPATH": str(ROOT)}
    written = subprocess.run([sys.executable, "-m", "lint", "baseline", "--select", "house"], cwd=content,
                             env=tool_env, capture_output=True, text=True, check=True)  # fmt: skip
    assert "wrote 2 findings from 1 files to .healthlint-baseline.json" in written.stderr
    first = commit(content, env, "legacy.md", LEGACY)
    assert first.returncode == 0, first.stdout + first.stderr

    # a word edited on the line with the known claim, and a new paragraph elsewhere: still passes,
    # with the claim and the missing disclaimer both known
    edited = LEGACY.replace("say our readers", "our readers tell us").replace("More about", "Much more about")
    done = commit(content, env, "legacy.md", edited + "\nTurmeric is a spice used in curries.\n")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "healthlint......" in done.stderr and "Passed" in done.stderr

    # a genuinely new claim fails, and only it is reported
    done = commit(content, env, "legacy.md", edited + "\nGinger is another miracle cure for nausea.\n")
    output = done.stdout + done.stderr
    assert done.returncode != 0 and "Failed" in output
    assert "legacy.md:7:19: error house.cure 'miracle cure' is a cure claim." in output, output
    assert output.count("house.cure") == 1 and "house.disclaimer" not in output


def test_a_finding_an_editor_marked_false_positive_passes_the_hook(content_repo: tuple[Path, dict[str, str]]) -> None:
    """The hook passes file names only: the decisions come from `decisions:` in the config."""
    content, env = content_repo
    quoted = "# Titles\n\nWe reviewed the study 'Turmeric, a miracle cure?' and found little.\n"
    (content / "quoted.md").write_text(quoted, encoding="utf-8")
    tool_env = {**env, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "lint", "audit", "--json", "audit.json", "quoted.md"], cwd=content,
                   env=tool_env, capture_output=True, text=True, check=True)  # fmt: skip
    (finding,) = json.loads((content / "audit.json").read_text("utf-8"))["findings"]
    assert finding["rule"] == "house.cure"
    entry = {key: finding[key] for key in ("fingerprint", "path", "rule", "match", "line")}
    decisions = {"version": 1, "decisions": [{**entry, "status": "false-positive", "note": "a study's title"}]}
    (content / "healthlint-decisions.json").write_text(json.dumps(decisions), encoding="utf-8")
    (content / "audit.json").unlink()
    with (content / ".healthlint.yaml").open("a", encoding="utf-8") as handle:
        handle.write("decisions: healthlint-decisions.json\n")
    done = commit(content, env, "quoted.md", quoted)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "healthlint......" in done.stderr and "Passed" in done.stderr
    # the same claim made, not quoted, is a finding of its own
    done = commit(content, env, "quoted.md", quoted + "\nIn short: turmeric is a miracle cure.\n")
    output = done.stdout + done.stderr
    assert done.returncode != 0 and output.count("house.cure") == 1 and "quoted.md:5:" in output, output


def test_the_hook_checks_mdx_pages(content_repo: tuple[Path, dict[str, str]]) -> None:
    content, env = content_repo
    page = "import { Callout } from 'nextra/components'\n\n<Callout>Our turmeric is a miracle cure.</Callout>\n"
    done = commit(content, env, "page.mdx", page)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "page.mdx:3:28: error house.cure 'miracle cure' is a cure claim." in output, output


def test_the_hook_skips_staged_files_that_are_not_articles(content_repo: tuple[Path, dict[str, str]]) -> None:
    content, env = content_repo
    (content / "_config.yml").write_text("title: Blog\n", encoding="utf-8")  # a Jekyll site
    (content / "_layouts").mkdir()
    (content / "_layouts" / "post.html").write_text("<p>A miracle cure, says the footer.</p>\n", encoding="utf-8")
    done = commit(content, env, "README.md", "# Blog\n\nOur miracle cure theme.\n")
    assert done.returncode == 0, done.stdout + done.stderr
    (content / "_posts").mkdir()
    done = commit(content, env, "_posts/2024-01-01-a.md", "# A\n\nA miracle cure.\n")
    assert done.returncode != 0 and "_posts/2024-01-01-a.md:3:3: error house.cure" in done.stdout + done.stderr
