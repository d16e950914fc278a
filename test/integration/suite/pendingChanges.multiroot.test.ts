// The review tool's pending changes in a window of two folders (test/fixtures/multiroot, `client`
// then `server`): each folder's git changes, named as the workspace names them, folder first; a
// folder that is not a repository is left out and named.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { pendingChanges } from '../../../src/vscode/lmTools/pendingChanges';
import { folderNamed } from '../support/folders';
import { switchboard } from '../support/switchboard';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function git(folder: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: folderNamed(folder).fsPath });
}

async function edit(folder: string, path: string, change: (text: string) => string): Promise<string> {
  const uri = vscode.Uri.joinPath(folderNamed(folder), ...path.split('/'));
  const before = decoder.decode(await vscode.workspace.fs.readFile(uri));
  await vscode.workspace.fs.writeFile(uri, encoder.encode(change(before)));
  return before;
}

describe('Pending changes for the review tool in a multi-root workspace', function () {
  this.timeout(60_000);
  const token = new vscode.CancellationTokenSource().token;
  const repos: string[] = [];

  before(async () => {
    await switchboard();
  });

  afterEach(async () => {
    for (const folder of repos.splice(0)) await vscode.workspace.fs.delete(vscode.Uri.joinPath(folderNamed(folder), '.git'), { recursive: true });
  });

  async function repository(folder: string): Promise<void> {
    git(folder, 'init', '-q');
    repos.push(folder);
    git(folder, 'add', '-A');
    git(folder, 'commit', '-q', '-m', 'base');
  }

  it("reviews each folder's changes named with its folder, and names a folder that is not a repository", async () => {
    // Files of this test's own (the fixture's are read by the suites after it, through documents
    // VS Code may still hold as they were): committed, then changed.
    const own = (folder: string, ...path: string[]) => vscode.Uri.joinPath(folderNamed(folder), 'src', 'pending', ...path);
    await vscode.workspace.fs.writeFile(own('client', 'cart.ts'), encoder.encode('export const cart = 1;\n'));
    await vscode.workspace.fs.writeFile(own('server', 'api.ts'), encoder.encode('export const api = 1;\n'));
    try {
      await repository('client');
      await edit('client', 'src/pending/cart.ts', (t) => `${t}export const CLIENT_MARKER = 1;\n`);
      await vscode.workspace.fs.writeFile(own('client', 'created.ts'), encoder.encode('export const CREATED = 2;\n'));
      const onlyClient = await pendingChanges(token);
      assert.match(onlyClient.diff, /^diff --git a\/client\/src\/pending\/cart\.ts b\/client\/src\/pending\/cart\.ts$/m);
      assert.match(onlyClient.diff, /\+export const CLIENT_MARKER = 1;/);
      assert.match(onlyClient.diff, /^diff --git a\/client\/src\/pending\/created\.ts b\/client\/src\/pending\/created\.ts\nnew file mode/m, 'an untracked file, named with its folder');
      assert.deepEqual(onlyClient.foldersLeftOut.map((f) => f.name), ['server'], 'the folder without git is named');
      assert.match(onlyClient.foldersLeftOut[0]?.reason ?? '', /not a git repository/i);

      // Both repositories: both folders' changes, the first folder's first.
      await repository('server');
      await edit('server', 'src/pending/api.ts', (t) => `${t}export const SERVER_MARKER = 3;\n`);
      const both = await pendingChanges(token);
      assert.deepEqual(both.foldersLeftOut, []);
      const headers = both.diff.split('\n').filter((l) => l.startsWith('diff --git'));
      assert.deepEqual(headers, [
        'diff --git a/client/src/pending/cart.ts b/client/src/pending/cart.ts',
        'diff --git a/client/src/pending/created.ts b/client/src/pending/created.ts',
        'diff --git a/server/src/pending/api.ts b/server/src/pending/api.ts',
      ]);
      assert.match(both.diff, /\+export const SERVER_MARKER = 3;/);
    } finally {
      for (const folder of ['client', 'server']) await vscode.workspace.fs.delete(own(folder), { recursive: true });
    }
  });

  it('says why when no folder is a git repository', async () => {
    await assert.rejects(pendingChanges(token), /client: .*not a git repository.*; server: .*not a git repository/is);
  });
});
