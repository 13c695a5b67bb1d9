"""The GitHub Action (action.yml) run as the runner runs a composite action: its steps' `env`
with `${{ inputs.x }}` and `${{ steps.id.outputs.y }}` substituted, each `run` script under
`bash -eo pipefail`, outputs read back from `$GITHUB_OUTPUT`. healthlint is installed for real
from a copy of this checkout (offline, from the wheelhouse the pre-commit test builds)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import write_project
from tests.test_precommit import PROJECT_FILES, ROOT, WHEELHOUSE, ensure_wheelhouse
from tests.test_reports import SARIF_SCHEMA

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
DOCS_WORKFLOW = yaml.safe_load((ROOT / "docs" / "ci" / "github-action.yml").read_text(encoding="utf-8"))
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _substitute(text: str, inputs: Mapping[str, str], outputs: Mapping[str, Mapping[str, str]]) -> str:
    def value(match: re.Match[str]) -> str:
        expression = match.group(1)
        if expression.startswith("inputs."):
            name = expression.removeprefix("inputs.")
            return inputs.get(name, str(ACTION["inputs"][name].get("default", "")))
        step, _, key = expression.removeprefix("steps.").partition(".outputs.")
        if expression.startswith("steps.") and key:
            return outputs[step].get(key, "")
        raise AssertionError(f"the test runner does not evaluate ${{{{ {expression} }}}}")

    return _EXPRESSION.sub(value, text)


def _outputs(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return dict(line.split("=", 1) for line in lines)


class Runner:
    """The parts of a GitHub runner a composite action's `run` steps see."""

    def __init__(self, action_path: Path, temp: Path) -> None:
        self.action_path, self.temp = action_path, temp
        self.outputs: dict[str, dict[str, str]] = {}

    def step(
        self, step: dict[str, Any], workspace: Path, inputs: Mapping[str, str]
    ) -> subprocess.CompletedProcess[str]:
        assert step["shell"] == "bash" and "${{" not in step["run"]  # inputs reach scripts only through env
        output = self.temp / f"output-{step['id']}"
        output.unlink(missing_ok=True)
        script = self.temp / f"{step['id']}.sh"
        script.write_text(step["run"], encoding="utf-8")
        env = {
            **os.environ,
            **{name: _substitute(str(value), inputs, self.outputs) for name, value in step.get("env", {}).items()},
            "GITHUB_ACTION_PATH": str(self.action_path), "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_OUTPUT": str(output), "RUNNER_TEMP": str(self.temp),
            "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(WHEELHOUSE),
        }  # fmt: skip
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=workspace,
                              env=env, capture_output=True, text=True, timeout=600, check=False)  # fmt: skip
        self.outputs[step["id"]] = _outputs(output)
        return done


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Runner:
    """The action's checkout (this repository's files at a ref), with healthlint installed by its first step."""
    ensure_wheelhouse()
    action_path = tmp_path_factory.mktemp("action")
    for name in [*PROJECT_FILES, "action.yml"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, action_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, action_path / name)
    runner = Runner(action_path, tmp_path_factory.mktemp("runner-temp"))
    install = runner.step(STEPS[0], action_path, {})
    assert install.returncode == 0, install.stderr
    assert Path(runner.outputs["install"]["healthlint"]).is_file()
    return runner


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A content repository (`write_project`) with a README that is not an article."""
    write_project(tmp_path)
    (tmp_path / "README.md").write_text("A miracle, but not an article.\n", encoding="utf-8")
    return tmp_path


def run_check(runner: Runner, workspace: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    return runner.step(STEPS[1], workspace, {name.replace("_", "-"): value for name, value in inputs.items()})


def test_the_version_input_installs_that_release(runner: Runner, tmp_path: Path) -> None:
    """`version` installs healthlint from the package index (here the wheelhouse, which holds this
    checkout's wheel) instead of the action's code; a version that does not exist fails the step."""
    from lint import __version__

    released = Runner(runner.action_path, tmp_path)
    assert released.step(STEPS[0], tmp_path, {"version": __version__}).returncode == 0
    command = released.outputs["install"]["healthlint"]
    assert subprocess.run([command, "--version"], capture_output=True, text=True, check=True).stdout.split() == [
        "healthlint,", "version", __version__]  # fmt: skip
    missing = Runner(runner.action_path, tmp_path / "missing")
    (tmp_path / "missing").mkdir()
    done = missing.step(STEPS[0], tmp_path, {"version": "999.0"})
    assert done.returncode != 0 and "healthlint==999.0" in done.stderr


def test_every_expression_names_a_declared_input_or_an_earlier_step() -> None:
    declared, ids = set(ACTION["inputs"]), []
    for step in STEPS:
        for value in step.get("env", {}).values():
            for expression in _EXPRESSION.findall(str(value)):
                name = expression.removeprefix("inputs.").removeprefix("steps.").split(".")[0]
                assert name in (declared if expression.startswith("inputs.") else ids), expression
        ids.append(step["id"])
    assert ACTION["outputs"]["sarif-file"]["value"] == "${{ steps.check.outputs.sarif-file }}"


def test_findings_become_annotations_and_fail_the_step(runner: Runner, workspace: Path) -> None:
    done = run_check(runner, workspace, paths="articles")
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == ("::error file=articles/bad.md,line=3,col=3,endLine=3,endColumn=10,"
                        "title=healthlint house.miracle::Found 'miracle'. Write something else.")  # fmt: skip
    assert sum(line.startswith("::warning file=articles/") for line in lines) == 2
    assert "README.md" not in done.stdout


def test_the_sarif_report_is_written_even_when_the_step_fails(runner: Runner, workspace: Path) -> None:
    done = run_check(runner, workspace, paths="articles", sarif_file="healthlint.sarif")
    assert done.returncode == 1
    assert runner.outputs["check"] == {"sarif-file": "healthlint.sarif"}
    log = json.loads((workspace / "healthlint.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    results = log["runs"][0]["results"]
    assert sorted(r["ruleId"] for r in results) == ["house.miracle", "house.safe", "house.safe"]
    assert done.stdout.count("::") >= 3  # the annotations too


def test_the_baseline_fail_on_and_args_inputs_reach_healthlint(runner: Runner, workspace: Path) -> None:
    assert run_check(runner, workspace, paths="articles", fail_on="error", args="--select house.safe").returncode == 0
    subprocess.run([runner.outputs["install"]["healthlint"], "baseline", "articles"], cwd=workspace, check=True,
                   capture_output=True)  # fmt: skip
    with (workspace / "articles" / "bad.md").open("a", encoding="utf-8") as handle:
        handle.write("\nAnother miracle.\n")
    done = run_check(runner, workspace, paths="articles", baseline=".healthlint-baseline.json")
    assert done.returncode == 1 and done.stdout.count("::error") == 1 and "line=5" in done.stdout
    assert "3 known problems in the baseline" in done.stderr


def test_a_config_input_and_an_error_in_it_exit_2(runner: Runner, workspace: Path) -> None:
    (workspace / "strict.yaml").write_text("packs: []\nrules: [house/]\nfail_on: nonsense\n", encoding="utf-8")
    done = run_check(runner, workspace, paths="articles", config="strict.yaml")
    assert done.returncode == 2 and "strict.yaml:3:10: fail_on must be error, warning or info" in done.stderr


def test_inputs_are_never_shell_code(runner: Runner, workspace: Path) -> None:
    done = run_check(runner, workspace, paths="articles/*.md $(touch injected) ; touch injected")
    # healthlint was given those words as they are: not globbed, substituted or run
    assert done.returncode == 2 and "articles/*.md: no such file or directory" in done.stderr
    done = run_check(runner, workspace, args="`touch injected` articles")
    assert done.returncode == 2 and "`touch: no such file or directory" in done.stderr
    assert not list(workspace.rglob("injected"))


def test_the_ci_page_shows_the_documented_workflow() -> None:
    page = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert (ROOT / "docs" / "ci" / "github-action.yml").read_text(encoding="utf-8") in page
    assert all(f"| `{name}` |" in page for name in ACTION["inputs"])  # every input is in the table


def test_the_documented_workflow_uses_only_declared_inputs_and_runs(runner: Runner, workspace: Path) -> None:
    (step,) = [s for s in DOCS_WORKFLOW["jobs"]["healthlint"]["steps"] if s.get("uses", "").startswith("healthlint/")]
    assert set(step["with"]) <= set(ACTION["inputs"])
    subprocess.run([runner.outputs["install"]["healthlint"], "baseline", "articles"], cwd=workspace, check=True,
                   capture_output=True)  # fmt: skip
    done = run_check(runner, workspace, **{name.replace("-", "_"): str(v) for name, v in step["with"].items()})
    assert done.returncode == 0, done.stdout + done.stderr
    assert (workspace / runner.outputs["check"]["sarif-file"]).is_file()
