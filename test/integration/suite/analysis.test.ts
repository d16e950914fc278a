// The analyzer in the real host, on a copy of the fixture workspace: Analyze Workspace, a repo map
// for a selection, and the index kept current as a file is created, edited and deleted.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
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
    const description = await waitForIndex(api);
    assert.match(description, /^[3-9] files · \d+ symbols/, description);
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
    const deadline = Date.now() + 20_000;
    let map = '';
    while (!/shippingCostCents\(weightGrams: number\): number/.test(map)) {
      if (Date.now() > deadline) throw new Error(`the new file never reached the index; last map:\n${map}`);
      await new Promise((r) => setTimeout(r, 500));
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      map = await repoMapFor(file, 0, 2);
    }
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('export function freightCents(kg: number): number {\n  return kg * 100;\n}\n'));
    while (!/freightCents\(kg: number\)/.test(map)) {
      if (Date.now() > deadline) throw new Error(`the edit never reached the index; last map:\n${map}`);
      await new Promise((r) => setTimeout(r, 500));
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      map = await repoMapFor(file, 0, 2);
    }
    assert.ok(!map.includes('shippingCostCents'), 'the old declaration is gone after the edit');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(file);
    const goneBy = Date.now() + 20_000;
    let after = map;
    while (after.includes('freightCents')) {
      if (Date.now() > goneBy) throw new Error(`the deleted file is still in the index:\n${after}`);
      await new Promise((r) => setTimeout(r, 500));
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      after = await repoMapFor(vscode.Uri.joinPath(folder(), 'src', 'index.ts'), 0, 5);
    }
  });
});
