"""`healthlint server`: a Language Server Protocol server over stdio, for editors (pygls).

A document is linted by `lint.runner.check_text`: the engine, config discovery and rule selection
of `healthlint check` for the document's path, over the editor's unsaved text. Engine work runs on
one worker thread, so the event loop keeps reading the editor's messages while a large article is
linted; a result for a version the editor has since changed is dropped, never published.

Imported only by `healthlint server`: pygls is an optional extra (`healthlint[server]`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import sys
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from lint import __version__
from lint import config as config_module
from lint.baseline import Baseline
from lint.checking import CheckOptions, Project
from lint.decisions import Decisions
from lint.decisions import load as load_decisions
from lint.errors import ConfigError, HealthlintError
from lint.explain import anchor, explain
from lint.finding import Finding
from lint.markup import FORMATS
from lint.ruleset import Rule
from lint.runner import FileResult, check_text
from lint.source import LineIndex

SOURCE = "healthlint"
RULES_URL = "https://github.com/healthlint/healthlint/blob/main/docs/rules.md"
# documents linted: by the editor's language id (an unsaved buffer has no suffix) or the file's suffix
LANGUAGE_SUFFIX = {"markdown": ".md", "mdx": ".mdx", "plaintext": ".txt", "text": ".txt", "html": ".html"}
SUFFIXES = frozenset({*FORMATS, ".mdx"})  # MDX is read as Markdown, as `healthlint check` reads it
# a change to any of these may change the findings: config, rule files, vocabularies, authors, baseline
SETTINGS_SUFFIXES = (".yaml", ".yml", ".toml", ".json")
WATCHED = "**/*.{yaml,yml,toml,json}"
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
_WHERE = re.compile(r"(\d+)(?::\d+)?: ")  # `LINE[:COLUMN]: ` after the path in an error line


@dataclass(frozen=True)
class Settings:
    """What the editor may set: initializationOptions, or `healthlint` in didChangeConfiguration."""

    baseline: str | None = None  # relative to the workspace root; default: the config's `baseline:`
    known_findings: str = "hint"  # findings the baseline knows: "hint" (shown faintly) or "hide"
    debounce_ms: int = 300  # wait this long after a change before linting

    def updated(self, value: Any) -> Settings:
        """These settings with the keys the editor sent (a client that sends none changes nothing:
        some send empty settings whenever anything changes)."""
        if isinstance(value, Mapping) and isinstance(value.get("healthlint"), Mapping):
            value = value["healthlint"]
        if not isinstance(value, Mapping):
            return self
        settings = Settings(
            value.get("baseline", self.baseline),
            value.get("knownFindings", self.known_findings),
            value.get("debounceMs", self.debounce_ms),
        )
        if settings.baseline is not None and not isinstance(settings.baseline, str):
            raise ConfigError("editor setting baseline must be the path of a baseline file")
        if settings.known_findings not in ("hint", "hide"):
            raise ConfigError(f"editor setting knownFindings must be hint or hide, not {settings.known_findings!r}")
        debounce = settings.debounce_ms
        if isinstance(debounce, bool) or not isinstance(debounce, int) or not 0 <= debounce <= 10_000:
            raise ConfigError("editor setting debounceMs must be a whole number of milliseconds, 0 to 10000")
        return settings


@dataclass(frozen=True)
class Published:
    """What the editor was last sent for a document: for hovers and fixing everything."""

    diagnostics: Sequence[types.Diagnostic]
    rules: Mapping[str, Rule]
    version: int | None = None
    text: str = ""  # the text the findings were found in
    findings: Sequence[Finding] = ()


@dataclass(frozen=True)
class Loaded:
    """A project as the server keeps it between lints: its rules, and its baseline (if any) with
    the entries of each file, so that a keystroke matches one file's entries, not all."""

    project: Project
    baseline: Baseline | None = None
    decisions: Decisions | None = None  # the config's `decisions:`: findings marked false positive are not shown

    @cached_property
    def entries(self) -> Mapping[str, list[dict[str, Any]]]:
        by_file: dict[str, list[dict[str, Any]]] = {}
        if self.baseline is not None:
            for entry in self.baseline.entries:
                by_file.setdefault(self.baseline.absolute(entry["path"]), []).append(entry)
        return by_file

    def without_false_positives(self, result: FileResult) -> FileResult:
        """The result without the findings an editor marked false positive, as `check` leaves them out."""
        if self.decisions is None:
            return result
        matcher = self.decisions.false_positives(self.project.document_rules())  # afresh: it records use
        return replace(result, findings=matcher.unknown(result.findings))

    def known(self, result: FileResult) -> set[int]:
        """Which of the file's findings the baseline knows (by index), as `check` matches them."""
        entries = self.entries.get(os.path.abspath(result.path))
        if self.baseline is None or not entries:
            return set()
        base = self.baseline  # each lint matches afresh: a Baseline records which entries it used
        unknown = {id(f) for f in Baseline(base.path, entries, base.root, base.document_rules, base.version
                                           ).unknown(result.findings)}  # fmt: skip
        return {index for index, finding in enumerate(result.findings) if id(finding) not in unknown}


