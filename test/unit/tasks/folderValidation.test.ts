import assert from 'node:assert/strict';
import { prepareByFolder, validateByFolder, type FolderPlace } from '../../../src/core/tasks/folderValidation';
import type { ChangeValidator } from '../../../src/core/tasks/taskPorts';
import type { FileChange, ValidationReport } from '../../../src/core/tasks/taskTypes';

/** Two folders, `client` (/w/c) and `server` (/w/s); a path names its folder first, or is in client. */
function placeOf(path: string): FolderPlace | undefined {
  if (path.startsWith('server/')) return { folder: '/w/s', name: 'server', relative: path.slice('server/'.length), named: true };
  if (path.startsWith('client/')) return { folder: '/w/c', name: 'client', relative: path.slice('client/'.length), named: true };
  if (path.startsWith('lost/')) return undefined;
  return { folder: '/w/c', name: 'client', relative: path };
}

function validator(seen: FileChange[][], report: (changes: readonly FileChange[]) => Omit<ValidationReport, 'timeMs'>): ChangeValidator {
  return {
    validate: async (changes) => {
      seen.push([...changes]);
      return { ...report(changes), timeMs: 10 };
    },
  };
}

describe('validateByFolder (a change set across the folders of a multi-root workspace)', () => {
  it('checks a file moved into another folder as gone from its own folder and new in the other; a new path naming no folder stays beside the file', async () => {
    const client: FileChange[][] = [];
    const server: FileChange[][] = [];
    const passed = (changes: readonly FileChange[]) => ({ status: 'passed' as const, diagnostics: [], files: changes.map((c) => ({ path: c.path, check: 'types' as const })) });
    const validators: Record<string, ChangeValidator> = { '/w/c': validator(client, passed), '/w/s': validator(server, passed) };
    await validateByFolder(
      [
        { kind: 'rename', path: 'server/src/shared.ts', newPath: 'client/src/shared.ts', before: 'x', after: 'y' },
        { kind: 'rename', path: 'server/src/old.ts', newPath: 'src/new.ts', before: 'o', after: 'n' },
      ],
      placeOf,
      (folder) => validators[folder],
    );
    assert.deepEqual(server, [
      [
        { kind: 'delete', path: 'src/shared.ts', before: 'x' },
        { kind: 'rename', path: 'src/old.ts', newPath: 'src/new.ts', before: 'o', after: 'n' },
      ],
    ]);
    assert.deepEqual(client, [[{ kind: 'create', path: 'src/shared.ts', after: 'y' }]]);
  });

  it('checks each change in the folder that holds it, with paths inside that folder, and names the findings as the workspace does', async () => {
    const client: FileChange[][] = [];
    const server: FileChange[][] = [];
    const validators: Record<string, ChangeValidator> = {
      '/w/c': validator(client, (changes) => ({ status: 'passed', diagnostics: [], files: changes.map((c) => ({ path: c.path, check: 'types' as const })) })),
      '/w/s': validator(server, () => ({
        status: 'failed',
        diagnostics: [{ path: 'src/importer.ts', line: 3, column: 1, code: 'TS2554', message: 'Expected 2 arguments, but got 1.' }],
        files: [{ path: 'src/api.ts', check: 'types' }],
      })),
    };
    const report = await validateByFolder(
      [
        { kind: 'edit', path: 'client/src/app.ts', before: 'a', after: 'b' },
        { kind: 'edit', path: 'server/src/api.ts', before: 'a', after: 'b' },
        { kind: 'rename', path: 'server/src/old.ts', newPath: 'server/src/new.ts', before: 'x', after: 'y' },
      ],
      placeOf,
      (folder) => validators[folder],
    );
    assert.deepEqual(client, [[{ kind: 'edit', path: 'src/app.ts', before: 'a', after: 'b' }]]);
    assert.deepEqual(server, [
      [
        { kind: 'edit', path: 'src/api.ts', before: 'a', after: 'b' },
        { kind: 'rename', path: 'src/old.ts', newPath: 'src/new.ts', before: 'x', after: 'y' },
      ],
    ]);
    assert.equal(report.status, 'failed', 'one folder failing fails the change');
    assert.deepEqual(
      report.diagnostics.map((d) => `${d.path}:${d.line} ${d.code}`),
      ['server/src/importer.ts:3 TS2554'],
    );
    assert.deepEqual(
      report.files.map((f) => `${f.path} ${f.check}`),
      ['client/src/app.ts types', 'server/src/api.ts types'],
    );
    assert.equal(report.timeMs, 20);
  });

  it('keeps a rename whose new path names no folder in the folder of the file it renames', async () => {
    const server: FileChange[][] = [];
    await validateByFolder(
      [{ kind: 'rename', path: 'server/src/old.ts', newPath: 'src/new.ts', before: 'x', after: 'y' }],
      placeOf,
      (folder) => (folder === '/w/s' ? validator(server, () => ({ status: 'passed', diagnostics: [], files: [] })) : undefined),
    );
    assert.deepEqual(server[0]?.[0], { kind: 'rename', path: 'src/old.ts', newPath: 'src/new.ts', before: 'x', after: 'y' });
  });

  it('lists what no folder holds, or no validator checks, as not checked; nothing checked is not validated', async () => {
    const report = await validateByFolder(
      [
        { kind: 'create', path: 'lost/a.py', after: 'print(1)' },
        { kind: 'create', path: 'server/b.py', after: 'print(2)' },
      ],
      placeOf,
      () => undefined,
    );
    assert.equal(report.status, 'not-validated');
    assert.deepEqual(
      report.files.map((f) => `${f.path} ${f.check}`),
      ['lost/a.py none', 'server/b.py none'],
    );
  });
});

