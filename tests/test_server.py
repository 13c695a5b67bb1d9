"""`healthlint server`, driven over stdio as an editor drives it (pytest-lsp starts the real server
process and speaks the Language Server Protocol to it)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
TODAY = "today: 2026-01-15\n"

ARTICLE = textwrap.dedent(
    """\
    # Turmeric for joint pain

    🙂 𝔘 This miracle cure works for everyone.

    Her brother committed suicide in 2019.

    Studies show that turmeric relieves arthritis pain.
    """
)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / ".healthlint.yaml").write_text(TODAY, encoding="utf-8")
    (tmp_path / "article.md").write_text(ARTICLE, encoding="utf-8")
    shutil.copy(ROOT / "fixtures" / "supplement-turmeric-shop.md", tmp_path / "shop.md")
    shutil.copy(ROOT / "fixtures" / "clinic-page-acupuncture.html", tmp_path / "clinic.html")
    shutil.copy(ROOT / "fixtures" / "news-ashwagandha-study.txt", tmp_path / "news.txt")
    (tmp_path / "post.mdx").write_text('import Chart from "./chart"\n\n' + ARTICLE + "\n<Chart />\n", encoding="utf-8")
    return tmp_path


class Client(LanguageClient):
    """pytest-lsp's client, keeping every diagnostics notification in order (its own keeps the last)."""

    def __init__(self) -> None:
        super().__init__(converter_factory=default_converter)
        self.publishes: list[types.PublishDiagnosticsParams] = []
        self.registrations: list[types.Registration] = []


def on_publish(client: Client, params: types.PublishDiagnosticsParams) -> None:
    client.publishes.append(params)


def on_register(client: Client, params: types.RegistrationParams) -> None:
    client.registrations.extend(params.registrations)  # as VS Code, whose capabilities the client claims


def make_client() -> Client:
    client = Client()
    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, PUBLISH: on_publish,
                                   types.CLIENT_REGISTER_CAPABILITY: on_register})  # fmt: skip
    return client


SERVER = ClientServerConfig([sys.executable, "-m", "lint", "server"], client_factory=make_client, server_env=ENV)


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: Client, workspace: Path) -> Any:
    capabilities = pytest_lsp.client_capabilities("visual-studio-code")
    params = types.InitializeParams(capabilities=capabilities, root_uri=from_fs_path(str(workspace)),
                                    initialization_options={"debounceMs": 50})  # fmt: skip
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()  # shutdown, then exit: the server ends by itself, cleanly
    assert lsp_client._server is not None and lsp_client._server.returncode == 0


async def published(client: Client, uri: str, version: int | None = None, since: int = 0) -> list[types.Diagnostic]:
    """The first diagnostics published for `uri` (and `version`, if given) after the first `since`."""
    for _ in range(3000):  # a minute at most
        for params in client.publishes[since:]:
            if params.uri == uri and (version is None or params.version == version):
                return list(params.diagnostics)
        await asyncio.sleep(0.02)
    raise AssertionError(f"no diagnostics for {uri} version {version}")


async def open_document(client: Client, path: Path, language: str = "markdown") -> list[types.Diagnostic]:
    uri, since = from_fs_path(str(path)), len(client.publishes)
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri, language, 1, path.read_text(encoding="utf-8"))))  # fmt: skip
    return await published(client, uri, 1, since)


async def change(client: Client, path: Path, version: int, text: str) -> list[types.Diagnostic]:
    uri, since = from_fs_path(str(path)), len(client.publishes)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(version, uri),
        [types.TextDocumentContentChangeWholeDocument(text)]))  # fmt: skip
    return await published(client, uri, version, since)


def config_changed(client: Client, workspace: Path) -> int:
    """Tell the server, as an editor watching files does, that the config changed; returns the
    number of diagnostics notifications before this one."""
    since = len(client.publishes)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([types.FileEvent(
        from_fs_path(str(workspace / ".healthlint.yaml")), types.FileChangeType.Changed)]))  # fmt: skip
    return since


