import assert from 'node:assert/strict';
import { MAX_PLAN_STEPS, type WebviewToHost, parseWebviewMessage } from '../../../src/protocol/chatProtocol';
import { type TaskCardView, type TaskPhaseView, applyTaskCardUpdate, sumTaskPhases } from '../../../src/protocol/taskCard';

const VALID: WebviewToHost[] = [
  { type: 'task/start', requestId: 't1', profileId: 'implement', text: 'add a discount code', chips: [{ kind: 'selection' }] },
  { type: 'task/start', requestId: 't1', conversationId: 'c1', profileId: 'my-profile', text: 'x', chips: [], modelId: 'gpt-4o' },
  { type: 'task/stop', requestId: 't1' },
  { type: 'task/plan', requestId: 't1', answer: 'accept' },
  { type: 'task/plan', requestId: 't1', answer: 'accept', steps: [{ title: 'Add the field', files: ['src/a.ts'] }, { title: 'Test it', detail: 'unit', files: [] }] },
  { type: 'task/plan', requestId: 't1', answer: 'cancel' },
  { type: 'task/preview', requestId: 't1' },
  { type: 'task/accept', requestId: 't1' },
  { type: 'task/reject', requestId: 't1' },
  { type: 'task/feedback', requestId: 't1', text: 'use a Map instead' },
  { type: 'task/resume', requestId: 't1' },
  { type: 'task/implement', requestId: 't1' },
  { type: 'task/open', path: 'src/a.ts', line: 12 },
];

/** Each bad message with the field its reason must name. */
const INVALID: [unknown, RegExp][] = [
  [{ type: 'task/start', requestId: 't1', profileId: 'implement', text: '', chips: [] }, /task\/start: text:/],
  [{ type: 'task/start', requestId: 't1', profileId: 'has space', text: 'x', chips: [] }, /profileId: must be 1-64 letters/],
  [{ type: 'task/start', requestId: 't1', text: 'x', chips: [] }, /profileId/],
  [{ type: 'task/stop' }, /task\/stop: requestId/],
  [{ type: 'task/stop', requestId: 't1', extra: true }, /Unrecognized key.*extra/],
  [{ type: 'task/plan', requestId: 't1', answer: 'maybe' }, /answer/],
  [{ type: 'task/plan', requestId: 't1', answer: 'cancel', steps: [{ title: 'a', files: [] }] }, /steps: steps are sent only with answer "accept"/],
  [{ type: 'task/plan', requestId: 't1', answer: 'accept', steps: [] }, /steps: an accepted plan needs at least one step/],
  [{ type: 'task/plan', requestId: 't1', answer: 'accept', steps: [{ title: '   ', files: [] }] }, /steps\.0\.title: a step needs a title/],
  [{ type: 'task/plan', requestId: 't1', answer: 'accept', steps: Array.from({ length: MAX_PLAN_STEPS + 1 }, () => ({ title: 'a', files: [] })) }, /steps:/],
  [{ type: 'task/feedback', requestId: 't1', text: '  ' }, /text: feedback must not be empty/],
  [{ type: 'task/implement' }, /task\/implement: requestId/],
  [{ type: 'task/open', path: 'src/a.ts', line: 0 }, /task\/open: line:/],
  [{ type: 'task/open', path: '', line: 3 }, /task\/open: path:/],
];

