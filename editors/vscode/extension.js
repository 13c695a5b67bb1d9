// The healthlint extension: starts `healthlint server` and hands it Markdown, MDX, plain text and
// HTML documents. Diagnostics, quick fixes and hovers all come from the server.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");
const { documentSelector, serverOptions, initializationOptions } = require("./server-options");

let client;

function activate() {
  const settings = vscode.workspace.getConfiguration("healthlint");
  client = new LanguageClient("healthlint", "healthlint", serverOptions(settings.get("path")), {
    documentSelector,
    initializationOptions: initializationOptions(settings),
    // changes to `healthlint.*` settings reach the server as workspace/didChangeConfiguration
    synchronize: { configurationSection: "healthlint" },
  });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
