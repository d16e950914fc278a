import assert from 'node:assert/strict';
import { feedbackRound } from '../../../src/core/tasks/feedbackRound';
import type { ChangeSet, TaskInput, TaskProfile, TaskResult } from '../../../src/core/tasks/taskTypes';

const profile: TaskProfile = {
  id: 'fix', label: 'Fix', builtIn: true, phases: ['generate', 'validate'], phaseSettings: { refine: { enabled: false, critical: false } }, pattern: 'single', maxRefineRounds: 0, maxParallel: 2, approvePlan: true,
};
const input: TaskInput = { instruction: 'Fix it', profile, files: [{ path: 'src/a.ts', text: 'x' }] };
const changeSet: ChangeSet = { summary: 's', changes: [{ kind: 'edit', path: 'src/a.ts', before: 'x', after: 'y' }] };
const result = (final?: TaskResult['final']): TaskResult => ({
  taskId: 't', profileId: 'fix', pattern: 'single', status: 'succeeded', phases: [], phasesRun: 2, phasesSucceeded: 2, totalMs: 5, inputTokens: 0, outputTokens: 0, modelsUsed: [], ...(final ? { final } : {}),
});

describe('Feedback round', () => {
  it('revises the finished change set: refine (enabled, at least one round) then validate, no plan approval', () => {
    const round = feedbackRound(input, result({ kind: 'change-set', changeSet }), '  use a Map instead  ');
    assert.ok(round);
    assert.deepEqual(round.profile.phases, ['refine', 'validate']);
    assert.equal(round.profile.phaseSettings.refine?.enabled, true);
    assert.equal(round.profile.maxRefineRounds, 1);
    assert.equal(round.profile.approvePlan, false);
    assert.equal(round.draft, changeSet);
    assert.equal(round.feedback, 'use a Map instead');
    assert.equal(round.instruction, 'Fix it');
    assert.deepEqual(round.files, input.files);
  });

  it('carries the finished task’s check of the change set, for refine to answer without checking it again', () => {
    const validation = { status: 'failed' as const, diagnostics: [{ path: 'src/a.ts', line: 1, column: 1, code: 'TS2322', message: 'no' }], files: [{ path: 'src/a.ts', check: 'types' as const }], timeMs: 9 };
    assert.equal(feedbackRound(input, { ...result({ kind: 'change-set', changeSet }), validation }, 'fix the type')?.draftValidation, validation);
    assert.equal(feedbackRound(input, result({ kind: 'change-set', changeSet }), 'fix the type')?.draftValidation, undefined, 'no check, none carried');
  });

  it('does not validate when the profile never did', () => {
    const round = feedbackRound({ ...input, profile: { ...profile, phases: ['research', 'generate', 'review'] } }, result({ kind: 'change-set', changeSet }), 'shorter');
    assert.deepEqual(round?.profile.phases, ['refine']);
  });

  it('has nothing to revise without a change set, or without words', () => {
    assert.equal(feedbackRound(input, result({ kind: 'text', text: 'a plan' }), 'more'), undefined);
    assert.equal(feedbackRound(input, result({ kind: 'change-set', changeSet: { summary: '', changes: [] } }), 'more'), undefined);
    assert.equal(feedbackRound(input, result({ kind: 'change-set', changeSet }), '   '), undefined);
  });

  it('after Accept, starts from the files as written: edits from the written text, deletes gone, renames at their new path', () => {
    const accepted: ChangeSet = {
      summary: 's',
      changes: [
        { kind: 'edit', path: 'a.ts', before: 'old', after: 'new' },
        { kind: 'create', path: 'b.ts', after: 'born' },
        { kind: 'delete', path: 'c.ts', before: 'gone' },
        { kind: 'rename', path: 'd.ts', newPath: 'e.ts', before: 'd', after: 'e' },
      ],
    };
    const round = feedbackRound(input, result({ kind: 'change-set', changeSet: accepted }), 'tests failed', { accepted: true });
    assert.deepEqual(round?.draft?.changes, [
      { kind: 'edit', path: 'a.ts', before: 'new', after: 'new' },
      { kind: 'edit', path: 'b.ts', before: 'born', after: 'born' },
      { kind: 'edit', path: 'e.ts', before: 'e', after: 'e' },
    ]);
  });
});