def check_json(workspace: Path, name: str, *options: str) -> list[dict[str, Any]]:
    done = subprocess.run([sys.executable, "-m", "lint", "check", "--format", "json", "--no-cache", *options, name],
                          cwd=workspace, env=ENV, capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    findings: list[dict[str, Any]] = json.loads(done.stdout)
    return findings


def utf16(text: str, line: int, column: int) -> types.Position:
    """A 1-based line and character column as an LSP position in UTF-16 code units."""
    prefix = text.splitlines()[line - 1][: column - 1] if text.splitlines() else ""
    return types.Position(line - 1, len(prefix.encode("utf-16-le")) // 2)


async def code_actions(client: Client, path: Path, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
    """The code actions the server offers for one of its diagnostics, as an editor asks for them."""
    document = types.TextDocumentIdentifier(from_fs_path(str(path)))
    context = types.CodeActionContext([diagnostic])
    actions = await client.text_document_code_action_async(types.CodeActionParams(document, diagnostic.range, context))
    assert actions is not None
    return [action for action in actions if isinstance(action, types.CodeAction)]


def apply(text: str, edit: types.TextEdit) -> str:
    lines = text.splitlines(keepends=True)

    def offset(at: types.Position) -> int:  # ASCII lines here: UTF-16 units are characters
        return sum(len(line) for line in lines[: at.line]) + at.character

    return text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]


SEVERITY = {"error": 1, "warning": 2, "info": 3}


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("name", "language"),
    [("article.md", "markdown"), ("shop.md", "markdown"), ("clinic.html", "html"), ("news.txt", "plaintext"),
     ("post.mdx", "mdx")],
)  # fmt: skip
async def test_diagnostics_are_exactly_the_findings_of_check_json(client: Client, workspace: Path, name: str,
                                                                  language: str) -> None:  # fmt: skip
    diagnostics = await open_document(client, workspace / name, language)
    text = (workspace / name).read_text(encoding="utf-8")
    expected = sorted(
        (f["rule"], SEVERITY[f["severity"]], utf16(text, f["line"], f["column"]), utf16(text, f["end_line"],
         f["end_column"]), f["message"], f["source"]) for f in check_json(workspace, name)
    )  # fmt: skip
    got = sorted((d.code, d.severity, d.range.start, d.range.end, d.message.split("\nSource: ")[0],
                  d.message.split("\nSource: ")[1]) for d in diagnostics)  # fmt: skip
    assert len(expected) >= 3
    assert got == expected
    assert {d.source for d in diagnostics} == {"healthlint"}
    for d in diagnostics:  # each links to its rule's section of docs/rules.md (`## claims.cure` -> #claimscure)
        assert isinstance(d.code, str)
        if d.code.startswith("healthlint."):  # a suppression comment's own finding: no rule to document
            assert d.code_description is None
        else:
            assert d.code_description is not None
            assert d.code_description.href.endswith(f"/docs/rules.md#{d.code.replace('.', '')}")


@pytest.mark.asyncio
async def test_positions_count_utf16_units_after_an_emoji_and_an_astral_letter(client: Client,
                                                                               workspace: Path) -> None:  # fmt: skip
    diagnostics = await open_document(client, workspace / "article.md")
    cure = next(d for d in diagnostics if d.code == "claims.cure-or-guarantee")
    # "🙂 𝔘 This " is 9 characters but 11 UTF-16 units: each of 🙂 and 𝔘 is a surrogate pair
    assert cure.range.start == types.Position(2, 11)
    assert cure.range.end == types.Position(2, 11 + len("miracle cure"))


@pytest.mark.asyncio
async def test_a_client_that_counts_in_utf8_gets_byte_positions(workspace: Path) -> None:
    """LSP 3.17 lets a client offer other position encodings (Neovim offers UTF-8 first)."""
    client = make_client()
    await client.start_io(sys.executable, "-m", "lint", "server", env=ENV, cwd=str(workspace))
    try:
        capabilities = types.ClientCapabilities(general=types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16]))  # fmt: skip
        root = from_fs_path(str(workspace))
        answer = await client.initialize_session(types.InitializeParams(capabilities, root_uri=root))
        assert answer.capabilities.position_encoding == types.PositionEncodingKind.Utf8
        diagnostics = await open_document(client, workspace / "article.md")
        cure = next(d for d in diagnostics if d.code == "claims.cure-or-guarantee")
        assert cure.range.start == types.Position(2, len("🙂 𝔘 This ".encode()))  # 15 bytes before it
        await client.shutdown_session()
    finally:
        await client.stop()


