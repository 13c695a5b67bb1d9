"""Text for people, like a compiler or ruff: location, rule and message, then the source
line with the span underlined and the hint, then one summary line."""

from __future__ import annotations

import click

from lint.finding import Finding
from lint.printable import printable
from lint.report import ReportContext, Summary, plural
from lint.runner import FileResult
from lint.source import LineIndex

_COLORS = {"error": "red", "warning": "yellow", "info": "blue"}
_CONTEXT = 50  # characters shown either side of a span on a long line


class Reporter:
    def __init__(self, context: ReportContext) -> None:
        self.out, self.color, self.quiet = context.out, context.color, context.quiet

    def _style(self, text: str, **styles: object) -> str:
        return click.style(text, **styles) if self.color else text  # type: ignore[arg-type]

    def file(self, result: FileResult) -> None:
        lines = LineIndex(result.source) if result.source and not self.quiet else None
        text = []  # one write per file: each write to a console stream has its cost
        for finding in result.findings:
            text.append(self.headline(finding) + "\n")
            if lines is not None:
                text.append(self.excerpt(finding, result.source, lines))
        self.out.write("".join(text))

    def headline(self, f: Finding) -> str:
        # the path starts the line; path, rule and message may all carry article or file-system text
        where = self._style(f"{printable(f.path, starts_line=True)}:{f.line}:{f.column}:", bold=True)
        severity = self._style(f.severity, fg=_COLORS[f.severity], bold=True)
        return f"{where} {severity} {self._style(printable(f.rule), fg='cyan')} {printable(f.message)}"

    def excerpt(self, f: Finding, source: str, lines: LineIndex) -> str:
        hint = f"   = hint: {printable(f.hint)}\n"
        if f.match is None:
            return hint + "\n"
        start, end = lines.line_span(f.line, source)
        text = source[start:end].replace("\t", " ")
        first = f.column - 1
        last = f.end_column - 1 if f.end_line == f.line else len(text)
        # long lines (a whole paragraph on one line) are cut to a window around the span
        cut = max(first - _CONTEXT, 0)
        if cut:
            text, first, last = "…" + text[cut:], first - cut + 1, last - cut + 1
        if len(text) > last + _CONTEXT:
            text = text[: last + _CONTEXT] + "…"
        # escapes are wider than the characters they show: the marks move with them
        text, first, last = printable(text), len(printable(text[:first])), len(printable(text[:last]))
        gutter = " " * len(str(f.line))
        marks = self._style("^" * max(last - first, 1), fg=_COLORS[f.severity], bold=True)
        return f" {gutter} |\n {f.line} | {text}\n {gutter} | {' ' * first}{marks}\n{hint}\n"

    def finish(self, summary: Summary) -> None:
        total = sum(summary.by_severity.values())
        parts = [plural(summary.by_severity[s], s) for s in ("error", "warning", "info") if summary.by_severity[s]]
        files = f"{plural(summary.files, 'file')} checked"
        if total:
            line = f"Found {plural(total, 'problem')} ({', '.join(parts)}); {files}."
        else:
            line = f"No problems found; {files}."
        if summary.errors:
            line += f" {plural(summary.errors, 'file error')} (see above)."
        self.out.write(self._style(line, bold=True) + "\n")
