"""Caches that make repeated runs cheap; both are safe to delete at any time.

- Compiled rules: the validated, anchor-analysed rule set, pickled, keyed by the content of
  every rule and pack file, the schema and healthlint's version. It lives in the user's cache
  directory (`$HEALTHLINT_CACHE_DIR`, else `$XDG_CACHE_HOME/healthlint`, else
  `~/.cache/healthlint`), never in a repository, because a pickle from an untrusted place
  could run code when loaded.
- Results: each article's findings as JSON, keyed by its path and content, the rule set, the
  configuration and the version, under `.healthlint_cache/` at the project root. Re-running
  over an unchanged repository reads these instead of linting again.

Any failure to read or write a cache (a read-only checkout, a full disk) is ignored: the
run goes on without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lint import __version__
from lint.finding import Finding

RESULTS_DIR = ".healthlint_cache"
_FORMAT = "2"


def user_cache_dir() -> Path:
    explicit = os.environ.get("HEALTHLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "healthlint"


def digest(parts: Iterable[bytes | str]) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _write(path: Path, data: bytes) -> None:
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


# --- compiled rules -------------------------------------------------------------------------


def _code_stamp() -> str:
    """healthlint's own code, by file size and modification time: a changed engine (anchor
    analysis, rule kinds) must not reuse rules compiled by the old one."""
    package = Path(__file__).parent
    return ";".join(
        f"{p.relative_to(package)}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sorted(package.rglob("*.py"))
    )


def rules_key(files: Iterable[Path]) -> str:
    from lint.ruleset import SCHEMA_PATH

    parts: list[bytes | str] = [__version__, _FORMAT, sys.version, _code_stamp(), SCHEMA_PATH.read_bytes()]
    for file in files:
        parts += [str(file), file.read_bytes()]
    return digest(parts)


def load_rules(key: str) -> Any:
    path = user_cache_dir() / f"rules-{key}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def store_rules(key: str, rules: Any) -> None:
    try:
        data = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PickleError, TypeError, AttributeError):
        return
    _write(user_cache_dir() / f"rules-{key}.pickle", data)
    # keep the few most recent rule sets (several projects or branches); drop the rest
    with contextlib.suppress(OSError):
        stored = sorted(user_cache_dir().glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in stored[8:]:
            old.unlink()


# --- results --------------------------------------------------------------------------------


# a stored finding: these fields, in this order (the path and the rule's texts are stored once)
_ROW = ("line", "column", "end_line", "end_column", "rule", "severity", "message", "match", "fix", "start", "end",
        "fingerprint")  # fmt: skip


def _restore(path: str, rules: dict[str, list[str]], row: list[Any]) -> Finding:
    line, column, end_line, end_column, rule, severity, message, match, fix, start, end, fingerprint = row
    category, hint, source = rules[rule]
    return Finding(path=path, line=line, column=column, end_line=end_line, end_column=end_column, rule=rule,
                   category=category, severity=severity, message=message, match=match, hint=hint, fix=fix,
                   source=source, start=start, end=end, fingerprint=fingerprint)  # fmt: skip


class ResultCache:
    """Findings per article, keyed by content, rule set, configuration and version."""

    def __init__(self, root: Path, run_key: str) -> None:
        self.directory = root / RESULTS_DIR / "results"
        self.run_key = run_key

    def _path(self, shown: str, raw: bytes, selection: str) -> Path:
        key = digest([self.run_key, selection, shown, raw])
        return self.directory / key[:2] / f"{key[2:]}.json"

    def get(self, shown: str, raw: bytes, selection: str) -> list[Finding] | None:
        try:
            stored = json.loads(self._path(shown, raw, selection).read_bytes())
            return [_restore(shown, stored["rules"], row) for row in stored["findings"]]
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def put(self, shown: str, raw: bytes, selection: str, findings: list[Finding]) -> None:
        stored = {  # a rule's category, hint and source once per file, not once per finding
            "rules": {f.rule: [f.category, f.hint, f.source] for f in findings},
            "findings": [[getattr(f, name) for name in _ROW] for f in findings],
        }
        _write(self._path(shown, raw, selection), json.dumps(stored, ensure_ascii=False).encode("utf-8"))
        self._mark()

    def _mark(self) -> None:
        tag = self.directory.parent / "CACHEDIR.TAG"
        if not tag.exists():  # tells backup tools (and people) that the directory can be deleted
            _write(tag, b"Signature: 8a477f597d28d172789f06886806bc55\n# healthlint cache; safe to delete\n")
            _write(self.directory.parent / ".gitignore", b"*\n")


# --- compiled regular expressions ------------------------------------------------------------


class CompiledPatterns:
    """Compiled `regex` patterns that survive the process.

    The `regex` module parses and optimises a pattern in Python, then hands the resulting
    opcodes to its C core; for the packs' lexicon-heavy patterns the Python half is most of a
    one-file run. The arguments of that last call are plain data, so they are kept here, keyed
    by the `regex` and Python versions, and a later process rebuilds the pattern from them in
    microseconds. Any surprise (another `regex` release, a damaged file) falls back to an
    ordinary compile.
    """

    def __init__(self) -> None:
        self.codes: dict[tuple[str, int], tuple[Any, ...]] | None = None
        self.added = False

    @property
    def path(self) -> Path:
        import regex

        return user_cache_dir() / f"regex-{regex.__version__}-py{sys.version_info[0]}.{sys.version_info[1]}.pickle"

    def _load(self) -> dict[tuple[str, int], tuple[Any, ...]]:
        if self.codes is None:
            try:
                with self.path.open("rb") as handle:
                    loaded = pickle.load(handle)  # our own file, in the user's cache directory
                self.codes = loaded if isinstance(loaded, dict) else {}
            except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
                self.codes = {}
        return self.codes

    def compile(self, source: str, flags: int) -> Any:
        import regex
        from regex import _main

        engine: Any = getattr(_main, "_regex", None)  # the C core; absent, nothing is cached
        codes = self._load()
        args = codes.get((source, flags))
        if args is not None and engine is not None:
            try:
                return engine.compile(*args)
            except Exception:  # a stale entry: compile afresh below
                codes.pop((source, flags), None)
        if engine is None:
            return regex.compile(source, flags)
        captured: list[tuple[Any, ...]] = []
        core = engine.compile

        def capture(*call: Any) -> Any:
            captured.append(call)
            return core(*call)

        engine.compile = capture
        try:
            pattern = regex.compile(source, flags)
        finally:
            engine.compile = core
        if captured and captured[-1][0] == source:
            codes[(source, flags)] = captured[-1]
            if not self.added:
                import atexit

                atexit.register(self.save)
            self.added = True
        return pattern

    def save(self) -> None:
        if self.added and self.codes is not None:
            try:
                data = pickle.dumps(self.codes, protocol=pickle.HIGHEST_PROTOCOL)
            except (pickle.PickleError, TypeError):
                return
            _write(self.path, data)
            self.added = False


compiled_patterns = CompiledPatterns()