@pytest.mark.asyncio
async def test_applying_the_fix_makes_the_diagnostic_go(client: Client, workspace: Path) -> None:
    path = workspace / "article.md"
    diagnostics = await open_document(client, path)
    swap = next(d for d in diagnostics if d.code == "safe-messaging.committed-suicide")
    actions = await code_actions(client, path, swap)
    fix = next(a for a in actions if a.is_preferred)
    assert fix.edit is not None and fix.edit.changes is not None
    (edit,) = fix.edit.changes[from_fs_path(str(path))]
    fixed = apply(ARTICLE, edit)
    assert "Her brother died by suicide in 2019." in fixed
    after = await change(client, path, 2, fixed)
    assert "safe-messaging.committed-suicide" not in {d.code for d in after}
    assert {d.code for d in after} == {d.code for d in diagnostics} - {"safe-messaging.committed-suicide"}


@pytest.mark.asyncio
async def test_fix_all_applies_what_check_fix_applies(client: Client, workspace: Path) -> None:
    text = "He committed suicide.\n\nShe tried to commit suicide and is a suicide victim.\n"
    path = workspace / "swaps.md"
    path.write_text(text, encoding="utf-8")
    diagnostics = await open_document(client, path)
    document = types.TextDocumentIdentifier(from_fs_path(str(path)))
    everywhere = types.Range(types.Position(0, 0), types.Position(0, 0))
    context = types.CodeActionContext([], only=[types.CodeActionKind.SourceFixAll])
    actions = await client.text_document_code_action_async(types.CodeActionParams(document, everywhere, context))
    assert actions is not None and len(actions) == 1
    (action,) = actions
    assert isinstance(action, types.CodeAction) and action.kind == "source.fixAll.healthlint"
    assert action.edit is not None and action.edit.changes is not None
    (edit,) = action.edit.changes[document.uri]
    fixed = apply(text, edit)
    subprocess.run([sys.executable, "-m", "lint", "check", "--fix", "--no-cache", "swaps.md"], cwd=workspace, env=ENV,
                   capture_output=True, check=False)  # fmt: skip
    assert fixed == path.read_text(encoding="utf-8") != text
    swaps = {d.code for d in diagnostics if d.code == "safe-messaging.committed-suicide"}
    assert swaps and not swaps & {d.code for d in await change(client, path, 2, fixed)}


@pytest.mark.asyncio
async def test_disabling_the_rule_for_the_line_makes_the_diagnostic_go(client: Client,
                                                                       workspace: Path) -> None:  # fmt: skip
    path = workspace / "article.md"
    diagnostics = await open_document(client, path)
    claim = next(d for d in diagnostics if d.code == "claims.cure-or-guarantee")
    actions = await code_actions(client, path, claim)
    disable = next(a for a in actions if a.title.startswith("Disable"))
    assert disable.edit is not None and disable.edit.changes is not None
    (edit,) = disable.edit.changes[from_fs_path(str(path))]
    assert edit.new_text == "<!-- healthlint-disable-next-line claims.cure-or-guarantee -->\n"
    after = await change(client, path, 2, apply(ARTICLE, edit))
    codes = {d.code for d in after}
    assert "claims.cure-or-guarantee" not in codes
    assert "healthlint.unused-suppression" not in codes  # the comment suppressed what it was written for
    assert "safe-messaging.committed-suicide" in codes


@pytest.mark.asyncio
async def test_hover_on_a_diagnostic_explains_its_rule(client: Client, workspace: Path) -> None:
    path = workspace / "article.md"
    diagnostics = await open_document(client, path)
    swap = next(d for d in diagnostics if d.code == "safe-messaging.committed-suicide")
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(from_fs_path(str(path))), swap.range.start)
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    explained = subprocess.run([sys.executable, "-m", "lint", "explain", "safe-messaging.committed-suicide"],
                               cwd=workspace, env=ENV, capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert hover.contents.value == explained
    assert "### Why it matters" in explained and "reportingonsuicide.org" in explained
    nowhere = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(from_fs_path(str(path))), types.Position(1, 0))
    )
    assert nowhere is None  # the blank line after the heading: nothing reported there


