"""User-facing errors. Each carries a one-line message and maps to exit code 2.

Anything else that escapes is a bug in healthlint, not in the user's input.
"""

from __future__ import annotations

from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest of the choices, or ''."""
    import difflib  # only on an error: every run imports this module, few need a suggestion

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def unknown(kind: str, name: str, known: Iterable[str], listed_by: str, shown: str | None = None) -> str:
    """The message for a name nobody defined (`shown` as written, e.g. `{name}`): a suggestion and
    where the names are listed, never the whole list (two hundred vocabularies do not fit a line)."""
    names, shown = sorted(known), shown or repr(name)
    if not names:
        return f"unknown {kind} {shown} (none loaded)"
    return f"unknown {kind} {shown}{did_you_mean(name, names)}; `{listed_by}` lists the {len(names)} known"


class HealthlintError(Exception):
    """A problem with the user's input, rules or configuration (exit code 2)."""

    exit_code = 2


class RuleFileError(HealthlintError):
    """A rule file that cannot be loaded: `path:line:col: message`."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None) -> None:
        where = path if line is None else f"{path}:{line}:{column or 1}"
        super().__init__(f"{where}: {message}")
        self.path, self.line, self.column = path, line, column


class ConfigError(HealthlintError):
    """A configuration file or command-line setting that is not valid."""


class InputError(HealthlintError):
    """An article that cannot be read or decoded."""
