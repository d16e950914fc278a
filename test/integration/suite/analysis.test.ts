// The analyzer in the real host, on a copy of the fixture workspace: Analyze Workspace, a repo map
// for a selection, and the index kept current as a file is created, edited and deleted.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually } from '../../support/eventually';
import type { SwitchboardApi } from '../../../src/vscode/api';
import { repoMapFor, waitForIndex } from '../support/analysis';
import { resetSettings, switchboard } from '../support/switchboard';

describe('Workspace analysis (fixture workspace)', () => {
  let api: SwitchboardApi;
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;

  before(async () => {
    // The index shows in the Models view with or without models: none are set here.
    api = await switchboard();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resetSettings(api);
  });

  it('analyzes the workspace and shows the index in the Models view', async () => {
    await vscode.commands.executeCommand('switchboard.analyzeWorkspace');
    // The index follows the disk a moment later: wait until it holds what is there now.
    const onDisk = (await vscode.workspace.findFiles('**/*.ts')).map((uri) => vscode.workspace.asRelativePath(uri)).sort();
    const description = await eventually(
      () => waitForIndex(api),
      (text) => text.startsWith(`${onDisk.length} files · `),
      `the index to hold the ${onDisk.length} files on disk`,
      { ms: 30_000, show: (text) => `Models view: "${text}"` },
    );
    // The fixture's few files: every suite removes the files it wrote, whichever ran before this one.
    assert.match(description, /^[3-9] files · \d+ symbols/, `${description}; TypeScript on disk: ${onDisk.join(', ')}`);
  });

  it('renders a repo map with signatures of what the selection uses', async () => {
    const map = await repoMapFor(vscode.Uri.joinPath(folder(), 'src', 'index.ts'), 0, 5);
    assert.match(map, /# Repo map for src\/index\.ts/);
    assert.match(map, /invoiceTotalCents\(items: readonly LineItem\[\], taxRate = 0\): number/);
    assert.ok(!map.includes('Math.round(subtotal'), 'a map shows signatures, not bodies');
  });

  it('keeps the index current when a file is created, edited and deleted', async () => {
    const file = vscode.Uri.joinPath(folder(), 'src', 'shipping.ts');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('export function shippingCostCents(weightGrams: number): number {\n  return weightGrams > 1000 ? 900 : 450;\n}\n'));
    // The index follows the file system after a short delay: read a fresh map until it shows the change.
    const freshMap = async (of: vscode.Uri, endLine: number): Promise<string> => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      return repoMapFor(of, 0, endLine);
    };
    const options = { ms: 20_000, intervalMs: 500, show: (text: string) => `\n${text}` };
    await eventually(() => freshMap(file, 2), (text) => /shippingCostCents\(weightGrams: number\): number/.test(text), 'the new file to reach the index', options);
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('export function freightCents(kg: number): number {\n  return kg * 100;\n}\n'));
    const map = await eventually(() => freshMap(file, 2), (text) => /freightCents\(kg: number\)/.test(text), 'the edit to reach the index', options);
    assert.ok(!map.includes('shippingCostCents'), 'the old declaration is gone after the edit');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(file);
    await eventually(() => freshMap(vscode.Uri.joinPath(folder(), 'src', 'index.ts'), 5), (text) => !text.includes('freightCents'), 'the deleted file to leave the index', options);
  });
});
