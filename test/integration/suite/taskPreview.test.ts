// A task's change set, previewed and accepted inside the real VS Code host: one multi-diff editor of
// every file, Accept as one WorkspaceEdit that one Undo takes back, the person's own edits made while
// the task ran never overwritten silently, Reject writing nothing; and the test command after Accept.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChangeSet } from '../../../src/core/tasks/taskTypes';
import type { TaskChangesHandle } from '../../../src/vscode/tasks/registerTaskChanges';
import { TestCommandRunner } from '../../../src/vscode/tasks/testCommandRunner';
import { silentLogger } from '../../../src/core/log/logger';
import { eventually } from '../../support/eventually';
import { switchboard } from '../support/switchboard';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

function folder(): vscode.Uri {
  const first = vscode.workspace.workspaceFolders?.[0];
  assert.ok(first, 'the fixture workspace is open');
  return first.uri;
}

const uriOf = (path: string) => vscode.Uri.joinPath(folder(), ...path.split('/'));

async function disk(path: string): Promise<string | undefined> {
  try {
    return decoder.decode(await vscode.workspace.fs.readFile(uriOf(path)));
  } catch {
    return undefined;
  }
}

const A_BEFORE = 'export const rate = 0.1;\nexport const name = "a";\n';
const A_AFTER = 'export const rate = 0.2;\nexport const name = "a";\nexport const code = "SAVE";\n';
const NEW_AFTER = 'export function discount(total: number): number {\n  return total * 0.8;\n}\n';
const OLD_BEFORE = 'export const legacy = true;\n';

/** A folder of its own per test: a file to edit, a file to delete, and a change set that also creates one. */
async function threeFileChange(name: string): Promise<{ changeSet: ChangeSet; a: string; created: string; old: string }> {
  const dir = `task-preview/${name}`;
  const a = `${dir}/a.ts`;
  const created = `${dir}/discount.ts`;
  const old = `${dir}/old.ts`;
  await vscode.workspace.fs.writeFile(uriOf(a), encoder.encode(A_BEFORE));
  await vscode.workspace.fs.writeFile(uriOf(old), encoder.encode(OLD_BEFORE));
  const changeSet: ChangeSet = {
    summary: 'add a discount code',
    changes: [
      { kind: 'edit', path: a, before: A_BEFORE, after: A_AFTER },
      { kind: 'create', path: created, after: NEW_AFTER },
      { kind: 'delete', path: old, before: OLD_BEFORE },
    ],
  };
  return { changeSet, a, created, old };
}

async function assertUntouched(files: { a: string; created: string; old: string }): Promise<void> {
  assert.equal(await disk(files.a), A_BEFORE);
  assert.equal(await disk(files.created), undefined);
  assert.equal(await disk(files.old), OLD_BEFORE);
}

const tabLabels = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
/** Opening the multi-diff editor takes seconds on a loaded machine. */
const EDITOR_MS = { ms: 20_000 };