class Positions:
    """Character offsets in one text as LSP positions, counted in the client's position encoding
    (UTF-16 code units unless the client chose another): a character outside the Basic
    Multilingual Plane, such as most emoji, is one character here and two UTF-16 units there."""

    def __init__(self, text: str, encoding: str) -> None:
        self.lines = LineIndex(text)
        wide = {"utf-8": r"[^\x00-\x7f]", "utf-32": r"(?!)"}.get(encoding, r"[\U00010000-\U0010ffff]")
        self._wide: list[int] = []  # offsets of the characters longer than one code unit
        self._extra: list[int] = []  # code units beyond one per character, up to and including each
        extra = 0
        for match in re.finditer(wide, text):
            extra += (len(match.group().encode("utf-8", "surrogatepass")) if encoding == "utf-8" else 2) - 1
            self._wide.append(match.start())
            self._extra.append(extra)

    def _extra_before(self, offset: int) -> int:
        index = bisect_left(self._wide, offset)
        return self._extra[index - 1] if index else 0

    def at(self, offset: int) -> types.Position:
        line, column = self.lines.position(offset)
        line_start = offset - (column - 1)
        return types.Position(line - 1, column - 1 + self._extra_before(offset) - self._extra_before(line_start))


class HealthlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(SOURCE, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.settings = Settings()
        self.engine = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthlint-lint")
        self.versions: dict[str, int | None] = {}  # open documents: uri -> the latest version
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.published: dict[str, Published] = {}
        self.shown: set[str] = set()  # errors shown since the last reload: each once, not on every keystroke
        self._projects: dict[Path | None, Loaded | HealthlintError] = {}  # touched only on the engine thread

    # -- on the engine thread

    def _project(self, path: Path) -> Loaded:
        """The project of the nearest config at or above the document, as `healthlint check` run
        from that directory would load it, with its baseline (the editor's setting, or the config's
        `baseline:`); an error is kept until the next reload."""
        found = config_module.find(path.parent)
        if found not in self._projects:
            try:
                project = Project.open(CheckOptions(config_path=found, no_config=found is None))
                named = Path(self.settings.baseline) if self.settings.baseline else project.config.baseline
                decisions = project.config.decisions
                self._projects[found] = Loaded(
                    project,
                    project.load_baseline(named) if named else None,
                    load_decisions(decisions) if decisions else None,
                )
            except HealthlintError as exc:
                self._projects[found] = exc
        loaded = self._projects[found]
        if isinstance(loaded, HealthlintError):
            raise loaded
        return loaded

    def _lint(self, uri: str, version: int | None, path: Path, text: str
              ) -> tuple[FileResult, Project, set[int]] | None:  # fmt: skip
        """The document's result, its project and which findings the baseline knows (by index);
        None when the editor has changed the document since this lint was asked for."""
        if self.versions.get(uri, -1) != version:
            return None
        loaded = self._project(path)
        result = loaded.without_false_positives(check_text(path, text, loaded.project.selector, loaded.project.env))
        return result, loaded.project, loaded.known(result)

    # -- on the event loop

    def document_path(self, document: TextDocument) -> Path | None:
        """The path a document is linted as, or None if it is not an article."""
        suffix = LANGUAGE_SUFFIX.get(document.language_id or "")
        if document.uri.startswith("file:"):
            path = Path(document.path)
            return path if path.suffix.lower() in SUFFIXES or suffix else None
        return Path.cwd() / f"untitled{suffix}" if suffix else None  # an unsaved buffer, in the workspace

    def schedule(self, uri: str, delay: float = 0.0) -> None:
        """Lint the document after `delay` seconds, replacing a lint not yet started for it."""
        pending = self.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._lint_later(uri, delay))

    async def _lint_later(self, uri: str, delay: float) -> None:
        await asyncio.sleep(delay)
        try:
            document = self.workspace.get_text_document(uri)
            path = self.document_path(document)
            if path is None:
                return
            version, text = document.version, document.source
            try:
                linted = await asyncio.get_running_loop().run_in_executor(
                    self.engine, self._lint, uri, version, path, text
                )
            except HealthlintError as exc:  # the config, a rule file, the authors registry or the baseline
                self.show_error(str(exc))
                linted = None
                if self.versions.get(uri, -1) == version:
                    self.publish(uri, Published([], {}, version))
            if linted is not None and self.versions.get(uri, -1) == version:
                result, project, known = linted
                rules = {rule.id: rule for rule in project.selector.rules}
                diagnostics = self.diagnostics(result, text, rules, known)
                self.publish(uri, Published(diagnostics, rules, version, text, result.findings))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug costs this lint, never the server
            logging.getLogger(__name__).exception("linting %s failed", uri)
            self.show_error(f"{uri}: cannot be checked: internal error ({type(exc).__name__}: {exc}); please report it")
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]

    def diagnostics(self, result: FileResult, text: str, rules: Mapping[str, Rule], known: set[int]
                    ) -> list[types.Diagnostic]:  # fmt: skip
        positions = Positions(text, _encoding(self))
        hide = self.settings.known_findings == "hide"
        found = [to_diagnostic(finding, positions, rules, index in known)
                 for index, finding in enumerate(result.findings) if not (hide and index in known)]  # fmt: skip
        return found + [error_diagnostic(line, result.path) for line in result.errors]

    def publish(self, uri: str, published: Published) -> None:
        self.published[uri] = published
        params = types.PublishDiagnosticsParams(uri, list(published.diagnostics), published.version)
        self.text_document_publish_diagnostics(params)

    def show_error(self, message: str) -> None:
        if message not in self.shown:
            self.shown.add(message)
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"healthlint: {message}"))

    def reload(self) -> None:
        """Config, rules, authors or baseline may have changed: load them again, re-lint what is open."""
        self.shown.clear()
        self.engine.submit(self._projects.clear)  # before the lints queued below, on the thread that reads it
        for uri in self.versions:
            self.schedule(uri)