@pytest.mark.asyncio
async def test_a_config_change_re_lints_open_documents(client: Client, workspace: Path) -> None:
    path = workspace / "article.md"
    before = {d.code for d in await open_document(client, path)}
    assert "claims.cure-or-guarantee" in before
    (workspace / ".healthlint.yaml").write_text(TODAY + "ignore: [claims]\n", encoding="utf-8")
    assert [r.method for r in client.registrations] == [types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    since = config_changed(client, workspace)
    after = {d.code for d in await published(client, from_fs_path(str(path)), since=since)}
    assert after == {code for code in before if not code.startswith("claims.")}
    assert after


@pytest.mark.asyncio
async def test_saving_the_config_in_the_editor_re_lints_too(client: Client, workspace: Path) -> None:
    """For editors that do not watch files: the config saved in the editor is a changed config."""
    path = workspace / "article.md"
    assert "safe-messaging.committed-suicide" in {d.code for d in await open_document(client, path)}
    config = workspace / ".healthlint.yaml"
    config.write_text(TODAY + "ignore: [safe-messaging]\n", encoding="utf-8")
    since = len(client.publishes)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(from_fs_path(str(config))))
    )
    after = {d.code for d in await published(client, from_fs_path(str(path)), since=since)}
    assert "safe-messaging.committed-suicide" not in after and "claims.cure-or-guarantee" in after


@pytest.mark.asyncio
async def test_a_broken_config_is_one_message_and_the_server_lives_on(client: Client, workspace: Path) -> None:
    article, shop = workspace / "article.md", workspace / "shop.md"
    assert await open_document(client, article)
    assert await open_document(client, shop)
    (workspace / ".healthlint.yaml").write_text(TODAY + "packs: [no-such-pack]\n", encoding="utf-8")
    since = config_changed(client, workspace)
    for path in (article, shop):  # no findings from a config that cannot be read
        assert await published(client, from_fs_path(str(path)), since=since) == []
    errors = [m for m in client.messages if m.type == types.MessageType.Error]
    assert len(errors) == 1, errors  # one message for the config, not one per document
    assert ".healthlint.yaml" in errors[0].message and "no-such-pack" in errors[0].message
    # repaired: the server, still running, lints again
    (workspace / ".healthlint.yaml").write_text(TODAY, encoding="utf-8")
    since = config_changed(client, workspace)
    assert "claims.cure-or-guarantee" in {
        d.code for d in await published(client, from_fs_path(str(article)), since=since)
    }


@pytest.mark.asyncio
async def test_a_broken_authors_registry_is_a_message_too(client: Client, workspace: Path) -> None:
    (workspace / "authors.yaml").write_text("authors: [{credentials: [MD]}]\n", encoding="utf-8")
    (workspace / ".healthlint.yaml").write_text(TODAY + "authors: authors.yaml\n", encoding="utf-8")
    assert await open_document(client, workspace / "article.md") == []
    (message,) = client.messages
    assert "authors.yaml:1:" in message.message and "each author needs a `name`" in message.message


@pytest.mark.asyncio
async def test_a_document_that_cannot_be_read_is_a_diagnostic_and_others_are_still_linted(
    client: Client, workspace: Path
) -> None:
    broken = workspace / "broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\n\nThis miracle cure works.\n", encoding="utf-8")
    (diagnostic,) = await open_document(client, broken)
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert "front matter is not valid YAML" in diagnostic.message
    assert diagnostic.range.start.line == check_line(workspace, "broken.md") - 1
    assert "claims.cure-or-guarantee" in {d.code for d in await open_document(client, workspace / "article.md")}


@pytest.mark.asyncio
async def test_an_exception_on_one_document_costs_that_document_only(client: Client, workspace: Path) -> None:
    # a lone surrogate (legal in JSON's \\ud800, not a character) makes the Markdown parser raise
    uri = from_fs_path(str(workspace / "odd.md"))
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri, "markdown", 1, "This miracle cure \ud800 works.\n")))  # fmt: skip
    (diagnostic,) = await published(client, uri, 1)
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.message.startswith("odd.md: cannot be checked: internal error (UnicodeEncodeError")
    assert "claims.cure-or-guarantee" in {d.code for d in await open_document(client, workspace / "article.md")}


