"""Caches that make repeated runs cheap; all are safe to delete at any time.

- Compiled rules: the validated, anchor-analysed rule set, with each pattern's compiled
  opcodes, pickled, keyed by the content of every rule and pack file, the schema, and the
  versions of healthlint and the `regex` module. It lives in the user's cache directory
  (`$HEALTHLINT_CACHE_DIR`, else `$XDG_CACHE_HOME/healthlint`, else `~/.cache/healthlint`).
- Results: each article's findings, one entry per article and rule selection, under
  `.healthlint_cache/` at the project root. Re-running over an unchanged repository reads these
  instead of linting again.

No cache file is trusted as found: a repository can commit `.healthlint_cache/`, a shared CI
cache can restore the user cache directory. Every file therefore carries an HMAC-SHA256 under a
per-user secret kept elsewhere (`secret()`), checked before a pickle is loaded or an entry is
read; a file without a valid one is a miss, and is rewritten. Cache directories are opened
without following a symbolic link and every name in them is opened relative to the opened
directory, so nothing is read or written through a link. Any other failure to read or write a
cache (a read-only checkout, a full disk) is ignored: the run goes on without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import pickle
import stat
import sys
import time
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from lint import __version__
from lint.finding import SEVERITIES, Finding
from lint.source import LineIndex

if TYPE_CHECKING:
    from lint.engine import Selection

RESULTS_DIR = ".healthlint_cache"
UNUSED_DAYS = 30  # a result entry neither read nor written for this long is removed
_FORMAT = "3"
_DAY = 86_400.0
_MAX_FILE = 64 * 1024 * 1024  # a larger cache file is not read (the compiled rules take 0.7 MB)
_SECRET_FILE = "cache-key"
_SECRET_SIZE = 32
_MAC_SIZE = hashlib.sha256().digest_size
# names are opened relative to an opened directory (dir_fd), never through a symbolic link
# (O_NOFOLLOW) and never waiting (O_NONBLOCK: a planted FIFO); where the platform cannot, no cache
_SAFE = os.open in os.supports_dir_fd and hasattr(os, "O_NOFOLLOW")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_OPEN_DIRECTORY = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_READ = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _NOFOLLOW
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW


class UnsafeCache(Exception):
    """A cache directory that must not be used: a symbolic link, or another user's."""


