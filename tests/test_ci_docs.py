"""The CI examples in docs/ci/ are real: every healthlint command in them runs here."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from lint.cli import cli, main
from tests.test_reports import SARIF_SCHEMA

DOCS = Path(__file__).resolve().parent.parent / "docs"
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip


def commands() -> list[str]:
    github = yaml.safe_load((DOCS / "ci" / "github-workflow.yml").read_text(encoding="utf-8"))
    gitlab = yaml.safe_load((DOCS / "ci" / "gitlab-ci.yml").read_text(encoding="utf-8"))
    lines = [step["run"] for step in github["jobs"]["healthlint"]["steps"] if "run" in step]
    lines += gitlab["healthlint"]["script"]
    return [line for line in lines if line.startswith("healthlint ")]


def test_the_docs_page_includes_both_files() -> None:
    page = (DOCS / "ci.md").read_text(encoding="utf-8")
    for name in ("github-workflow.yml", "gitlab-ci.yml"):
        assert (DOCS / "ci" / name).read_text(encoding="utf-8") in page


@pytest.mark.parametrize("command", commands())
def test_ci_command_runs(project: Path, command: str) -> None:
    subprocess.run(["git", "init", "-q"], check=True)
    subprocess.run(["git", "add", "-A"], check=True)
    subprocess.run(["git", "commit", "-qm", "base"], check=True, env={**os.environ, **GIT_ENV})
    subprocess.run(["git", "update-ref", "refs/remotes/origin/main", "HEAD"], check=True)
    CliRunner().invoke(cli, ["baseline", "articles"], catch_exceptions=False)
    (project / "articles" / "new.md").write_text("A new miracle.\n", encoding="utf-8")
    argv = shlex.split(command.replace("$GITHUB_BASE_REF", "main"))[1:]
    code = main(argv)
    assert code in (0, 1), command
    if "--output" in argv:
        written = project / argv[argv.index("--output") + 1]
        if written.suffix == ".sarif":
            jsonschema.Draft4Validator(SARIF_SCHEMA).validate(json.loads(written.read_text("utf-8")))
        elif written.suffix == ".xml":
            assert ET.parse(written).getroot().tag == "testsuites"
        else:
            assert isinstance(json.loads(written.read_text("utf-8")), list)
    if "--baseline" in argv or "--since" in argv:
        assert code == 1  # the new article's problem is new
