"""A `--fix` run killed half-way (a real process, a real signal) leaves every file wholly old
or wholly new, never half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml

from tests.conftest import BASE_RULE, NoAliasDumper

SWAP = {
    **BASE_RULE,
    "id": "house.suffers",
    "kind": "substitution",
    "swap": {"suffers from": "has"},
    "examples": {"bad": ["She suffers from it.", "He suffers from pain."], "good": ["She has it.", "Pain."]},
}
PARAGRAPH = "Our reader suffers from migraines and writes about it here. " * 40 + "\n\n"


def test_killed_fix_run_leaves_no_half_written_file(tmp_path: Path) -> None:
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "swap.yaml").write_text(yaml.dump([SWAP], Dumper=NoAliasDumper), encoding="utf-8")
    (tmp_path / ".healthlint.yaml").write_text("packs: []\nrules: [house/]\n", encoding="utf-8")
    articles = tmp_path / "articles"
    articles.mkdir()
    originals = {}
    for n in range(400):
        text = f"# Article {n}\n\n" + PARAGRAPH * 6
        (articles / f"a{n:03d}.md").write_text(text, encoding="utf-8")
        originals[f"a{n:03d}.md"] = text
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    process = subprocess.Popen([sys.executable, "-m", "lint", "check", "--fix", "--no-cache", "articles"], cwd=tmp_path,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 60
    first = articles / "a000.md"
    while first.read_text(encoding="utf-8") == originals["a000.md"] and time.monotonic() < deadline:
        time.sleep(0.01)  # wait until the run has begun writing
    time.sleep(0.3)
    process.send_signal(signal.SIGKILL)
    process.wait()
    fixed = old = 0
    for name, text in originals.items():
        now = (articles / name).read_text(encoding="utf-8")
        if now == text:
            old += 1
        else:
            assert now == text.replace("suffers from", "has"), f"{name} is neither old nor new"
            fixed += 1
    assert fixed and old, f"the run was not interrupted half-way ({fixed} fixed, {old} untouched)"
    leftovers = [p.name for p in articles.iterdir() if not p.name.endswith(".md")]
    assert all(name.endswith(".healthlint-tmp") for name in leftovers), leftovers
