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

/**
 * Opens a file, selects lines, runs Show Repo Map, and returns the map document's text once it is
 * this file's map (the map document is one virtual document, updated in place: an earlier map can
 * still be on screen for a moment).
 */
export async function repoMapFor(file: vscode.Uri, startLine: number, endLine: number): Promise<string> {
  const doc = await vscode.workspace.openTextDocument(file);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  editor.selection = new vscode.Selection(startLine, 0, endLine, 0);
  await vscode.commands.executeCommand('switchboard.showRepoMap');
  const header = `# Repo map for ${vscode.workspace.asRelativePath(file)} (lines ${startLine + 1}-${endLine + 1})`;
  return eventually(
    () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'switchboard-analysis')?.document.getText() ?? '',
    (text) => text.startsWith(header),
    `the repo map of ${vscode.workspace.asRelativePath(file)} to show`,
    { ms: 30_000, show: (text) => (text ? `it shows:\n${text}` : 'none is visible') },
  );
}