describe('task messages of the chat protocol', () => {
  it('accepts every well-formed task message', () => {
    for (const m of VALID) assert.deepEqual(parseWebviewMessage(m), { ok: true, message: m }, JSON.stringify(m));
  });

  it('rejects bad task messages with a reason naming the field', () => {
    for (const [raw, reason] of INVALID) {
      const parsed = parseWebviewMessage(raw);
      assert.equal(parsed.ok, false, JSON.stringify(raw));
      if (!parsed.ok) assert.match(parsed.reason, reason);
    }
  });

  const phase = (p: Partial<TaskPhaseView> & { key: string }): TaskPhaseView => ({
    phase: p.key,
    status: 'waiting',
    fallbacks: [],
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    ...p,
  });

  /** An Implement task's card while it runs, with `phases` on its timeline. */
  const runningCard = (phases: TaskPhaseView[]): TaskCardView => ({
    role: 'task',
    id: 'm1',
    requestId: 't1',
    profileId: 'implement',
    profileLabel: 'Implement',
    instruction: 'x',
    status: 'running',
    phases,
    notes: [],
    totals: sumTaskPhases([]),
    createdAt: 1,
  });

  it('folds updates: a started phase takes over its waiting placeholder, one without goes after the phases before it', () => {
    const start = runningCard([phase({ key: 'plan', status: 'succeeded' }), phase({ key: 'review' })]);
    let card = applyTaskCardUpdate(undefined, { kind: 'started', card: start });
    const review = phase({ key: 'review#1', phase: 'review', status: 'running' });
    card = applyTaskCardUpdate(card, { kind: 'phase', phase: review, totals: sumTaskPhases([review]) });
    card = applyTaskCardUpdate(card, { kind: 'phase', phase: phase({ key: 'refine#1', phase: 'refine' }), totals: sumTaskPhases([]) });
    assert.deepEqual(
      card?.phases.map((p) => [p.key, p.status]),
      [
        ['plan', 'succeeded'],
        ['review#1', 'running'],
        ['refine#1', 'waiting'],
      ],
    );
    assert.equal(applyTaskCardUpdate(undefined, { kind: 'note', text: 'n' }), undefined, 'no card, nothing to update');
  });

  it("places a cascade's judge and draft checks and a critique in the order they started, leaving the task's own review and validation their places", () => {
    const keys = ['plan', 'research', 'generate', 'review', 'refine', 'validate'];
    const start = runningCard(keys.map((key) => phase({ key, phase: key as TaskPhaseView['phase'] })));
    const started = (card: TaskCardView | undefined, key: string, kind: TaskPhaseView['phase']) => {
      const p = phase({ key, phase: kind, status: 'succeeded' });
      return applyTaskCardUpdate(card, { kind: 'phase', phase: p, totals: sumTaskPhases([p]) });
    };
    // A cascade, as generatePatterns.ts runs it: each draft checked, then judged; then review and validation side by side.
    let card = applyTaskCardUpdate(undefined, { kind: 'started', card: start });
    for (const [key, kind] of [
      ['plan', 'plan'],
      ['research', 'research'],
      ['generate#1', 'generate'],
      ['validate:cascade#1', 'validate'],
      ['judge#1', 'review'],
      ['generate#2', 'generate'],
      ['validate:cascade#2', 'validate'],
      ['judge#2', 'review'],
      ['review', 'review'],
      ['validate', 'validate'],
    ] as const) {
      card = started(card, key, kind);
    }
    assert.deepEqual(card?.phases.map((p) => [p.key, p.status]), [
      ['plan', 'succeeded'],
      ['research', 'succeeded'],
      ['generate#1', 'succeeded'],
      ['validate:cascade#1', 'succeeded'],
      ['judge#1', 'succeeded'],
      ['generate#2', 'succeeded'],
      ['validate:cascade#2', 'succeeded'],
      ['judge#2', 'succeeded'],
      ['review', 'succeeded'],
      ['validate', 'succeeded'],
      ['refine', 'waiting'],
    ]);
    // A critique: the critics and the revision go between the draft and the task's review.
    card = applyTaskCardUpdate(undefined, { kind: 'started', card: start });
    for (const [key, kind] of [
      ['plan', 'plan'],
      ['research', 'research'],
      ['generate', 'generate'],
      ['critique:claude', 'review'],
      ['critique:gemini', 'review'],
      ['generate:revise', 'generate'],
      ['review', 'review'],
    ] as const) {
      card = started(card, key, kind);
    }
    assert.deepEqual(card?.phases.map((p) => p.key), ['plan', 'research', 'generate', 'critique:claude', 'critique:gemini', 'generate:revise', 'review', 'refine', 'validate']);
  });

  it("reads an Implement task's timeline in the order its phases ran: the draft's check beside the review, above the refine round it led to", () => {
    // Seen in the real VS Code: the check of the draft took the Validate placeholder, below Refine, and
    // read "Review, Refine (round 1), Validate, Validate (round 1)" although it ran before the refine round.
    const keys = ['plan', 'research', 'generate', 'review', 'refine', 'validate'];
    let card = applyTaskCardUpdate(undefined, { kind: 'started', card: runningCard(keys.map((key) => phase({ key, phase: key as TaskPhaseView['phase'] }))) });
    const update = (key: string, kind: TaskPhaseView['phase'], status: TaskPhaseView['status']) => {
      const p = phase({ key, phase: kind, status });
      card = applyTaskCardUpdate(card, { kind: 'phase', phase: p, totals: sumTaskPhases([p]) });
    };
    /** Each phase starts, then ends, in the order the engine sends them. */
    const ran = (...phases: [string, TaskPhaseView['phase']][]) => {
      for (const [key, kind] of phases) update(key, kind, 'running');
      for (const [key, kind] of phases) update(key, kind, 'succeeded');
    };
    ran(['plan', 'plan']);
    ran(['research', 'research']);
    ran(['generate', 'generate']);
    // Review and validation side by side: both have started before either ends.
    update('review', 'review', 'running');
    update('validate', 'validate', 'running');
    assert.deepEqual(card?.phases.map((p) => [p.key, p.status]).slice(3), [
      ['review', 'running'],
      ['validate', 'running'],
      ['refine', 'waiting'],
    ]);
    ran(['review', 'review'], ['validate', 'validate']);
    ran(['refine#1', 'refine']);
    ran(['validate#1', 'validate']);
    assert.deepEqual(card?.phases.map((p) => p.key), ['plan', 'research', 'generate', 'review', 'validate', 'refine#1', 'validate#1']);
    assert.ok(card?.phases.every((p) => p.status === 'succeeded'));
  });

  it('sums phases, counting each unpriced phase once', () => {
    const totals = sumTaskPhases([
      phase({ key: 'plan', status: 'succeeded', modelId: 'a', timeMs: 100, inputTokens: 10, outputTokens: 5, costUsd: 0.01 }),
      phase({ key: 'generate', status: 'succeeded', modelId: 'b', timeMs: 200, inputTokens: 20, outputTokens: 15, costUsd: null }),
      phase({ key: 'review', status: 'succeeded', modelId: 'a', timeMs: 50, inputTokens: 1, outputTokens: 1, costUsd: 0.02 }),
    ]);
    assert.equal(totals.timeMs, 350);
    assert.equal(totals.inputTokens, 31);
    assert.equal(totals.outputTokens, 21);
    assert.ok(Math.abs(totals.cost.knownUsd - 0.03) < 1e-12);
    assert.equal(totals.cost.unknownCount, 1);
    assert.deepEqual(totals.modelsUsed, ['a', 'b']);
  });
});
