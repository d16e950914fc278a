import assert from 'node:assert/strict';
import { findConflicts } from '../../../src/core/tasks/changeConflicts';
import { summarizeChange, summarizeChangeSet } from '../../../src/core/tasks/changeSummary';
import type { ChangeSet } from '../../../src/core/tasks/taskTypes';

describe('changeSummary (what every surface says about a change set)', () => {
  const changeSet: ChangeSet = {
    summary: 'add a discount code',
    changes: [
      { kind: 'edit', path: 'src/a.ts', before: 'one\ntwo\nthree\n', after: 'one\nTWO\nthree\nfour\n' },
      { kind: 'create', path: 'src/new.ts', after: 'x\ny\n' },
      { kind: 'delete', path: 'src/old.ts', before: 'gone\n' },
      { kind: 'rename', path: 'src/p.ts', newPath: 'src/q.ts', before: 'p\n', after: 'p\n' },
    ],
  };

  it('counts added and removed lines of an edit with a real line diff', () => {
    const line = summarizeChange(changeSet.changes[0]!);
    assert.deepEqual([line.added, line.removed], [2, 1]);
    assert.equal(line.text, 'edit src/a.ts (+2 −1)');
  });

  it('says new, deleted and renamed files in their own words', () => {
    const [, created, deleted, renamed] = changeSet.changes.map((c) => summarizeChange(c).text);
    assert.equal(created, 'create src/new.ts (new, 2 lines)');
    assert.equal(deleted, 'delete src/old.ts (deleted, 1 line)');
    assert.equal(renamed, 'rename src/q.ts (from src/p.ts, +0 −0)');
  });

  it('titles the set by kind and marks the files in conflict', () => {
    const conflicts = findConflicts(changeSet.changes, (path) => ({ 'src/a.ts': 'mine\n', 'src/old.ts': 'gone\n', 'src/p.ts': 'p\n' })[path]);
    const summary = summarizeChangeSet(changeSet, conflicts);
    assert.equal(summary.title, '4 files: 1 edited, 1 created, 1 deleted, 1 renamed');
    // For the multi-diff editor's title, which adds the file count itself.
    assert.equal(summary.counts, '1 edited, 1 created, 1 deleted, 1 renamed');
    assert.equal(summary.lines[0]!.conflict, 'src/a.ts was edited after the task read it');
    assert.equal(summary.lines.filter((l) => l.conflict).length, 1);
    assert.match(summary.text, /^4 files.*\n {2}edit src\/a\.ts \(\+2 −1\) ⚠ src\/a\.ts was edited/);
  });

  it('says when there is nothing to change', () => {
    assert.equal(summarizeChangeSet({ summary: '', changes: [] }).title, 'no changes');
    assert.equal(summarizeChangeSet({ summary: '', changes: [] }).counts, 'no changes');
  });
});
