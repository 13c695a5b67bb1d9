"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""

from __future__ import annotations

from lint.printable import printable
from lint.report import ReportContext, Summary, plural
from lint.runner import FileResult

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    """A command's data: `printable` shows CR, LF and other controls as escapes (the runner
    would turn GitHub's `%0A` back into a line break in the annotation and leave ESC raw in
    the log), so of GitHub's own escaping only `%` is left to do."""
    return printable(text).replace("%", "%25")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class Reporter:
    def __init__(self, context: ReportContext) -> None:
        self.out = context.out

    def file(self, result: FileResult) -> None:
        for f in result.findings:
            where = f"file={_property(f.path)},line={f.line}"
            if f.match is not None:
                where += f",col={f.column},endLine={f.end_line},endColumn={f.end_column}"
            title = _property(f"healthlint {f.rule}")
            self.out.write(f"::{LEVELS[f.severity]} {where},title={title}::{_data(f'{f.message} {f.hint}')}\n")
        for error in result.errors:
            self.out.write(f"::error file={_property(result.path)},title=healthlint::{_data(error)}\n")

    def finish(self, summary: Summary) -> None:
        total = sum(summary.by_severity.values())
        self.out.write(f"healthlint: {plural(total, 'problem')} in {summary.files} files checked\n")