describe('Task changes: Preview, Accept, Undo, Reject', () => {
  let handle: TaskChangesHandle;

  before(async () => {
    await switchboard();
    handle = await vscode.commands.executeCommand<TaskChangesHandle>('switchboard.taskChanges.testHandle');
    assert.ok(handle, 'the task-changes test handle is registered outside production');
  });

  afterEach(async () => {
    await handle.changes.reject();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Each test's files are its own (threeFileChange): the fixture is left as the other suites expect it.
    await vscode.workspace.fs.delete(uriOf('task-preview'), { recursive: true }).then(undefined, () => undefined);
  });

  it('previews every file of a three-file change set in one multi-diff editor, with the proposed texts', async () => {
    const files = await threeFileChange('preview');
    const preview = await handle.changes.preview(files.changeSet);
    assert.equal(preview.mode, 'multi-diff', 'VS Code 1.100 has vscode.changes');
    assert.deepEqual(
      preview.entries.map((e) => e.line.text),
      [`edit ${files.a} (+2 −1)`, `create ${files.created} (new, 3 lines)`, `delete ${files.old} (deleted, 1 line)`],
    );
    assert.equal(preview.summary.title, '3 files: 1 edited, 1 created, 1 deleted');
    assert.deepEqual(preview.summary.conflicts, []);
    await eventually(tabLabels, (labels) => labels.some((l) => l.startsWith(preview.title)), 'the multi-diff editor opens', EDITOR_MS);
    const [edit, create, del] = preview.entries;
    assert.equal((await vscode.workspace.openTextDocument(edit!.proposed!)).getText(), A_AFTER);
    assert.equal((await vscode.workspace.openTextDocument(create!.proposed!)).getText(), NEW_AFTER);
    assert.equal(create!.original, undefined, 'a created file has no left side');
    assert.equal(del!.proposed, undefined, 'a deleted file has no right side');
    assert.equal(edit!.original?.toString(), uriOf(files.a).toString(), 'the left side is the live file: the diff shows what Accept replaces');
    await assertUntouched(files);
  });

  it('Reject closes the preview and leaves every file as it was', async () => {
    const files = await threeFileChange('reject');
    const preview = await handle.changes.preview(files.changeSet);
    await eventually(tabLabels, (labels) => labels.some((l) => l.startsWith(preview.title)), 'the multi-diff editor opens', EDITOR_MS);
    assert.deepEqual(await handle.changes.reject(), { outcome: 'rejected' });
    assert.deepEqual(await preview.decision, { outcome: 'rejected' });
    await eventually(tabLabels, (labels) => !labels.some((l) => l.startsWith(preview.title)), 'the multi-diff editor closes', EDITOR_MS);
    assert.equal(handle.changes.pending, undefined);
    assert.deepEqual(await handle.changes.accept(), { outcome: 'nothing-pending' }, 'Accept after Reject writes nothing');
    await assertUntouched(files);
  });

  it('a newer preview replaces one still waiting, and its editor', async () => {
    const first = await handle.changes.preview((await threeFileChange('first')).changeSet);
    await eventually(tabLabels, (labels) => labels.some((l) => l.startsWith(first.title)), 'the first preview opens', EDITOR_MS);
    const files = await threeFileChange('second');
    const second = await handle.changes.preview(files.changeSet);
    assert.deepEqual(await first.decision, { outcome: 'superseded' });
    assert.equal(handle.changes.pending?.id, second.id);
    await eventually(tabLabels, (labels) => labels.filter((l) => l.startsWith(second.title)).length === 1, 'one preview editor is open', EDITOR_MS);
    await assertUntouched(files);
  });

  it('Accept writes every file as one edit, and one Undo restores them all', async () => {
    const files = await threeFileChange('accept');
    const preview = await handle.changes.preview(files.changeSet);
    const result = await handle.changes.accept();
    assert.equal(result.outcome, 'accepted', JSON.stringify(result));
    assert.deepEqual(await preview.decision, result);
    assert.equal(await disk(files.a), A_AFTER, 'the edited file is saved');
    assert.equal(await disk(files.created), NEW_AFTER);
    assert.equal(await disk(files.old), undefined);
    assert.equal(result.outcome === 'accepted' ? result.report.saveFailures.length : -1, 0);

    // One Undo, from the edited file's editor.
    const document = await vscode.workspace.openTextDocument(uriOf(files.a));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    await eventually(() => document.getText(), (text) => text === A_BEFORE, 'the edited file is back to its text');
    await eventually(() => disk(files.created), (text) => text === undefined, 'the created file is gone again');
    await eventually(() => disk(files.old), (text) => text === OLD_BEFORE, 'the deleted file is back with its text');
    // Undo changes the editor's text; the disk follows only if the person saves, or auto save does (the
    // web workbench this tier runs defaults files.autoSave to afterDelay).
    const saved = async () => {
      if (document.isDirty) await document.save();
      return disk(files.a);
    };
    await eventually(saved, (text) => text === A_BEFORE, 'the undone text, saved, is on disk');
  });

  it('a file the person edited after the task read it is listed and not overwritten', async () => {
    const files = await threeFileChange('conflict');
    // An unsaved edit in an open editor, and a saved one on disk.
    const document = await vscode.workspace.openTextDocument(uriOf(files.a));
    const mine = new vscode.WorkspaceEdit();
    mine.insert(document.uri, new vscode.Position(0, 0), '// mine\n');
    assert.ok(await vscode.workspace.applyEdit(mine));
    await vscode.workspace.fs.writeFile(uriOf(files.old), encoder.encode('export const legacy = false; // mine\n'));

    const preview = await handle.changes.preview(files.changeSet);
    assert.deepEqual(
      preview.summary.conflicts.map((c) => [c.path, c.reason]),
      [
        [files.a, 'modified'],
        [files.old, 'modified'],
      ],
    );
    assert.match(preview.entries[0]!.line.text, /⚠ .*a\.ts was edited after the task read it/);

    const result = await handle.changes.accept(undefined, { conflicts: 'skip' });
    assert.equal(result.outcome, 'accepted', JSON.stringify(result));
    assert.deepEqual(result.outcome === 'accepted' ? result.skipped.map((c) => c.path) : [], [files.a, files.old]);
    assert.equal(document.getText(), `// mine\n${A_BEFORE}`, 'the unsaved edit is kept');
    assert.equal(await disk(files.old), 'export const legacy = false; // mine\n', 'the saved edit is kept');
    assert.equal(await disk(files.created), NEW_AFTER, 'the files not in conflict are written');
    await vscode.commands.executeCommand('workbench.action.files.revert', document.uri);
  });

  it('overwrites the person’s edits only when told to', async () => {
    const files = await threeFileChange('overwrite');
    await vscode.workspace.fs.writeFile(uriOf(files.a), encoder.encode('// mine\n'));
    const result = await handle.changes.accept(files.changeSet, { conflicts: 'overwrite' });
    assert.equal(result.outcome, 'accepted', JSON.stringify(result));
    assert.equal(await disk(files.a), A_AFTER);
    assert.equal(await disk(files.old), undefined);
  });

  it('VS Code’s Refactor Preview resolves applyEdit with false when discarded, writing nothing', async function () {
    const files = await threeFileChange('refactor');
    const shown = handle.changes.previewInRefactorPanel(files.changeSet);
    let settled: string | undefined;
    void shown.then((r) => (settled = r));
    // The panel waits for a person; its own Discard command is what the person's click runs.
    await eventually(
      async () => {
        await Promise.resolve(vscode.commands.executeCommand('refactorPreview.discard')).catch(() => undefined);
        return settled;
      },
      (r) => r !== undefined,
      'the Refactor Preview is discarded',
      { ms: 15_000, intervalMs: 250 },
    );
    assert.equal(settled, 'discarded');
    await assertUntouched(files);
  });
});