def _encoding(ls: HealthlintServer) -> str:
    """The position encoding negotiated at initialize: UTF-16 unless the client chose another."""
    encoding = ls.workspace.position_encoding
    return str(getattr(encoding, "value", encoding) or "utf-16")


def to_diagnostic(finding: Finding, positions: Positions, rules: Mapping[str, Rule], known: bool) -> types.Diagnostic:
    rule = rules.get(finding.rule)
    whole_document = finding.match is None
    data: dict[str, Any] = {"suppressible": rule is not None and not whole_document}
    if finding.fix is not None:
        data["fix"] = finding.fix
    return types.Diagnostic(
        range=types.Range(positions.at(finding.start), positions.at(finding.end)),
        message=f"{finding.message}\nSource: {finding.source}" + ("\n(known: in the baseline)" if known else ""),
        severity=types.DiagnosticSeverity.Hint if known else _SEVERITY[finding.severity],
        code=finding.rule,
        code_description=types.CodeDescription(f"{RULES_URL}#{anchor(rule.id)}") if rule is not None else None,
        source=SOURCE,
        data=data,
    )


def error_diagnostic(line: str, path: str) -> types.Diagnostic:
    """A problem with the document itself (front matter that is not YAML, a rule that timed out on
    it, an internal error): at its line if the message names one."""
    where = _WHERE.match(line, len(path) + 1) if line.startswith(f"{path}:") else None
    row = int(where.group(1)) - 1 if where else 0
    position = types.Position(row, 0)
    return types.Diagnostic(types.Range(position, position), line, types.DiagnosticSeverity.Error, source=SOURCE)


