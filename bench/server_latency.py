"""How quickly `healthlint server` answers an editor on a 1 MB article, and whether typing waits for it.

usage: python bench/server_latency.py [--size 1000000] [--keystrokes 20] [--pause 0.5]

Starts the real server over stdio (this checkout's code), opens a generated article of --size
bytes and prints: the time from didOpen to its diagnostics; then, while the writer types one
character every --pause seconds (longer than the 0.3 s debounce, so that lints run while
the writer types), how long the server takes to answer a hover (a request it answers on the
thread that reads the editor's messages, while the article is linted on another); and the time
from the last keystroke to the diagnostics of the final text. Prints figures only; nothing here
asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

HERE = Path(__file__).resolve().parent


class Client(LanguageClient):
    def __init__(self) -> None:
        super().__init__("healthlint-bench", "1")
        self.arrived: dict[tuple[str, int | None], float] = {}  # (uri, version) -> when its diagnostics came

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: types.PublishDiagnosticsParams) -> None:
            self.arrived[(params.uri, params.version)] = time.perf_counter()

    async def diagnostics(self, uri: str, version: int) -> float:
        while (uri, version) not in self.arrived:
            await asyncio.sleep(0.005)
        return self.arrived[(uri, version)]


async def measure(article: Path, keystrokes: int, pause: float) -> None:
    client = Client()
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    await client.start_io(sys.executable, "-m", "lint", "server", env=env, cwd=str(article.parent))
    await client.initialize_async(types.InitializeParams(types.ClientCapabilities(),
                                                         root_uri=from_fs_path(str(article.parent))))  # fmt: skip
    client.initialized(types.InitializedParams())
    text = article.read_text(encoding="utf-8")
    uri = from_fs_path(str(article))

    warm = from_fs_path(str(article.parent / "warm-up.md"))
    started = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(warm, "markdown", 1, "This miracle cure works.\n")))  # fmt: skip
    print(f"first document (rules loaded):   {await client.diagnostics(warm, 1) - started:6.2f} s")

    started = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "markdown", 1, text)))
    print(f"{len(text) / 1e6:.1f} MB article, open to diagnostics: {await client.diagnostics(uri, 1) - started:6.2f} s")

    waits, last = [], 0.0
    line = text.count("\n") // 2
    for version in range(2, keystrokes + 2):
        at = types.Position(line, 0)
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version, uri),
            [types.TextDocumentContentChangePartial(types.Range(at, at), "x")]))  # fmt: skip
        asked = last = time.perf_counter()
        await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), at))
        waits.append(time.perf_counter() - asked)
        await asyncio.sleep(pause)
    final = await client.diagnostics(uri, keystrokes + 1)
    print(f"hover while typing and linting ({keystrokes} keystrokes, {pause * 1000:.0f} ms apart): "
          f"median {statistics.median(waits) * 1000:.0f} ms, max {max(waits) * 1000:.0f} ms")  # fmt: skip
    print(f"last keystroke to diagnostics:   {final - last:6.2f} s (includes the 0.3 s debounce)")
    published = sum(1 for (u, v) in client.arrived if u == uri and 1 < v <= keystrokes)
    print(f"intermediate versions published: {published} of {keystrokes - 1} (the rest were superseded)")
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--keystrokes", type=int, default=20)
    parser.add_argument("--pause", type=float, default=0.5, help="seconds between keystrokes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        out = Path(directory)
        subprocess.run([sys.executable, str(HERE / "corpus.py"), str(out / "corpus"), "--articles", "1",
                        "--size", str(args.size), "--single"], check=True)  # fmt: skip
        article = out / "article.md"
        (out / "corpus" / "single.md").rename(article)
        asyncio.run(measure(article, args.keystrokes, args.pause))


if __name__ == "__main__":
    main()
