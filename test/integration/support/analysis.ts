import * as vscode from 'vscode';
import { eventually } from '../../support/eventually';
import type { OverviewNode, SwitchboardApi } from '../../../src/vscode/api';

export function indexNode(api: SwitchboardApi): OverviewNode | undefined {
  return api.views().models.find((n) => n.id === 'index');
}

/** Waits until the Models view says the index is ready, and returns its description. */
export function waitForIndex(api: SwitchboardApi, ms = 60_000): Promise<string> {
  return eventually(() => indexNode(api)?.description ?? '', (description) => /files/.test(description) && !/indexing/.test(description), 'the index to be ready', {
    ms,
    intervalMs: 200,
    show: (description) => `Models view: "${description}"`,
  });
}

/** Opens a file, selects lines, runs Show Repo Map, and returns the map document's text. */
export async function repoMapFor(file: vscode.Uri, startLine: number, endLine: number): Promise<string> {
  const doc = await vscode.workspace.openTextDocument(file);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  editor.selection = new vscode.Selection(startLine, 0, endLine, 0);
  await vscode.commands.executeCommand('switchboard.showRepoMap');
  const map = await eventually(
    () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'switchboard-analysis'),
    (found): found is vscode.TextEditor => found !== undefined,
    'a repo map document to open',
    { ms: 30_000, show: () => 'none is visible' },
  );
  return map.document.getText();
}
