import assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** The workspace folder named `name` (a multi-root workspace's `client`, `server`…). */
export function folderNamed(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  assert.ok(folder, `the workspace has a folder named ${name}`);
  return folder.uri;
}