def suppression_edit(document: TextDocument, line: int, rule_id: str) -> types.TextEdit:
    """A `healthlint-disable-next-line` comment on its own line above `line`, indented as it is."""
    text = document.source
    lines = LineIndex(text)
    start, end = lines.line_span(line + 1, text)
    indent = text[start:end][: len(text[start:end]) - len(text[start:end].lstrip())]
    newline = "\r\n" if "\r\n" in text[end : end + 2] or (end == len(text) and "\r\n" in text) else "\n"
    at = types.Position(line, 0)
    return types.TextEdit(types.Range(at, at), f"{indent}<!-- healthlint-disable-next-line {rule_id} -->{newline}")


def _contains(span: types.Range, at: types.Position) -> bool:
    return (span.start.line, span.start.character) <= (at.line, at.character) <= (span.end.line, span.end.character)


server = HealthlintServer()


@server.feature(types.INITIALIZE)
def initialize(ls: HealthlintServer, params: types.InitializeParams) -> None:
    root = ls.workspace.root_path
    if root and os.path.isdir(root):
        # paths are shown, baselines matched and unsaved buffers placed relative to the workspace
        # root, as `healthlint check` run there does
        os.chdir(root)
    try:
        ls.settings = ls.settings.updated(params.initialization_options)
    except HealthlintError as exc:
        ls.show_error(str(exc))


@server.feature(types.INITIALIZED)
def initialized(ls: HealthlintServer, params: types.InitializedParams) -> None:
    capabilities = ls.client_capabilities.workspace
    watching = capabilities.did_change_watched_files if capabilities else None
    if watching is not None and watching.dynamic_registration:
        options = types.DidChangeWatchedFilesRegistrationOptions([types.FileSystemWatcher(WATCHED)])
        registration = types.Registration("healthlint-watch", types.WORKSPACE_DID_CHANGE_WATCHED_FILES, options)
        ls.client_register_capability(types.RegistrationParams([registration]))


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: HealthlintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.versions[params.text_document.uri] = params.text_document.version
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: HealthlintServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.versions[params.text_document.uri] = params.text_document.version
    ls.schedule(params.text_document.uri, ls.settings.debounce_ms / 1000)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: HealthlintServer, params: types.DidSaveTextDocumentParams) -> None:
    if Path(ls.workspace.get_text_document(params.text_document.uri).path).suffix in SETTINGS_SUFFIXES:
        ls.reload()  # for editors that do not watch files: a saved config is a changed config
    elif params.text_document.uri in ls.versions:
        ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: HealthlintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.versions.pop(uri, None)
    pending = ls.pending.pop(uri, None)
    if pending is not None:
        pending.cancel()
    if ls.published.pop(uri, None) is not None:
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: HealthlintServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.reload()


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
def did_change_configuration(ls: HealthlintServer, params: types.DidChangeConfigurationParams) -> None:
    try:
        ls.settings = ls.settings.updated(params.settings)
    except HealthlintError as exc:
        ls.show_error(str(exc))
        return
    ls.reload()


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: HealthlintServer, params: types.HoverParams) -> types.Hover | None:
    """The `healthlint explain` text of each rule reported where the pointer is."""
    published = ls.published.get(params.text_document.uri)
    if published is None:
        return None
    explained = dict.fromkeys(
        str(d.code) for d in published.diagnostics if d.code in published.rules and _contains(d.range, params.position)
    )
    if not explained:
        return None
    text = "\n---\n\n".join(explain(published.rules[rule_id]) for rule_id in explained)
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text))


FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.{SOURCE}"  # as `ruff server` offers source.fixAll.ruff


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
)
def code_action(ls: HealthlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """For each of our diagnostics in the range: apply its fix; disable its rule for its line.
    For the document: apply every fix, as `healthlint check --fix` would."""
    uri = params.text_document.uri
    actions = []
    fix_all = fix_all_action(ls, uri)
    if fix_all is not None and _wanted(params.context.only, FIX_ALL):
        actions.append(fix_all)
    if not _wanted(params.context.only, types.CodeActionKind.QuickFix):
        return actions
    for diagnostic in params.context.diagnostics:
        data = diagnostic.data if isinstance(diagnostic.data, Mapping) else {}
        if diagnostic.source != SOURCE or not isinstance(diagnostic.code, str):
            continue
        if isinstance(data.get("fix"), str):
            edit = types.TextEdit(diagnostic.range, data["fix"])
            actions.append(types.CodeAction(
                f"Replace with '{data['fix']}' ({diagnostic.code})", kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic], is_preferred=True, edit=types.WorkspaceEdit({uri: [edit]}),
            ))  # fmt: skip
        if data.get("suppressible") is True:
            document = ls.workspace.get_text_document(uri)
            edit = suppression_edit(document, diagnostic.range.start.line, diagnostic.code)
            actions.append(types.CodeAction(
                f"Disable {diagnostic.code} for this line", kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic], edit=types.WorkspaceEdit({uri: [edit]}),
            ))  # fmt: skip
    return actions


def _wanted(only: Sequence[str] | None, kind: str) -> bool:
    """Whether the client asked for actions of this kind (`only` names kinds or their parents)."""
    return only is None or any(kind == asked or kind.startswith(f"{asked}.") for asked in only)


def fix_all_action(ls: HealthlintServer, uri: str) -> types.CodeAction | None:
    """One edit applying every fix of the document's latest findings (none if the text has changed
    since they were found: their offsets would be wrong)."""
    from lint.fixing import apply_fixes

    published = ls.published.get(uri)
    if published is None or published.version != ls.versions.get(uri, -1):
        return None
    fixed, count = apply_fixes(published.text, published.findings)
    if not count:
        return None
    whole = types.Range(types.Position(0, 0), Positions(published.text, _encoding(ls)).at(len(published.text)))
    edit = types.WorkspaceEdit({uri: [types.TextEdit(whole, fixed)]})
    return types.CodeAction(f"Fix all healthlint problems ({count})", kind=FIX_ALL, edit=edit)


@server.feature(types.SHUTDOWN)
def shutdown(ls: HealthlintServer, params: None) -> None:
    for pending in ls.pending.values():
        pending.cancel()
    ls.engine.shutdown(wait=False, cancel_futures=True)


def serve() -> None:
    logging.basicConfig(level=logging.WARNING, format="healthlint server: %(message)s")
    protocol_out = sys.stdout.buffer
    sys.stdout = sys.stderr  # stdout carries the protocol: a stray print must go to the log instead
    with contextlib.suppress(KeyboardInterrupt):
        server.start_io(sys.stdin.buffer, protocol_out)
