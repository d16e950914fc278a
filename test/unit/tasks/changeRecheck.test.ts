import assert from 'node:assert/strict';
import { recheckChangeSet } from '../../../src/core/tasks/changeRecheck';
import type { ValidationDiagnostic, ValidationReport } from '../../../src/core/tasks/taskTypes';

const error = (path: string, line: number, code = 'TS2322', message = "Type 'number' is not assignable to type 'string'."): ValidationDiagnostic => ({ path, line, column: 1, code, message });
const report = (status: ValidationReport['status'], diagnostics: ValidationDiagnostic[] = []): ValidationReport => ({ status, diagnostics, files: [{ path: 'src/codes.ts', check: 'types' }], timeMs: 1 });

describe('checking a stored change set again before it is written', () => {
  it('says what a fresh check finds that the task’s own did not, naming file, line and code', async () => {
    const words = await recheckChangeSet(report('passed'), async () => report('failed', [error('src/codes.ts', 3)]));
    assert.equal(words, "it no longer type-checks against the files as they are now (src/codes.ts:3 TS2322 Type 'number' is not assignable to type 'string'.)");
  });

  it('finds nothing new when the errors are those the task already reported, though their lines moved', async () => {
    const stored = report('failed', [error('src/codes.ts', 3)]);
    assert.equal(await recheckChangeSet(stored, async () => report('failed', [error('src/codes.ts', 9)])), undefined);
    assert.equal(await recheckChangeSet(report('passed'), async () => report('passed')), undefined);
  });

  it('names three errors and counts the rest', async () => {
    const fresh = report('failed', [1, 2, 3, 4, 5].map((n) => error(`src/f${n}.ts`, n)));
    const words = await recheckChangeSet(report('passed'), async () => fresh);
    assert.match(words ?? '', /src\/f1\.ts:1 .*src\/f2\.ts:2 .*src\/f3\.ts:3 TS2322 [^;]* and 2 more\)$/);
    assert.doesNotMatch(words ?? '', /src\/f4\.ts/);
  });

  it('does not check a change set the task could not check, nor one it has no report for', async () => {
    let checked = 0;
    const check = async () => (checked++, report('failed', [error('src/codes.ts', 1)]));
    assert.equal(await recheckChangeSet(undefined, check), undefined);
    assert.equal(await recheckChangeSet(report('not-validated'), check), undefined);
    assert.equal(checked, 0);
  });
});
