import * as vscode from 'vscode';
import type { OverviewNode, SwitchboardApi } from '../../../src/vscode/api';

export function indexNode(api: SwitchboardApi): OverviewNode | undefined {
  return api.views().models.find((n) => n.id === 'index');
}

/** Waits until the Models view says the index is ready, and returns its description. */
export async function waitForIndex(api: SwitchboardApi, ms = 60_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const description = indexNode(api)?.description ?? '';
    if (/files/.test(description) && !/indexing/.test(description)) return description;
    if (Date.now() > deadline) throw new Error(`the index was not ready within ${ms} ms (Models view: "${description}")`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Opens a file, selects lines, runs Show Repo Map, and returns the map document's text. */
export async function repoMapFor(file: vscode.Uri, startLine: number, endLine: number): Promise<string> {
  const doc = await vscode.workspace.openTextDocument(file);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  editor.selection = new vscode.Selection(startLine, 0, endLine, 0);
  await vscode.commands.executeCommand('switchboard.showRepoMap');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const map = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'switchboard-analysis');
    if (map) return map.document.getText();
    if (Date.now() > deadline) throw new Error('no repo map document opened');
    await new Promise((r) => setTimeout(r, 100));
  }
}
