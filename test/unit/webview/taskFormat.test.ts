import assert from 'node:assert/strict';
import type { TaskOutputView, TaskPhaseView } from '../../../src/protocol/taskCard';
import { phaseName } from '../../../src/shared/phaseName';
import { phaseAnnouncement, phaseStatusWord } from '../../../src/webview/chat/taskFormat';

const phase = (key: string, output?: TaskOutputView, status: TaskPhaseView['status'] = 'succeeded'): TaskPhaseView => ({
  key,
  phase: key.split('#')[0] as string,
  status,
  modelId: 'gpt-4o',
  fallbacks: [],
  inputTokens: 10,
  outputTokens: 5,
  costUsd: 0.001,
  ...(output ? { output } : {}),
});

describe('task card words: what a phase that succeeded gave', () => {
  it('says what each kind of phase gave rather than only that it succeeded', () => {
    const step = { title: 'Add the field', files: ['src/a.ts'] };
    const file = { path: 'src/a.ts', kind: 'edit' as const, added: 1, removed: 0 };
    const finding = { file: 'src/a.ts', startLine: 1, endLine: 2, severity: 'warning' as const, message: 'm' };
    assert.equal(phaseStatusWord(phase('plan', { kind: 'plan', plan: { summary: 's', steps: [step, step, step, step] } })), '4 steps');
    assert.equal(phaseStatusWord(phase('plan', { kind: 'plan', plan: { summary: 's', steps: [step] } })), '1 step');
    assert.equal(phaseStatusWord(phase('review', { kind: 'findings', findings: [finding, finding] })), '2 findings');
    assert.equal(phaseStatusWord(phase('review', { kind: 'findings', findings: [] })), 'no findings');
    assert.equal(phaseStatusWord(phase('generate', { kind: 'change-set', changeSet: { summary: 's', files: [file, file, file] } })), '3 files');
    assert.equal(phaseStatusWord(phase('research', { kind: 'research', sources: ['src/a.ts'], toolCalls: 2 })), '1 source');
    assert.equal(phaseStatusWord(phase('review', { kind: 'verdict', accept: false, reason: 'r' })), 'rejected');
    // Text says it itself; no output, or not succeeded: the status.
    assert.equal(phaseStatusWord(phase('generate', { kind: 'text', text: 'hello' })), 'succeeded');
    assert.equal(phaseStatusWord(phase('generate')), 'succeeded');
    assert.equal(phaseStatusWord(phase('review', { kind: 'findings', findings: [] }, 'failed')), 'failed');
  });

  it('announces that a phase succeeded, then what it gave', () => {
    const step = { title: 'Add the field', files: [] };
    assert.equal(phaseAnnouncement(phase('plan', { kind: 'plan', plan: { summary: 's', steps: [step, step] } })), 'Plan succeeded on gpt-4o: 2 steps');
    assert.equal(phaseAnnouncement(phase('generate')), 'Generate succeeded on gpt-4o');
  });

  it('names a refine round apart from the words after it, and a critique by its model', () => {
    const round = { ...phase('refine#1', { kind: 'change-set', changeSet: { summary: 's', files: [{ path: 'a.ts', kind: 'edit' as const, added: 1, removed: 0 }, { path: 'b.ts', kind: 'edit' as const, added: 1, removed: 0 }] } }), round: 1 };
    assert.equal(`${phaseName(round)} ${phaseStatusWord(round)}`, 'Refine (round 1) 2 files');
    assert.equal(phaseAnnouncement(round), 'Refine (round 1) succeeded on gpt-4o: 2 files');
    // A critique is a review phase keyed by its model.
    assert.equal(phaseName({ ...phase('critique:claude'), phase: 'review' }), 'Review (claude)');
    assert.equal(phaseName(phase('generate')), 'Generate');
    // A cascade's judge answers on the review tier but is not the task's review.
    assert.equal(phaseName({ ...phase('judge#1'), phase: 'review', round: 1 }), 'Judge (round 1)');
    // The drafter's revision after a critique is not a second draft from scratch.
    assert.equal(phaseName({ ...phase('generate:revise'), phase: 'generate', round: 2 }), 'Revise');
  });
});