def check_line(workspace: Path, name: str) -> int:
    """The line `healthlint check` names in its error for the file."""
    done = subprocess.run([sys.executable, "-m", "lint", "check", "--no-cache", name], cwd=workspace, env=ENV,
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 2
    return int(done.stderr.split(f"{name}:")[1].split(":")[0])


@pytest.mark.asyncio
async def test_baselined_findings_are_hints_or_hidden(client: Client, workspace: Path) -> None:
    """The config's `baseline:` applies as `check` applies it: what check leaves out is a hint here."""
    (workspace / ".healthlint.yaml").write_text(TODAY + "baseline: known.json\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "lint", "baseline", "--no-cache", "article.md"], cwd=workspace, env=ENV,
                   capture_output=True, check=True)  # fmt: skip
    path = workspace / "article.md"
    known = await open_document(client, path)
    assert known and {d.severity for d in known} == {types.DiagnosticSeverity.Hint}
    # the sentence around a known finding edited (it stays known), and a new claim
    edited = ARTICLE.replace("works for everyone", "works for almost everyone") + "\nNo side effects at all.\n"
    path.write_text(edited, encoding="utf-8")
    after = await change(client, path, 2, edited)
    fresh = sorted(str(d.code) for d in after if d.severity != types.DiagnosticSeverity.Hint)
    assert fresh == sorted(f["rule"] for f in check_json(workspace, "article.md")) == ["claims.absolute-safety"]
    since = len(client.publishes)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams({"healthlint": {"knownFindings": "hide", "debounceMs": 50}})
    )
    assert [d.code for d in await published(client, from_fs_path(str(path)), since=since)] == ["claims.absolute-safety"]
    since = len(client.publishes)  # a client that sends empty settings (Neovim does) changes none of them
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams({}))
    assert [d.code for d in await published(client, from_fs_path(str(path)), since=since)] == ["claims.absolute-safety"]
    since = len(client.publishes)  # the editor's own baseline wins over the config's
    settings = {"healthlint": {"baseline": "x.json"}}
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings))
    assert await published(client, from_fs_path(str(path)), since=since) == []
    assert [m.message for m in client.messages if "x.json" in m.message] == [
        "healthlint: x.json: baseline file not found (create it with `healthlint baseline`)"
    ]


@pytest.mark.asyncio
async def test_findings_marked_false_positive_are_not_shown_as_check_leaves_them_out(
    client: Client, workspace: Path
) -> None:
    subprocess.run([sys.executable, "-m", "lint", "audit", "--no-cache", "--json", "audit.json", "article.md"],
                   cwd=workspace, env=ENV, capture_output=True, check=True)  # fmt: skip
    first = json.loads((workspace / "audit.json").read_text(encoding="utf-8"))["findings"][0]
    decision = {key: first[key] for key in ("fingerprint", "path", "rule", "match", "line")}
    document = {"version": 1, "generated_by": "test", "decisions": [{**decision, "status": "false-positive"}]}
    (workspace / "decisions.json").write_text(json.dumps(document), encoding="utf-8")
    (workspace / ".healthlint.yaml").write_text(TODAY + "decisions: decisions.json\n", encoding="utf-8")
    shown = await open_document(client, workspace / "article.md")
    expected = check_json(workspace, "article.md")
    assert first["rule"] not in {f["rule"] for f in expected}  # check leaves it out ...
    assert sorted(str(d.code) for d in shown) == sorted(f["rule"] for f in expected)  # ... and so does the editor


@pytest.mark.asyncio
async def test_a_bad_editor_setting_is_a_message(client: Client, workspace: Path) -> None:
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams({"healthlint": {"knownFindings": 1}}))
    document = types.TextDocumentIdentifier(from_fs_path(str(workspace / "article.md")))
    await client.text_document_hover_async(types.HoverParams(document, types.Position(0, 0)))  # after the setting
    expected = "healthlint: editor setting knownFindings must be hint or hide, not 1"
    assert [m.message for m in client.messages] == [expected]
    assert "claims.cure-or-guarantee" in {d.code for d in await open_document(client, workspace / "article.md")}


@pytest.mark.asyncio
async def test_only_the_latest_version_is_published(client: Client, workspace: Path) -> None:
    path = workspace / "article.md"
    await open_document(client, path)
    uri, since = from_fs_path(str(path)), len(client.publishes)
    for version in range(2, 7):  # typing: five changes within the debounce interval
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version, uri),
            [types.TextDocumentContentChangeWholeDocument(ARTICLE + "x" * version)]))  # fmt: skip
    await published(client, uri, 6, since)
    assert [p.version for p in client.publishes[since:]] == [6]


@pytest.mark.asyncio
async def test_an_unsaved_buffer_is_linted_with_the_workspace_config(client: Client, workspace: Path) -> None:
    (workspace / ".healthlint.yaml").write_text(TODAY + "ignore: [safe-messaging]\n", encoding="utf-8")
    uri = "untitled:Untitled-1"
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "markdown", 1, ARTICLE)))
    codes = {d.code for d in await published(client, uri, 1)}
    assert "claims.cure-or-guarantee" in codes and "safe-messaging.committed-suicide" not in codes


