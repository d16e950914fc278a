// The analyzer in a window of two folders (test/fixtures/multiroot: `client`, `server`, each with a
// src/index.ts of its own): one index of both, and repo maps that name each file as VS Code does in
// a multi-root workspace, folder first, so that two files with the same path are told apart.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SwitchboardApi } from '../../../src/vscode/api';
import { eventually } from '../../support/eventually';
import { repoMapFor, waitForIndex } from '../support/analysis';
import { folderNamed } from '../support/folders';
import { switchboard } from '../support/switchboard';

describe('Workspace analysis in a multi-root workspace', () => {
  let api: SwitchboardApi;

  before(async () => {
    api = await switchboard();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('indexes the files of both folders', async () => {
    await vscode.commands.executeCommand('switchboard.analyzeWorkspace');
    const onDisk = (await vscode.workspace.findFiles('**/*.ts')).map((uri) => vscode.workspace.asRelativePath(uri));
    assert.ok(onDisk.some((p) => p.startsWith('client/')) && onDisk.some((p) => p.startsWith('server/')), `both folders hold TypeScript: ${onDisk.join(', ')}`);
    const description = await eventually(
      () => waitForIndex(api),
      (text) => text.startsWith(`${onDisk.length} files · `),
      `the index to hold the ${onDisk.length} files on disk`,
      { ms: 30_000, show: (text) => `Models view: "${text}"` },
    );
    assert.match(description, /^\d+ files · \d+ symbols/, description);
  });

  it("names each file with its folder's name first, and maps what a file imports from its own folder", async () => {
    const map = await repoMapFor(vscode.Uri.joinPath(folderNamed('client'), 'src', 'app.ts'), 0, 4);
    assert.match(map, /^# Repo map for client\/src\/app\.ts/, map);
    assert.match(map, /^client\/src\/price\.ts:\n {2}export function priceOf\(total: number\): string$/m, map);
    const files = map.split('\n').filter((line) => /^\S.*:$/.test(line));
    assert.ok(files.length > 0 && files.every((line) => /^(client|server)\/src\//.test(line)), `every file is named with its folder:\n${map}`);
    assert.ok(files.includes('client/src/index.ts:') && files.includes('server/src/index.ts:'), `the two src/index.ts are told apart:\n${map}`);
  });

  it('maps a file of the second folder with what it imports from there', async () => {
    const map = await repoMapFor(vscode.Uri.joinPath(folderNamed('server'), 'src', 'index.ts'), 0, 3);
    assert.match(map, /^# Repo map for server\/src\/index\.ts/, map);
    assert.match(map, /^server\/src\/handler\.ts:\n {2}export function handle\(path: string\): number$/m, map);
  });
});
