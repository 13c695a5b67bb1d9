"""Checking files in worker processes, results in the same order as the files.

Workers are forked from the main process, so they start with the rules already loaded;
each returns findings and the article's text, never the parsed document.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from lint.checks.base import Environment, compile_patterns
from lint.files import Reading
from lint.runner import FileResult, check_file, display_path
from lint.selecting import RuleSelector

_STATE: dict[str, Any] = {}


def _start(selector: RuleSelector, env: Environment, reading: Reading, cache: Any) -> None:
    _STATE.update(selector=selector, env=env, reading=reading, cache=cache)


def _check(path: Path) -> FileResult:
    return check_file(path, _STATE["selector"], _STATE["env"], _STATE["reading"], _STATE["cache"])


def check_all(files: Sequence[Path], selector: RuleSelector, env: Environment, reading: Reading, cache: Any,
              jobs: int) -> Iterator[FileResult]:  # fmt: skip
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    if context.get_start_method() == "fork":
        for rule in selector.rules:  # compiled once here, shared by every forked worker
            compile_patterns(rule.check)
            compile_patterns(rule.gate)
    state = (selector, env, reading, cache)
    chunk = max(1, min(16, len(files) // (jobs * 8)))
    done = 0
    try:
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start, initargs=state) as pool:
            for result in pool.map(_check, files, chunksize=chunk):
                yield result
                done += 1
    except BrokenProcessPool:
        yield from _one_at_a_time(files[done:], context, state)


def _one_at_a_time(files: Sequence[Path], context: Any, state: tuple[Any, ...]) -> Iterator[FileResult]:
    """After a worker died (killed, out of memory, a crash in native code), the files left are
    checked in order by a single worker, so that the next death names its file; a new worker takes
    over from the file after it."""
    while files:
        done = 0
        try:
            with ProcessPoolExecutor(1, mp_context=context, initializer=_start, initargs=state) as pool:
                for result in pool.map(_check, files):
                    yield result
                    done += 1
            return
        except BrokenProcessPool:
            shown = display_path(files[done])
            yield FileResult(shown, errors=[f"{shown}: cannot be checked: the worker process checking it stopped "
                                            "(killed, or a crash); please report it"])  # fmt: skip
            files = files[done + 1 :]
