"""Caches a repository or a shared CI cache can plant: a planted file runs no code, changes no
finding, and nothing is written outside a real cache directory (docs/robustness.md, "Caches")."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lint import cache
from lint.cli import cli


class Planted:
    """A pickle that runs code when loaded: it makes the directory `marker`."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return os.mkdir, (str(self.marker),)


@pytest.fixture
def user(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user of their own: a fresh user cache directory and a fresh secret, for this test only."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("HEALTHLINT_STATE_DIR", str(home / "state"))
    return home


def in_process(*args: str) -> tuple[str, str]:
    result = CliRunner().invoke(cli, ["check", "--format", "json", *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout, result.stderr


def whole_process(project: Path, *args: str) -> str:
    """A run in a process of its own (the compiled-rule cache is loaded once per process)."""
    done = subprocess.run([sys.executable, "-m", "lint", "check", "--format", "json", *args, "articles"],
                          cwd=project, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    return done.stdout


def entries(project: Path) -> dict[str, Path]:
    return {p.name: p for p in (project / cache.RESULTS_DIR / "results").glob("*.entry")}


def rewrite_entries(project: Path, change: Callable[[Any], Any]) -> None:
    """Each result entry, authentic under this user's secret, replaced by change(entry)."""
    key = cache.secret()
    assert key is not None
    for name, path in entries(project).items():
        payload = cache.unseal(key, name, path.read_bytes())
        assert payload is not None
        path.write_bytes(cache.seal(key, name, json.dumps(change(json.loads(payload))).encode("utf-8")))


# --- compiled-rule and compiled-pattern caches (the user cache directory) ---------------------


def test_a_planted_pickle_runs_no_code(project: Path, user: Path) -> None:
    truth = whole_process(project, "--no-cache")  # fills the user caches
    planted = sorted((user / "cache").glob("rules-*.pickle"))
    assert planted
    marker = user / "code-ran"
    for path in planted:
        path.write_bytes(pickle.dumps(Planted(marker)))
    assert whole_process(project, "--no-cache") == truth
    assert not marker.exists()


def test_a_forged_rule_set_changes_no_finding(project: Path, user: Path) -> None:
    """Data-only pickles that load cleanly: an empty rule set, plain and under another user's secret."""
    truth = whole_process(project, "--no-cache")
    (stored,) = (user / "cache").glob("rules-*.pickle")
    stored.write_bytes(pickle.dumps([]))
    assert whole_process(project, "--no-cache") == truth
    another_users_key = b"k" * 32
    stored.write_bytes(cache.seal(another_users_key, stored.name, pickle.dumps([])))
    assert whole_process(project, "--no-cache") == truth
    assert '"house.miracle"' in truth


def test_planted_links_and_fifos_in_the_user_cache_are_neither_followed_nor_waited_on(
    project: Path, user: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    truth = whole_process(project, "--no-cache")
    outside = tmp_path_factory.mktemp("outside")
    for path in (user / "cache").glob("*.pickle"):
        target = outside / path.name
        target.write_bytes(b"theirs")
        path.unlink()
        path.symlink_to(target)
    assert whole_process(project, "--no-cache") == truth
    assert all(p.read_bytes() == b"theirs" for p in outside.iterdir())
    for path in (user / "cache").glob("*.pickle"):
        path.unlink()
        os.mkfifo(path)  # reading it would block forever
    assert whole_process(project, "--no-cache") == truth


def test_a_symlinked_user_cache_dir_is_not_used(project: Path, user: Path, tmp_path_factory: pytest.TempPathFactory,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    outside = tmp_path_factory.mktemp("outside")
    (user / "link").symlink_to(outside)
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(user / "link"))
    assert '"house.miracle"' in whole_process(project, "--no-cache")
    assert list(outside.iterdir()) == []


def test_the_secret_is_private_and_outside_every_cache(project: Path, user: Path) -> None:
    in_process()
    (key,) = (user / "state").iterdir()
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) == 32
    key.chmod(0o644)  # readable by others: not a secret any more, so no cache is used
    cache._secret_in.cache_clear()
    assert cache.secret() is None
    assert '"house.miracle"' in in_process()[0]


# --- the result cache (.healthlint_cache/ in the project) ------------------------------------


def test_valid_entries_are_read_back(project: Path, user: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Field checks accept what healthlint wrote: CRLF, emoji, findings about suppression comments."""
    (project / "articles" / "odd.md").write_bytes(
        "# 😀 T\r\n\r\nA miracle 😀. <!-- healthlint-disable nosuch.rule -->\r\nGenerally safe.\r\n".encode()
    )
    first, _ = in_process()
    assert "healthlint.unknown-suppression" in first and len(entries(project)) == 4

    def not_again(*args: Any) -> Any:
        raise AssertionError("linted again: a valid entry was not read back")

    monkeypatch.setattr("lint.runner.lint_document", not_again)
    assert in_process()[0] == first


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda e: {**e, "findings": [[10_000, *r[1:]] for r in e["findings"]]}, id="line-out-of-range"),
        pytest.param(lambda e: {**e, "findings": [[r[0], 10_000, *r[2:]] for r in e["findings"]]}, id="column"),
        pytest.param(lambda e: {**e, "findings": [["1", *r[1:]] for r in e["findings"]]}, id="line-a-string"),
        pytest.param(lambda e: {**e, "findings": [[True, *r[1:]] for r in e["findings"]]}, id="line-a-boolean"),
        pytest.param(lambda e: {**e, "findings": [[*r[:8], -5, *r[9:]] for r in e["findings"]]}, id="offset"),
        pytest.param(lambda e: {**e, "findings": [[*r[:6], "other", *r[7:]] for r in e["findings"]]}, id="match"),
        pytest.param(
            lambda e: {**e, "findings": [[*r[:4], "house.gone", *r[5:]] for r in e["findings"]]}, id="rule-not-selected"
        ),
        pytest.param(lambda e: {**e, "findings": [[*r[:5], None, *r[6:]] for r in e["findings"]]}, id="message"),
        pytest.param(lambda e: {**e, "findings": [r[:5] for r in e["findings"]]}, id="short-row"),
        pytest.param(lambda e: {**e, "findings": {}}, id="findings-a-mapping"),
        pytest.param(lambda e: [e], id="entry-a-list"),
    ],
)
def test_a_poisoned_entry_is_a_miss_and_is_rewritten(project: Path, user: Path, change: Callable[[Any], Any]) -> None:
    truth, _ = in_process("--no-cache")
    in_process()
    valid = {path.read_bytes() for path in entries(project).values()}
    rewrite_entries(project, change)
    poisoned = {path.read_bytes() for path in entries(project).values()} - valid
    assert poisoned
    assert in_process()[0] == truth  # no traceback either: in_process lets exceptions through
    assert not poisoned & {path.read_bytes() for path in entries(project).values()}  # rewritten


def test_a_rule_s_texts_come_from_the_rule_not_the_entry(project: Path, user: Path) -> None:
    truth, _ = in_process("--no-cache")
    in_process()
    rewrite_entries(project, lambda e: {**e, "builtin": {"house.miracle": ["other", "info", "Hacked.", "Hacked."]}})
    assert in_process()[0] == truth


def stored_files(project: Path) -> list[Path]:
    return [p for p in (project / cache.RESULTS_DIR / "results").rglob("*") if p.is_file()]


def test_an_unauthenticated_entry_is_a_miss(project: Path, user: Path) -> None:
    truth, _ = in_process("--no-cache")
    in_process()
    assert stored_files(project)
    for path in stored_files(project):
        path.write_text('{"rules":{},"findings":[]}', encoding="utf-8")  # the poisoned entry
    assert in_process()[0] == truth


def test_an_entry_precomputed_under_another_secret_is_not_trusted(
    project: Path, user: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """An attacker who knows everything but the user's secret: run key, content digest, names."""
    truth, _ = in_process("--no-cache")
    in_process()
    attacker_key = b"a" * 32
    for name, path in entries(project).items():
        entry = json.loads(cache.unseal(cache.secret() or b"", name, path.read_bytes()) or b"")
        forged = json.dumps({**entry, "findings": []}).encode("utf-8")
        path.write_bytes(cache.seal(attacker_key, name, forged))
    assert in_process()[0] == truth
    # a fresh clone with a whole cache directory made by someone else (committed, or from a CI cache)
    shutil.rmtree(project / cache.RESULTS_DIR)
    monkeypatch.setenv("HEALTHLINT_STATE_DIR", str(tmp_path_factory.mktemp("someone-else")))
    in_process()
    rewrite_entries(project, lambda e: {**e, "findings": []})
    assert in_process()[0] == "[]\n"  # their cache, as they forged it
    monkeypatch.setenv("HEALTHLINT_STATE_DIR", str(user / "state"))
    assert in_process()[0] == truth


def test_a_fifo_in_place_of_an_entry_does_not_hang(project: Path, user: Path) -> None:
    truth = whole_process(project)  # in a process of its own, with a time limit, in case it does hang
    assert stored_files(project)
    for path in stored_files(project):
        path.unlink()
        os.mkfifo(path)
    assert whole_process(project) == truth


# --- a planted .healthlint_cache --------------------------------------------------------------


def files_in(directory: Path) -> set[str]:
    return {p.relative_to(directory).as_posix() for p in directory.rglob("*")}


def test_a_cache_dir_linked_to_the_project_writes_nothing(project: Path, user: Path) -> None:
    """`ln -s . .healthlint_cache`: once wrote `*` into the project's .gitignore; the next run checked 0 files."""
    truth, _ = in_process("--no-cache")
    (project / cache.RESULTS_DIR).symlink_to(".")
    before = files_in(project)
    for _ in range(2):
        output, errors = in_process()
        assert output == truth
        assert "is a symbolic link; results are not cached in this run" in errors
    assert files_in(project) == before


def test_a_cache_dir_linked_elsewhere_writes_nothing_there(
    project: Path, user: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (project / cache.RESULTS_DIR).symlink_to(outside)
    in_process()
    (project / cache.RESULTS_DIR).unlink()
    (project / cache.RESULTS_DIR).symlink_to(outside / "not-yet")  # dangling: not created either
    in_process()
    assert list(outside.iterdir()) == []


def test_links_inside_a_committed_cache_dir_are_not_written_through(
    project: Path, user: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    truth, _ = in_process("--no-cache")
    outside = tmp_path_factory.mktemp("outside")
    (project / ".gitignore").write_text("# the project's own\n", encoding="utf-8")
    committed = project / cache.RESULTS_DIR
    committed.mkdir()
    (committed / ".gitignore").symlink_to("../.gitignore")
    (committed / "CACHEDIR.TAG").symlink_to(outside / "tag")
    (committed / "results").symlink_to(outside)
    output, errors = in_process()
    assert output == truth and "results is a symbolic link" in errors
    assert (project / ".gitignore").read_text(encoding="utf-8") == "# the project's own\n"
    assert list(outside.iterdir()) == []


# --- bounded growth -----------------------------------------------------------------------------


def age(path: Path, days: float) -> None:
    then = time.time() - days * 86_400
    os.utime(path, (then, then), follow_symlinks=False)


def test_one_entry_per_article_and_selection_whatever_the_date_or_content(project: Path, user: Path) -> None:
    config = project / ".healthlint.yaml"
    for day in ("2026-01-01", "2026-01-02", "2026-01-03"):  # each day once made a new entry per article
        config.write_text(f"packs: []\nrules: [house/]\ntoday: {day}\n", encoding="utf-8")
        in_process()
        (project / "articles" / "bad.md").write_text(f"A miracle on {day}.\n", encoding="utf-8")
        in_process()
    assert len(entries(project)) == len(stored_files(project)) - 1 == 3  # and the pruning time
    in_process("--select", "house.miracle")
    assert len(entries(project)) == 6


def test_entries_unused_for_thirty_days_are_removed(project: Path, user: Path) -> None:
    made: dict[str, str] = {}
    for article in ("bad.md", "warn.txt", "clean.md"):
        known = set(entries(project))
        in_process(f"articles/{article}")
        (made[article],) = set(entries(project)) - known
    results = project / cache.RESULTS_DIR / "results"
    age(results / made["bad.md"], 40)
    in_process("articles/bad.md")  # read: used, so its time is refreshed
    assert (results / made["bad.md"]).stat().st_mtime > time.time() - 3600
    age(results / made["warn.txt"], 29)
    age(results / made["clean.md"], 31)
    (results / ".tmp-left-by-a-killed-run").write_bytes(b"")
    age(results / ".tmp-left-by-a-killed-run", 2)
    age(results / "pruned", 2)  # pruning looks at most once a day
    in_process("articles/bad.md")
    assert set(entries(project)) == {made["bad.md"], made["warn.txt"]}
    assert not (results / ".tmp-left-by-a-killed-run").exists()
    age(results / made["warn.txt"], 31)
    in_process("articles/bad.md")  # pruned less than a day ago: not looked at again
    assert made["warn.txt"] in entries(project)


def test_the_previous_format_s_entries_are_removed(project: Path, user: Path) -> None:
    """Format 2 kept one entry per article and day in fan-out directories, and never removed one."""
    in_process()
    results = project / cache.RESULTS_DIR / "results"
    (results / "ab").mkdir()
    (results / "ab" / "cdef0123.json").write_text('{"rules":{},"findings":[]}', encoding="utf-8")
    age(results / "pruned", 2)
    in_process()
    assert not (results / "ab").exists() and len(entries(project)) == 3
