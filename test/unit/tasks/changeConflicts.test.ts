import assert from 'node:assert/strict';
import { findConflicts, sameText } from '../../../src/core/tasks/changeConflicts';
import type { FileChange } from '../../../src/core/tasks/taskTypes';

const files = (entries: Record<string, string>) => (path: string) => entries[path];

describe('changeConflicts (files the person changed while the task ran)', () => {
  const changes: FileChange[] = [
    { kind: 'edit', path: 'src/a.ts', before: 'a\n', after: 'A\n' },
    { kind: 'create', path: 'src/new.ts', after: 'new\n' },
    { kind: 'delete', path: 'src/old.ts', before: 'old\n' },
  ];

  it('finds nothing when every file is as the task read it', () => {
    assert.deepEqual(findConflicts(changes, files({ 'src/a.ts': 'a\n', 'src/old.ts': 'old\n' })), []);
  });

  it('lists an edited, a vanished and a newly existing file, each with what happened', () => {
    const found = findConflicts(changes, files({ 'src/a.ts': 'a\n// mine\n', 'src/new.ts': 'someone else\n' }));
    assert.deepEqual(
      found.map((c) => [c.path, c.reason]),
      [
        ['src/a.ts', 'modified'],
        ['src/new.ts', 'exists'],
        ['src/old.ts', 'missing'],
      ],
    );
    assert.match(found[0]!.message, /src\/a\.ts was edited after the task read it/);
  });

  it('does not count line endings as an edit, nor a created file that already holds the same text', () => {
    assert.ok(sameText('a\r\nb\r\n', 'a\nb\n'));
    assert.ok(!sameText('a\nb\n', 'a\nb'));
    assert.deepEqual(findConflicts(changes, files({ 'src/a.ts': 'a\r\n', 'src/new.ts': 'new\r\n', 'src/old.ts': 'old\n' })), []);
  });

  it('checks both ends of a rename: the source as read, the target still free', () => {
    const rename: FileChange = { kind: 'rename', path: 'src/x.ts', newPath: 'src/y.ts', before: 'x\n', after: 'y\n' };
    assert.deepEqual(findConflicts([rename], files({ 'src/x.ts': 'x\n' })), []);
    assert.deepEqual(
      findConflicts([rename], files({ 'src/x.ts': 'x2\n', 'src/y.ts': 'taken\n' })).map((c) => [c.path, c.reason]),
      [
        ['src/x.ts', 'modified'],
        ['src/y.ts', 'exists'],
      ],
    );
  });
});
