// How the extension starts the server: kept apart from extension.js (which needs VS Code) so that
// healthlint's test suite can run this very code and spawn the command it returns.
"use strict";

const LANGUAGES = ["markdown", "mdx", "plaintext", "html"];

// one entry per language, for saved files and for unsaved buffers
const documentSelector = LANGUAGES.flatMap((language) => [
  { scheme: "file", language },
  { scheme: "untitled", language },
]);

function serverOptions(path) {
  // no `transport`: the client talks over the process's stdin and stdout without adding `--stdio`
  return { command: path || "healthlint", args: ["server"] };
}

function initializationOptions(settings) {
  return {
    baseline: settings.get("baseline", null),
    knownFindings: settings.get("knownFindings", "hint"),
    debounceMs: settings.get("debounceMs", 300),
  };
}

module.exports = { documentSelector, serverOptions, initializationOptions };
