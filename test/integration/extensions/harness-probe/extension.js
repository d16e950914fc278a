// Test-only extension (plain CommonJS, no build step): answers a command and exports an API, so a
// suite can tell it was loaded as a development extension beside Switchboard and activated.
const vscode = require('vscode');

exports.activate = function activate(context) {
  context.subscriptions.push(vscode.commands.registerCommand('switchboardTests.harnessProbe.ping', () => 'pong'));
  return { loadedFrom: __dirname, vscodeVersion: vscode.version };
};

exports.deactivate = function deactivate() {};