def user_cache_dir() -> Path:
    explicit = os.environ.get("HEALTHLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "healthlint"


def state_dir() -> Path:
    """Where the cache secret is kept: not a cache directory, not a repository."""
    explicit = os.environ.get("HEALTHLINT_STATE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "healthlint"


def digest(parts: Iterable[bytes | str]) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


class _Directory:
    """A directory opened without following a symbolic link. Every name in it is opened relative
    to it, without following a link either, so nothing is read or written outside it."""

    def __init__(self, fd: int, path: Path) -> None:
        self.fd = fd
        self.path = path

    @classmethod
    def open(cls, path: Path) -> _Directory:
        """Opens `path`, creating it if need be; its parent is the user's to choose and is followed.
        Raises UnsafeCache for a symbolic link or another user's directory, OSError otherwise."""
        if not _SAFE:
            raise OSError("this platform cannot open files relative to a directory")
        parent = os.open(path.parent, _OPEN_DIRECTORY)
        try:
            return cls._child(parent, path)
        finally:
            os.close(parent)

    def subdirectory(self, name: str) -> _Directory:
        return self._child(self.fd, self.path / name)

    @classmethod
    def _child(cls, parent: int, path: Path) -> _Directory:
        with contextlib.suppress(FileExistsError):  # a link, dangling or not, is not replaced
            os.mkdir(path.name, 0o700, dir_fd=parent)
        try:
            fd = os.open(path.name, _OPEN_DIRECTORY | _NOFOLLOW, dir_fd=parent)
        except OSError:
            if stat.S_ISLNK(os.stat(path.name, dir_fd=parent, follow_symlinks=False).st_mode):
                raise UnsafeCache(f"{path} is a symbolic link") from None
            raise
        if os.fstat(fd).st_uid != os.geteuid():
            os.close(fd)
            raise UnsafeCache(f"{path} belongs to another user")
        return cls(fd, path)

    def close(self) -> None:
        os.close(self.fd)

    def __enter__(self) -> _Directory:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def read(self, name: str, private: bool = False) -> tuple[bytes, float] | None:
        """A regular file of this user's: its content and modification time. None if it is missing,
        a link, not a regular file (a FIFO would block), too large, or (`private`) open to others."""
        try:
            fd = os.open(name, _READ, dir_fd=self.fd)
        except OSError:
            return None
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if (not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_size > _MAX_FILE
                    or (private and info.st_mode & 0o077)):  # fmt: skip
                return None
            try:
                return handle.read(), info.st_mtime
            except OSError:
                return None

    def modified(self, name: str) -> float | None:
        try:
            return os.stat(name, dir_fd=self.fd, follow_symlinks=False).st_mtime
        except OSError:
            return None

    def touch(self, name: str) -> None:
        with contextlib.suppress(OSError, NotImplementedError):
            os.utime(name, dir_fd=self.fd, follow_symlinks=False)

    def write(self, name: str, data: bytes) -> None:
        """Replaces `name` with `data` in one step: a new file here, renamed over it (over a link
        itself, never its target). Failures are ignored."""
        self._place(name, data, os.replace)

    def create(self, name: str, data: bytes) -> None:
        """Creates `name` with `data` unless it exists; no reader ever sees it half-written."""
        self._place(name, data, os.link)

    def _place(self, name: str, data: bytes, move: Callable[..., None]) -> None:
        temporary = f".tmp-{os.urandom(8).hex()}"
        try:
            fd = os.open(temporary, _CREATE, 0o600, dir_fd=self.fd)
        except OSError:
            return
        renamed = False
        with contextlib.suppress(OSError):
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            move(temporary, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
            renamed = move is os.replace  # a link leaves the temporary name behind
        if not renamed:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=self.fd)

    def entries(self) -> list[tuple[str, float]]:
        """Each name here with its own modification time (a link's, not its target's)."""
        found: list[tuple[str, float]] = []
        with contextlib.suppress(OSError), os.scandir(self.fd) as listing:
            for entry in listing:
                with contextlib.suppress(OSError):
                    found.append((entry.name, entry.stat(follow_symlinks=False).st_mtime))
        return found

    def remove(self, name: str) -> None:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=self.fd)

    def remove_directory(self, name: str) -> None:
        """Removes a subdirectory that holds only files (never following a link)."""
        with contextlib.suppress(OSError, UnsafeCache):
            with self.subdirectory(name) as inner:
                for entry, _ in inner.entries():
                    inner.remove(entry)
            os.rmdir(name, dir_fd=self.fd)


# --- the secret and sealed files ------------------------------------------------------------


def secret() -> bytes | None:
    """The per-user key of every cache file's MAC; None if there is none (no cache is then read
    or written).

    Made once (`secrets.token_bytes`), readable by its owner only, kept in the user's state
    directory: outside every cache directory and repository, so a planted or copied cache file
    never carries a valid MAC. A CI job whose state directory starts empty starts with an empty
    cache, whatever a shared CI cache restored.
    """
    return _secret_in(state_dir())


@cache
def _secret_in(directory: Path) -> bytes | None:
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        with _Directory.open(directory) as folder:
            found = folder.read(_SECRET_FILE, private=True)
            if found is None:
                import secrets

                folder.create(_SECRET_FILE, secrets.token_bytes(_SECRET_SIZE))
                found = folder.read(_SECRET_FILE, private=True)  # ours, or another process's made first
    except (OSError, UnsafeCache):
        return None
    return found[0] if found is not None and len(found[0]) == _SECRET_SIZE else None


def _mac(key: bytes, name: str, payload: bytes) -> bytes:
    # the file's name is authenticated too: a valid file moved to another name is not valid there
    mac = hmac.new(key, name.encode("utf-8") + b"\0", hashlib.sha256)
    mac.update(payload)
    return mac.digest()


def seal(key: bytes, name: str, payload: bytes) -> bytes:
    return _mac(key, name, payload) + payload


def unseal(key: bytes, name: str, sealed: bytes) -> bytes | None:
    """The payload, if the MAC is right; None otherwise (a planted, copied or damaged file)."""
    payload = sealed[_MAC_SIZE:]
    return payload if hmac.compare_digest(sealed[:_MAC_SIZE], _mac(key, name, payload)) else None


def _user_directory() -> _Directory:
    path = user_cache_dir()
    path.parent.mkdir(parents=True, exist_ok=True)
    return _Directory.open(path)


def _load_user(name: str) -> bytes | None:
    """An authenticated file of the user cache directory, or None."""
    key = secret()
    if key is None:
        return None
    try:
        with _user_directory() as folder:
            found = folder.read(name)
    except (OSError, UnsafeCache):
        return None
    return unseal(key, name, found[0]) if found is not None else None


def _store_user(name: str, payload: bytes, keep: tuple[str, int] | None = None, drop: str | None = None) -> None:
    """Writes an authenticated file to the user cache directory. `keep` (prefix, count): then
    only the `count` most recent files with that prefix are kept; files named `drop...` go."""
    key = secret()
    if key is None:
        return
    with contextlib.suppress(OSError, UnsafeCache), _user_directory() as folder:
        folder.write(name, seal(key, name, payload))
        if keep is not None:
            prefix, count = keep
            stored = sorted(((t, n) for n, t in folder.entries() if n.startswith(prefix)), reverse=True)
            for _, old in stored[count:]:
                folder.remove(old)
        if drop is not None:
            for old, _ in folder.entries():
                if old.startswith(drop):
                    folder.remove(old)


# --- compiled rules -------------------------------------------------------------------------

_RETIRED = "regex-"  # the separate compiled-pattern file of earlier releases (now kept with the rules)


def _code_stamp() -> str:
    """healthlint's own code, by file size and modification time: a changed engine (anchor
    analysis, rule kinds) must not reuse rules compiled by the old one."""
    package = Path(__file__).parent
    return ";".join(
        f"{p.relative_to(package)}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sorted(package.rglob("*.py"))
    )


def rules_key(files: Iterable[Path]) -> str:
    import regex

    from lint.ruleset import SCHEMA_PATH
    from lint.yamlmarks import read_limited

    # the patterns' opcodes are kept with the rules: they hold for one `regex` release
    versions = [__version__, _FORMAT, sys.version, regex.__version__]
    parts: list[bytes | str] = [*versions, _code_stamp(), SCHEMA_PATH.read_bytes()]
    for file in files:
        parts += [str(file), read_limited(str(file))]  # a rule path may name /dev/zero or a FIFO
    return digest(parts)


def load_rules(key: str) -> Any:
    data = _load_user(f"rules-{key}.pickle")
    if data is None:
        return None
    try:
        return pickle.loads(data)  # authenticated: written by this user's healthlint
    except (pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def store_rules(key: str, rules: Any) -> None:
    try:
        data = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PickleError, TypeError, AttributeError):
        return
    # keep the few most recent rule sets (several projects or branches); drop the rest
    _store_user(f"rules-{key}.pickle", data, keep=("rules-", 8), drop=_RETIRED)


# --- results --------------------------------------------------------------------------------


# a stored finding: these fields, in this order (the rule's texts and severity come from the rules)
_ROW = ("line", "column", "end_line", "end_column", "rule", "message", "match", "fix", "start", "end", "fingerprint")
_ENTRY = ".entry"
_PRUNED = "pruned"  # its modification time: when entries were last pruned
_TAG = b"Signature: 8a477f597d28d172789f06886806bc55\n# healthlint cache; safe to delete\n"


def _content(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


class ResultCache:
    """Findings per article: one entry per article path and rule selection, overwritten when the
    article, the rules, the configuration or the date change (the run key and the article's digest
    are stored in the entry and compared); an entry unused for UNUSED_DAYS days is removed."""

    def __init__(self, directory: _Directory, key: bytes, run_key: str) -> None:
        self.directory: _Directory | None = directory
        self.key = key
        self.run_key = run_key
        self._texts: dict[str, dict[str, list[str]]] = {}  # selection key -> rule id -> the rule's texts

    @classmethod
    def open(cls, root: Path, run_key: str) -> ResultCache | None:
        """The project's result cache; None where it cannot be used (no secret, a read-only
        checkout). Raises UnsafeCache if a directory of it is a symbolic link or another user's."""
        key = secret()
        if key is None:
            return None
        try:
            with _Directory.open(root / RESULTS_DIR) as top:
                if top.modified("CACHEDIR.TAG") is None:  # tells backup tools, git and people it can go
                    top.write("CACHEDIR.TAG", _TAG)
                    top.write(".gitignore", b"*\n")
                directory = top.subdirectory("results")
        except OSError:
            return None
        opened = cls(directory, key, run_key)
        opened.prune()
        return opened

    def __getstate__(self) -> dict[str, Any]:
        # a directory descriptor means nothing in a spawned process: spawned workers go without
        # (forked workers inherit the object, descriptor included)
        return {**self.__dict__, "directory": None}

    def _name(self, shown: str, selection: Selection) -> str:
        return digest([self.key, _FORMAT, shown, selection.key]) + _ENTRY

    def get(self, shown: str, raw: bytes, text: str, selection: Selection) -> list[Finding] | None:
        """The article's findings if its entry is authentic, for this run and content, and every
        field checks out against the text and the current rules; otherwise None (a miss)."""
        if self.directory is None:
            return None
        name = self._name(shown, selection)
        found = self.directory.read(name)
        payload = unseal(self.key, name, found[0]) if found is not None else None
        if found is None or payload is None:
            return None
        try:
            entry = json.loads(payload.decode("utf-8", "surrogatepass"))
        except (ValueError, RecursionError):
            return None
        if not isinstance(entry, dict) or entry.get("run") != self.run_key or entry.get("content") != _content(raw):
            return None
        if selection.key not in self._texts:
            self._texts[selection.key] = {rule.id: [rule.category, selection.severity.get(rule.id, rule.severity),
                                                    rule.hint, rule.source] for rule in selection.rules}  # fmt: skip
        findings = _restore(shown, text, self._texts[selection.key], entry)
        if findings is not None and found[1] < time.time() - _DAY:
            self.directory.touch(name)  # in use: spared by pruning (refreshed at most once a day)
        return findings

    def put(self, shown: str, raw: bytes, selection: Selection, findings: list[Finding]) -> None:
        if self.directory is None:
            return
        chosen = {rule.id for rule in selection.rules}
        entry = {
            "run": self.run_key,
            "content": _content(raw),
            # findings about suppression comments have no rule to take their texts from
            "builtin": {f.rule: [f.category, f.severity, f.hint, f.source] for f in findings if f.rule not in chosen},
            "findings": [[getattr(f, field) for field in _ROW] for f in findings],
        }
        name = self._name(shown, selection)
        payload = json.dumps(entry, ensure_ascii=False).encode("utf-8", "surrogatepass")
        self.directory.write(name, seal(self.key, name, payload))

    def prune(self) -> None:
        """Removes entries unused for UNUSED_DAYS days (articles deleted or renamed, selections no
        longer run) and temporary files a killed run left behind; looks at most once a day."""
        directory = self.directory
        if directory is None:
            return
        now = time.time()
        last = directory.modified(_PRUNED)
        if last is not None and last > now - _DAY:
            return
        for name, modified in directory.entries():
            if (name.endswith(_ENTRY) and modified < now - UNUSED_DAYS * _DAY) or (
                name.startswith(".tmp-") and modified < now - _DAY
            ):
                directory.remove(name)
            elif len(name) == 2 and all(c in "0123456789abcdef" for c in name):
                directory.remove_directory(name)  # the previous format's entries, one per article and day
        directory.write(_PRUNED, b"")


# the types of a stored finding's fields (a bool is not an int here)
_KINDS = {(int, int, int, int, str, str, match, fix, int, int, str)
          for match in (str, type(None)) for fix in (str, type(None))}  # fmt: skip


def _restore(path: str, text: str, selected: dict[str, list[str]], entry: dict[str, Any]) -> list[Finding] | None:
    """The entry's findings, every field checked: types, positions against the article's text,
    rule ids against the selection. A selected rule's category, severity, hint and source come from
    the current rules (`selected`), not from the entry. None if anything is off."""
    rows, builtin = entry.get("findings"), entry.get("builtin")
    if type(rows) is not list or type(builtin) is not dict:
        return None
    lines = LineIndex(text)
    texts: dict[str, list[str] | None] = {}  # per rule id
    restored: list[Finding] = []
    for row in rows:
        if type(row) is not list or tuple(map(type, row)) not in _KINDS:
            return None
        line, column, end_line, end_column, rule_id, message, match, fix, start, end, fingerprint = row
        if match is None:  # a whole-document finding
            if not (start == end == 0 and line == column == end_line == end_column == 1):
                return None
        elif not (0 <= start <= end <= len(text) and text[start:end] == match
                  and lines.position(start) == (line, column)
                  and lines.position(end) == (end_line, end_column)):  # fmt: skip
            return None
        if rule_id not in texts:
            texts[rule_id] = selected.get(rule_id) or _suppression_texts(rule_id, builtin.get(rule_id))
        found = texts[rule_id]
        if found is None:
            return None
        category, severity, hint, source = found
        restored.append(Finding(path=path, line=line, column=column, end_line=end_line, end_column=end_column,
                                rule=rule_id, category=category, severity=severity, message=message, match=match,
                                hint=hint, fix=fix, source=source, start=start, end=end,
                                fingerprint=fingerprint))  # fmt: skip
    return restored


def _suppression_texts(rule_id: str, stored: Any) -> list[str] | None:
    """Category, severity, hint and source as stored, accepted only for healthlint's own findings
    about suppression comments, which have no rule to take them from."""
    from lint.suppress import UNKNOWN_RULE, UNUSED

    if (rule_id in (UNKNOWN_RULE, UNUSED) and type(stored) is list and len(stored) == 4
            and all(type(t) is str for t in stored) and stored[1] in SEVERITIES):  # fmt: skip
        return stored
    return None


# --- compiled regular expressions ------------------------------------------------------------
#
# The `regex` module parses and optimises a pattern in Python, then hands the resulting opcodes
# to its C core; for the packs' lexicon-heavy patterns the Python half is most of a one-file run.
# The arguments of that last call are plain data, so each pattern of a rule set keeps them, and
# they travel with it in the compiled-rule cache (whose key names the `regex` release): a later
# process rebuilds a pattern it uses in microseconds, and only the patterns it uses. The C core
# trusts those opcodes (crafted ones could crash it), so they are read only from that
# authenticated file. Any surprise (a damaged entry) falls back to an ordinary compile.


def compile_pattern(source: str, flags: int) -> tuple[Any, bytes | None]:
    """The compiled pattern, and its opcodes as `rebuild_pattern` takes them (None: not capturable)."""
    import regex
    from regex import _main

    engine: Any = getattr(_main, "_regex", None)  # the C core
    if engine is None:
        return regex.compile(source, flags), None
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
    if not captured or captured[-1][0] != source:
        return pattern, None
    return pattern, pickle.dumps(captured[-1], protocol=pickle.HIGHEST_PROTOCOL)


def rebuild_pattern(codes: bytes) -> Any:
    """The pattern `compile_pattern` captured, or None when these opcodes do not rebuild it."""
    from regex import _main

    engine: Any = getattr(_main, "_regex", None)
    try:
        return engine.compile(*pickle.loads(codes))  # authenticated: from this user's rule cache
    except Exception:
        return None
