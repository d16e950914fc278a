import assert from 'node:assert/strict';
import { resolveTaskToolInput, taskAnswer, taskConfirmation } from '../../../src/core/lmTools/taskTool';
import { BUILT_IN_PROFILES } from '../../../src/core/tasks/profiles';
import type { TaskResult } from '../../../src/core/tasks/taskTypes';

const workspace = { read: async (path: string) => (path === 'src/a.ts' ? 'export const a = 1;\n' : undefined) };
const result = (over: Partial<TaskResult>): TaskResult => ({
  taskId: 't1',
  profileId: 'implement',
  pattern: 'single',
  status: 'succeeded',
  phases: [],
  phasesRun: 4,
  phasesSucceeded: 4,
  totalMs: 10,
  inputTokens: 100,
  outputTokens: 50,
  costUsd: 0.0123,
  modelsUsed: ['coder', 'reviewer'],
  ...over,
});

describe('task tool', () => {
  it('resolves the profile (implement by default) and reads the files through the workspace reader', async () => {
    const out = await resolveTaskToolInput({ instruction: ' Add codes ', files: ['src/a.ts'] }, BUILT_IN_PROFILES, workspace);
    assert.ok(out.ok);
    assert.equal(out.input.profile.id, 'implement');
    assert.equal(out.input.instruction, 'Add codes');
    assert.deepEqual(out.input.files, [{ path: 'src/a.ts', text: 'export const a = 1;\n' }]);
  });

  it('names an unknown profile with the known ones, and a file it cannot read', async () => {
    const bad = await resolveTaskToolInput({ instruction: 'x', profile: 'deploy' }, BUILT_IN_PROFILES, workspace);
    assert.match(bad.ok ? '' : bad.message, /^profile: no task profile "deploy" \(known: implement, /);
    const missing = await resolveTaskToolInput({ instruction: 'x', files: ['.env'] }, BUILT_IN_PROFILES, workspace);
    assert.match(missing.ok ? '' : missing.message, /^files: "\.env" cannot be read/);
  });

  it('asks before it runs: the profile, its phases, the instruction, the cost and that nothing is written', () => {
    const { title, message } = taskConfirmation({ instruction: 'Add discount codes', files: ['src/a.ts'] }, BUILT_IN_PROFILES);
    assert.equal(title, 'Run a Switchboard multi-model task?');
    assert.match(message, /plan → research → generate/);
    assert.match(message, /Add discount codes/);
    assert.match(message, /Files: src\/a\.ts/);
    assert.match(message, /may cost money\. Nothing is written/);
  });

  it('reports the proposed change one line a file, and that nothing was applied', () => {
    const changeSet = { summary: 'Codes', changes: [{ kind: 'create' as const, path: 'src/codes.ts', after: 'a\nb\n' }, { kind: 'edit' as const, path: 'src/a.ts', before: 'x\n', after: 'y\nz\n' }] };
    const text = taskAnswer(result({ final: { kind: 'change-set', changeSet } }), true);
    assert.match(text, /^Task implement: succeeded\.\nPhases: 4 of 4 succeeded; models: coder, reviewer; tokens: 100 in, 50 out; cost: \$0\.0123\./);
    assert.match(text, /Proposed change: Codes\n2 files/);
    assert.match(text, /src\/codes\.ts/);
    assert.match(text, /Nothing was applied\. The change is open in a preview; the person accepts or rejects it there\./);
    assert.match(taskAnswer(result({ status: 'failed', stoppedReason: 'generate failed' }), false), /^Task implement: failed \(generate failed\)\./);
  });
});
