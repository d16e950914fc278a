// A window of two folders (test/fixtures/multiroot: `client` first, `server` second, each with a
// src/index.ts of its own). A task names files as VS Code does in a multi-root workspace, folder
// first (`server/src/index.ts`); a path without a folder name (`src/handler.ts`) is the first folder's
// file that exists. Each file is read, previewed, type-checked and written in its own folder.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChangeSet } from '../../../src/core/tasks/taskTypes';
import { createTaskWorkspaceReader } from '../../../src/vscode/tasks/taskWorkspaceReader';
import type { TaskChangesHandle } from '../../../src/vscode/tasks/registerTaskChanges';
import type { TasksTestHandle } from '../../../src/vscode/tasks/registerTasks';
import { foldersOf } from '../../../src/vscode/tasks/taskChangeActions';
import { TestCommandRunner } from '../../../src/vscode/tasks/testCommandRunner';
import { silentLogger } from '../../../src/core/log/logger';
import { folderNamed } from '../support/folders';
import { switchboard } from '../support/switchboard';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

async function write(folder: string, path: string, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folderNamed(folder), ...path.split('/')), encoder.encode(text));
}

async function disk(folder: string, path: string): Promise<string | undefined> {
  try {
    return decoder.decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folderNamed(folder), ...path.split('/'))));
  } catch {
    return undefined;
  }
}

const HANDLER_BEFORE = "export function handle(path: string): number {\n  return path === '/checkout' ? 200 : 404;\n}\n";
const SERVER_INDEX_BEFORE = "import { handle } from './handler.js';\n\nexport const side = 'server';\nexport const status = handle('/checkout');\n";
const CLIENT_INDEX = "export const side = 'client';\n";
const ROUTES_AFTER = "export const routes = ['/cart', '/discount'];\n";
const DISCOUNT = 'export const DISCOUNT_CODES = ["SAVE10"];\n';

