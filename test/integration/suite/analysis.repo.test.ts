// The analyzer on this repository itself, in the real host (read-only: nothing here writes files).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SwitchboardApi } from '../../../src/vscode/api';
import { eventually } from '../../support/eventually';
import { repoMapFor, waitForIndex } from '../support/analysis';
import { resetSettings, switchboard, updateSetting } from '../support/switchboard';

describe('Workspace analysis on the Switchboard repository', function () {
  // Indexing the whole repository in worker threads takes a while on a loaded 2-core machine.
  this.timeout(180_000);
  let api: SwitchboardApi;
  const root = () => vscode.workspace.workspaceFolders![0]!.uri;

  before(async () => {
    api = await switchboard();
    // The index node shows beside the models: give the user profile (not the repository) one model.
    await updateSetting(api, 'models', [{ id: 'local', provider: 'ollama', model: 'llama3.2' }], vscode.ConfigurationTarget.Global);
    globalThis.switchboardTestInfo = { ...globalThis.switchboardTestInfo, repoFolder: root().fsPath };
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resetSettings(api);
  });

  it('indexes the repository, skipping node_modules through .gitignore', async () => {
    await vscode.commands.executeCommand('switchboard.analyzeWorkspace');
    const started = Date.now();
    const description = await waitForIndex(api, 120_000);
    const files = Number(/^([\d,]+) files/.exec(description)?.[1]?.replace(/,/g, ''));
    globalThis.switchboardTestInfo = { ...globalThis.switchboardTestInfo, repoIndex: description, repoIndexWaitMs: Date.now() - started };
    assert.ok(files > 150 && files < 2000, `expected the repository's own sources, not node_modules: ${description}`);
  });

  it('maps what the router depends on from a selection in modelRouter.ts', async () => {
    const map = await repoMapFor(vscode.Uri.joinPath(root(), 'src', 'core', 'router', 'modelRouter.ts'), 0, 60);
    assert.match(map, /# Repo map for src\/core\/router\/modelRouter\.ts/);
    // What the router imports comes before anything the selection merely shares names with.
    const files = [...map.matchAll(/^(\S[^\n]*):$/gm)].map((m) => m[1]!);
    const firstFixture = files.findIndex((f) => f.startsWith('test/fixtures/'));
    for (const dependency of ['src/core/providers/contract.ts', 'src/core/router/routeEvents.ts', 'src/core/router/routePlanner.ts', 'src/core/router/health.ts']) {
      const at = files.indexOf(dependency);
      assert.ok(at !== -1 && (firstFixture === -1 || at < firstFixture + 3), `${dependency} ranks near the top: ${files.slice(0, 12).join(', ')}`);
    }
    assert.match(map, /RoutePlanner|ModelHealth/);
    const tokens = Number(/(\d+) \/ 4000 tokens/.exec(map)?.[1]);
    assert.ok(tokens > 500 && tokens <= 4000, `the map fits its 4,000-token budget: ${tokens}`);
  });

  it('lists complexity hotspots and opens the one picked', async () => {
    let picked = false;
    const shown = Promise.resolve(vscode.commands.executeCommand('switchboard.showComplexityHotspots')).finally(() => (picked = true));
    // The picker opens once the index answers; until then accepting does nothing. Accept, as a
    // person presses Enter, until the command has finished with the first hotspot picked.
    await eventually(
      async () => {
        if (!picked) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return picked;
      },
      (done) => done,
      'the hotspot picker to open and take the first hotspot',
      { ms: 60_000, intervalMs: 250 },
    );
    await shown;
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'a hotspot opened in an editor');
    assert.ok(editor.document.uri.fsPath.startsWith(root().fsPath), editor.document.uri.fsPath);
    assert.match(editor.document.uri.fsPath, /\.(ts|js|mjs|cjs|tsx)$/);
  });
});