def test_the_server_is_not_imported_by_check(tmp_path: Path) -> None:
    """`healthlint check` (a pre-commit hook, run on every commit) never imports the server or pygls."""
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    probe = ("import sys; from lint.cli import main; code = main(['check', '--no-cache', 'a.md']); "
             "print(code, sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol') "
             "or m == 'lint.server'))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=ENV, capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert done.stdout.splitlines()[-1] == "1 []"


def test_without_the_server_extra_the_command_is_one_line_and_exit_2() -> None:
    # a module set to None in sys.modules cannot be imported: as if pygls were not installed
    probe = "import sys; sys.modules['pygls'] = None; from lint.cli import main; sys.exit(main(['server']))"
    done = subprocess.run([sys.executable, "-c", probe], env=ENV, capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr == "healthlint: error: `healthlint server` needs pygls: pip install 'healthlint[server]'\n"


# Loads editors/vscode/extension.js with stand-ins for the two modules only VS Code provides, calls
# activate() as VS Code does, and prints how it constructed its LanguageClient.
ACTIVATE = """
const Module = require("module");
const made = {};
const stand_ins = {
  vscode: { workspace: { getConfiguration: () => ({ get: (key, fallback) => fallback }) } },
  "vscode-languageclient/node": {
    LanguageClient: class {
      constructor(id, name, server, client) { Object.assign(made, { id, name, server, client }); }
      start() { return Promise.resolve(); }
    },
  },
};
const load = Module._load;
Module._load = function (request, ...rest) {
  return request in stand_ins ? stand_ins[request] : load.call(this, request, ...rest);
};
require(process.argv[1]).activate();
console.log(JSON.stringify(made));
"""
VSCODE = ROOT / "editors" / "vscode"


def activated_extension() -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the VS Code extension's code cannot run here")
    done = subprocess.run([node, "-e", ACTIVATE, str(VSCODE / "extension.js")], capture_output=True, text=True,
                          check=True)  # fmt: skip
    made: dict[str, Any] = json.loads(done.stdout)
    return made


@pytest.mark.asyncio
async def test_the_vscode_extension_starts_the_server_it_names(tmp_path: Path) -> None:
    """Spawn the command line extension.js gives its LanguageClient, with `healthlint` on PATH
    running this checkout, and lint a document through it."""
    made = activated_extension()
    assert made["server"] == {"command": "healthlint", "args": ["server"]}  # no transport: plain stdio
    assert {"scheme": "file", "language": "markdown"} in made["client"]["documentSelector"]
    assert made["client"]["initializationOptions"] == {"baseline": None, "knownFindings": "hint", "debounceMs": 300}
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "healthlint"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m lint "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    env = {**ENV, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    client = make_client()
    await client.start_io(made["server"]["command"], *made["server"]["args"], env=env, cwd=str(tmp_path))
    try:
        await client.initialize_session(types.InitializeParams(
            capabilities=pytest_lsp.client_capabilities("visual-studio-code"), root_uri=from_fs_path(str(tmp_path)),
            initialization_options=made["client"]["initializationOptions"]))  # fmt: skip
        diagnostics = await open_document(client, tmp_path / "a.md")
        assert "claims.cure-or-guarantee" in {d.code for d in diagnostics}
        await client.shutdown_session()  # shutdown, then exit: the process ends by itself
        assert client._server is not None and client._server.returncode == 0
    finally:
        await client.stop()


def test_the_vscode_extension_packages_with_vsce(tmp_path: Path) -> None:
    """`npm ci` and `vsce package`, from the npm registry, as a release would build it."""
    npm, npx = shutil.which("npm"), shutil.which("npx")
    if npm is None or npx is None:
        pytest.skip("npm is not installed: the VS Code extension cannot be packaged here")
    folder = tmp_path / "vscode"
    shutil.copytree(VSCODE, folder, ignore=shutil.ignore_patterns("node_modules", "*.vsix"))
    subprocess.run([npm, "ci", "--omit=dev", "--no-audit", "--no-fund"], cwd=folder, check=True, capture_output=True)
    subprocess.run([npx, "--yes", "@vscode/vsce", "package", "--out", "healthlint.vsix"], cwd=folder, check=True,
                   capture_output=True)  # fmt: skip
    import zipfile

    names = set(zipfile.ZipFile(folder / "healthlint.vsix").namelist())
    for name in ("package.json", "extension.js", "server-options.js", "node_modules/vscode-languageclient/node.js"):
        assert f"extension/{name}" in names