describe('prepareByFolder (a preparation hint across the folders of a multi-root workspace)', () => {
  it("gives each folder's validator its own paths, relative to it, in one call; leaves out what no folder holds and folders without a validator", () => {
    const heard: Record<string, string[][]> = {};
    const validators: Record<string, ChangeValidator> = {
      '/w/c': { validate: async () => ({ status: 'passed', diagnostics: [], files: [], timeMs: 0 }), prepare: (paths) => (heard['/w/c'] ??= []).push([...paths]) },
      '/w/s': { validate: async () => ({ status: 'passed', diagnostics: [], files: [], timeMs: 0 }), prepare: (paths) => (heard['/w/s'] ??= []).push([...paths]) },
    };
    prepareByFolder(['server/src/handler.ts', 'client/src/price.ts', 'lost/x.ts', 'src/cart.ts', 'server/src/index.ts'], placeOf, (folder) => validators[folder]);
    assert.deepEqual(heard, { '/w/s': [['src/handler.ts', 'src/index.ts']], '/w/c': [['src/price.ts', 'src/cart.ts']] });

    // A folder with no validator, or a validator that takes no hint, is passed over.
    prepareByFolder(['server/src/handler.ts', 'client/src/price.ts'], placeOf, (folder) => (folder === '/w/s' ? undefined : { validate: validators['/w/c']!.validate }));
    assert.deepEqual(heard, { '/w/s': [['src/handler.ts', 'src/index.ts']], '/w/c': [['src/price.ts', 'src/cart.ts']] });
  });

  it("passes the task's Stop to each folder's validator", () => {
    const signals: (AbortSignal | undefined)[] = [];
    const validator: ChangeValidator = { validate: async () => ({ status: 'passed', diagnostics: [], files: [], timeMs: 0 }), prepare: (_paths, signal) => signals.push(signal) };
    const stop = new AbortController();
    prepareByFolder(['server/src/handler.ts', 'client/src/price.ts'], placeOf, () => validator, stop.signal);
    assert.deepEqual(signals, [stop.signal, stop.signal]);
  });
});