describe('Task changes in a multi-root workspace', function () {
  this.timeout(90_000);
  let handle: TaskChangesHandle;
  let tasks: TasksTestHandle;

  before(async () => {
    await switchboard();
    assert.deepEqual(
      vscode.workspace.workspaceFolders?.map((f) => f.name),
      ['client', 'server'],
      'the window holds the two fixture folders, client first',
    );
    handle = await vscode.commands.executeCommand<TaskChangesHandle>('switchboard.taskChanges.testHandle');
    tasks = await vscode.commands.executeCommand<TasksTestHandle>('switchboard.tasks.testHandle');
    assert.ok(handle && tasks, 'the test handles are registered outside production');
  });

  afterEach(async () => {
    await handle.changes.reject();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("reads a task's files from the folder that holds them, or that its path names", async () => {
    const reader = createTaskWorkspaceReader({ log: silentLogger, isSecret: () => false, isIgnored: () => false, maxBytes: () => 1_000_000 });
    assert.equal(await reader.read('src/handler.ts'), HANDLER_BEFORE, 'a file only the second folder holds');
    assert.equal(await reader.read('server/src/index.ts'), SERVER_INDEX_BEFORE, 'the second folder, named');
    assert.equal(await reader.read('client/src/index.ts'), CLIENT_INDEX, 'the first folder, named');
    assert.equal(await reader.read('src/index.ts'), CLIENT_INDEX, 'a path both folders hold, unnamed: the first folder');
    assert.equal(await reader.read('src/nowhere.ts'), undefined);
    assert.equal(await reader.read('server/../client/src/index.ts'), undefined, 'a path that climbs out of its folder is not read');
  });

  it("research reads the second folder's files as the workspace names them", async () => {
    const research = tasks.research();
    assert.ok(research, 'a workspace with folders on disk has research');
    const read = research.tools().find((t) => t.definition.name === 'read_file');
    assert.ok(read);
    assert.match(await read.run({ path: 'server/src/index.ts' }), /^server\/src\/index\.ts \(lines 1-4 of 4\)\n1\timport \{ handle \}/);
    assert.match(await read.run({ path: 'src/handler.ts' }), /^server\/src\/handler\.ts /, 'a path only the second folder holds');
  });

  it('writes each change in its own folder: a file both folders have by its folder name, a rename beside the file, new files where named', async () => {
    // Files of this test's own, in both folders: src/accept/same.ts in each, and one only the second folder holds.
    const SAME_CLIENT = "export const side = 'client';\n";
    const SAME_SERVER = "export const side = 'server';\n";
    const SAME_SERVER_AFTER = "export const side = 'server (discounts)';\n";
    const ONLY_BEFORE = 'export const only = 1;\n';
    const ONLY_AFTER = 'export const only = 2;\n';
    const OLD = "export const legacyRoutes = ['/cart'];\n";
    await write('client', 'src/accept/same.ts', SAME_CLIENT);
    await write('server', 'src/accept/same.ts', SAME_SERVER);
    await write('server', 'src/accept/only.ts', ONLY_BEFORE);
    await write('server', 'src/accept/old.ts', OLD);
    await write('server', 'src/accept/legacy.ts', OLD);
    const changeSet: ChangeSet = {
      summary: 'discount route',
      changes: [
        { kind: 'edit', path: 'server/src/accept/same.ts', before: SAME_SERVER, after: SAME_SERVER_AFTER },
        { kind: 'edit', path: 'src/accept/only.ts', before: ONLY_BEFORE, after: ONLY_AFTER },
        { kind: 'rename', path: 'server/src/accept/old.ts', newPath: 'server/src/accept/routes.ts', before: OLD, after: ROUTES_AFTER },
        { kind: 'create', path: 'server/src/accept/discount.ts', after: DISCOUNT },
        { kind: 'create', path: 'src/accept/banner.ts', after: DISCOUNT },
        // Named by no folder: the new file lands beside the old, and is saved there with its new text.
        { kind: 'rename', path: 'src/accept/legacy.ts', newPath: 'src/accept/modern.ts', before: OLD, after: ROUTES_AFTER },
      ],
    };
    const preview = await handle.changes.preview(changeSet);
    assert.deepEqual(preview.summary.conflicts, [], 'every file reads as the task read it: none looks changed since');
    assert.deepEqual(
      preview.entries.map((e) => vscode.workspace.asRelativePath(e.target)),
      ['server/src/accept/same.ts', 'server/src/accept/only.ts', 'server/src/accept/routes.ts', 'server/src/accept/discount.ts', 'client/src/accept/banner.ts', 'server/src/accept/modern.ts'],
      'the preview opens each file where Accept will write it',
    );
    const accepted = await handle.changes.accept();
    assert.equal(accepted.outcome, 'accepted', JSON.stringify(accepted));

    assert.equal(await disk('server', 'src/accept/same.ts'), SAME_SERVER_AFTER, 'the named folder’s file is edited');
    assert.equal(await disk('client', 'src/accept/same.ts'), SAME_CLIENT, 'and the other folder’s file of the same path is untouched');
    assert.equal(await disk('server', 'src/accept/only.ts'), ONLY_AFTER, 'an unnamed path is written where the file is');
    assert.equal(await disk('client', 'src/accept/only.ts'), undefined);
    assert.equal(await disk('server', 'src/accept/old.ts'), undefined, 'the renamed file is gone');
    assert.equal(await disk('server', 'src/accept/routes.ts'), ROUTES_AFTER, 'the rename lands beside the file it renamed');
    assert.equal(await disk('client', 'src/accept/routes.ts'), undefined);
    assert.equal(await disk('server', 'src/accept/discount.ts'), DISCOUNT, 'a new file goes to the folder its path names');
    assert.equal(await disk('client', 'src/accept/banner.ts'), DISCOUNT, 'a new file whose path names no folder goes to the first');
    assert.equal(await disk('server', 'src/accept/modern.ts'), ROUTES_AFTER, 'a rename named by no folder is written beside its file, with its new text saved');
    assert.equal(await disk('server', 'src/accept/legacy.ts'), undefined);
    // Nothing of this test is left for the index or another test to find.
    for (const folder of ['client', 'server']) await vscode.workspace.fs.delete(vscode.Uri.joinPath(folderNamed(folder), 'src', 'accept'), { recursive: true });
  });

  it('runs the test command after Accept in each folder the change was written to, and only there', async () => {
    const ONLY = 'export const only = 1;\n';
    await write('server', 'src/tests-after/only.ts', ONLY);
    await write('client', 'src/tests-after/ui.ts', ONLY);
    const node = JSON.stringify(process.execPath);
    // Fails in the server folder only, and says where it ran.
    const command = `${node} -e "console.log('ran in', process.cwd()); process.exit(require('path').basename(process.cwd()) === 'server' ? 4 : 0)"`;
    const memory = new Map<string, unknown>();
    const state: vscode.Memento = {
      keys: () => [...memory.keys()],
      get: <T>(key: string, fallback?: T) => (memory.has(key) ? (memory.get(key) as T) : fallback) as T,
      update: (key: string, value: unknown) => {
        memory.set(key, value);
        return Promise.resolve();
      },
    };
    const runner = new TestCommandRunner({ state, log: silentLogger, ask: () => Promise.resolve('Run Tests Now' as const) });
    try {
      // A change only the second folder holds: its tests run there, not in the first folder.
      await handle.changes.preview({ summary: 'server only', changes: [{ kind: 'edit', path: 'src/tests-after/only.ts', before: ONLY, after: 'export const only = 2;\n' }] });
      const serverOnly = await handle.changes.accept();
      assert.equal(serverOnly.outcome, 'accepted', JSON.stringify(serverOnly));
      const serverFolders = foldersOf(serverOnly.outcome === 'accepted' ? serverOnly.report.written : []);
      assert.deepEqual(serverFolders.map((f) => f.name), ['server']);
      const inServer = await runner.runAfterAccept({ command, folders: serverFolders });
      assert.ok(inServer.kind === 'ran', JSON.stringify(inServer));
      assert.equal(inServer.result.exitCode, 4);
      assert.match(inServer.result.output, /ran in .*server/);
      assert.doesNotMatch(inServer.result.output, /client/, 'nothing ran in the first folder');

      // A change in both folders: the command runs in each, in the workspace's order; it failed in the server.
      await handle.changes.preview({
        summary: 'both',
        changes: [
          { kind: 'edit', path: 'server/src/tests-after/only.ts', before: 'export const only = 2;\n', after: 'export const only = 3;\n' },
          { kind: 'edit', path: 'client/src/tests-after/ui.ts', before: ONLY, after: 'export const only = 2;\n' },
        ],
      });
      const both = await handle.changes.accept();
      const bothFolders = foldersOf(both.outcome === 'accepted' ? both.report.written : []);
      assert.deepEqual(bothFolders.map((f) => f.name), ['client', 'server'], 'each folder once, the first folder first');
      const inBoth = await runner.runAfterAccept({ command, folders: bothFolders });
      assert.ok(inBoth.kind === 'ran', JSON.stringify(inBoth));
      assert.equal(inBoth.result.exitCode, 4, 'the run failed: one folder failed');
      assert.equal(inBoth.result.failedIn, 'server');
      assert.match(inBoth.result.output, /^── client ──\nran in .*client\n[\s\S]*── server ──\nran in .*server/);
    } finally {
      runner.dispose();
      for (const folder of ['client', 'server']) await vscode.workspace.fs.delete(vscode.Uri.joinPath(folderNamed(folder), 'src', 'tests-after'), { recursive: true });
    }
  });

  it("type-checks each change against its own folder's project and names what it finds with the folder", async () => {
    const validator = tasks.validators.forWorkspace();
    assert.ok(validator, 'a workspace with folders on disk has a validator');
    const before = (await disk('server', 'src/handler.ts')) ?? '';
    const report = await validator.validate([
      // Breaks server/src/index.ts, which calls handle with one argument.
      { kind: 'edit', path: 'server/src/handler.ts', before, after: 'export function handle(path: string, method: string): number {\n  return path.length + method.length;\n}\n' },
      { kind: 'edit', path: 'client/src/price.ts', before: '', after: 'export function priceOf(total: number): string {\n  return `$${total.toFixed(2)}`;\n}\n' },
    ]);
    assert.equal(report.status, 'failed', JSON.stringify(report));
    assert.deepEqual(
      report.diagnostics.map((d) => `${d.path}:${d.line} ${d.code}`),
      ['server/src/index.ts:4 TS2554'],
      'the unchanged importer in the second folder fails, named with its folder',
    );
    assert.deepEqual(
      report.files.map((f) => `${f.path} ${f.check}`).sort(),
      ['client/src/price.ts types', 'server/src/handler.ts types'],
    );
  });
});
