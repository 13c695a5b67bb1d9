"""User-facing errors. Each carries a one-line message and maps to exit code 2.

Anything else that escapes is a bug in healthlint, not in the user's input.
"""

from __future__ import annotations


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