describe('Task changes: the test command after Accept (Preview lane)', () => {
  const node = JSON.stringify(process.execPath);
  let runner: TestCommandRunner;
  let asked: number;
  const memory = new Map<string, unknown>();
  const state: vscode.Memento = {
    keys: () => [...memory.keys()],
    get: <T>(key: string, fallback?: T) => (memory.has(key) ? (memory.get(key) as T) : fallback) as T,
    update: (key: string, value: unknown) => {
      if (value === undefined) memory.delete(key);
      else memory.set(key, value);
      return Promise.resolve();
    },
  };

  beforeEach(() => {
    memory.clear();
    asked = 0;
    runner = new TestCommandRunner({
      state,
      log: silentLogger,
      ask: () => {
        asked += 1;
        return Promise.resolve('Always for This Workspace' as const);
      },
    });
  });
  afterEach(() => runner.dispose());

  it('asks once per workspace and command, runs in the folder and returns the exit code and output', async () => {
    const command = `${node} -e "console.log('ran in', process.cwd()); process.exit(3)"`;
    const first = await runner.runAfterAccept({ command });
    assert.equal(first.kind, 'ran');
    assert.equal(first.kind === 'ran' ? first.result.exitCode : undefined, 3);
    assert.match(first.kind === 'ran' ? first.result.output : '', new RegExp(`ran in ${folder().fsPath.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')}`));
    const second = await runner.runAfterAccept({ command });
    assert.equal(second.kind, 'ran');
    assert.equal(asked, 1, 'the answer "Always for This Workspace" is remembered');
    // Another command (the setting changed, perhaps by an accepted change set) is asked about again.
    const changed = await runner.runAfterAccept({ command: `${node} -e "process.exit(0)"` });
    assert.equal(changed.kind, 'ran');
    assert.equal(asked, 2, 'consent covers the command it was given for, not another');
  });

  it('stops the command at its timeout and on cancel', async () => {
    const command = `${node} -e "setTimeout(() => {}, 60000)"`;
    const timedOut = await runner.runAfterAccept({ command, timeoutMs: 300 });
    assert.ok(timedOut.kind === 'ran' && timedOut.result.timedOut && timedOut.result.exitCode === null, JSON.stringify(timedOut));
    const cancel = new vscode.CancellationTokenSource();
    const running = runner.runAfterAccept({ command, token: cancel.token });
    cancel.cancel();
    const cancelled = await running;
    assert.ok(cancelled.kind === 'ran' && cancelled.result.cancelled && cancelled.result.exitCode === null, JSON.stringify(cancelled));
  });
});
