import assert from 'node:assert/strict';
import type { PhaseResult, TaskEvent, TaskProfile, TaskResult } from '../../../../src/core/tasks/taskTypes';
import { TaskCardAccumulator, type TaskEventMessage } from '../../../../src/presentation/tasks/taskCard';
import { applyTaskCardUpdate, type TaskCardView } from '../../../../src/protocol/taskCard';

const PROFILE: TaskProfile = {
  id: 'implement',
  label: 'Implement',
  builtIn: true,
  phases: ['plan', 'research', 'generate', 'review', 'refine', 'validate'],
  phaseSettings: { research: { enabled: false, critical: false } },
  pattern: 'single',
  maxRefineRounds: 2,
  maxParallel: 2,
  approvePlan: true,
};

function result(r: Partial<PhaseResult> & Pick<PhaseResult, 'key' | 'phase'>): PhaseResult {
  return { status: 'succeeded', fallbacks: [], startedAt: 0, timeMs: 0, inputTokens: 0, outputTokens: 0, ...r };
}

const PLAN = { summary: 'Add a discount code', steps: [{ title: 'Add the field', files: ['src/checkout.ts'] }, { title: 'Apply it', files: ['src/cart.ts', 'src/checkout.ts'] }] };

const PHASES: PhaseResult[] = [
  result({ key: 'plan', phase: 'plan', modelId: 'claude', provider: 'anthropic', timeMs: 1200, ttftMs: 300, inputTokens: 500, outputTokens: 200, costUsd: 0.012, output: { kind: 'plan', plan: PLAN } }),
  result({
    key: 'generate',
    phase: 'generate',
    modelId: 'gpt-4o',
    provider: 'openai',
    timeMs: 3000,
    inputTokens: 2000,
    outputTokens: 900,
    costUsd: 0.031,
    fallbacks: [{ from: 'local-coder', to: 'gpt-4o', reason: 'Ollama is not running' }],
    note: 'your pick (gpt-4o) answered',
    output: {
      kind: 'change-set',
      changeSet: {
        summary: 'discount',
        changes: [
          { kind: 'edit', path: 'src/checkout.ts', before: 'a\nb\nc\n', after: 'a\nB\nc\nd\n' },
          { kind: 'create', path: 'src/discount.ts', after: 'x\ny\n' },
        ],
      },
    },
  }),
  result({ key: 'review', phase: 'review', status: 'skipped', timeMs: 40, error: 'review skipped: every review model failed', fallbacks: [{ from: 'sonnet', reason: 'rate limited (429)' }] }),
  result({
    key: 'validate',
    phase: 'validate',
    timeMs: 250,
    output: { kind: 'validation', report: { status: 'failed', diagnostics: [{ path: 'src/cart.ts', line: 4, column: 2, code: 'TS2322', message: 'bad' }], files: [], timeMs: 250 } },
  }),
];

const END: TaskResult = {
  taskId: 'task1',
  profileId: 'implement',
  pattern: 'single',
  status: 'succeeded',
  phases: PHASES,
  phasesRun: 4,
  phasesSucceeded: 3,
  final: PHASES[1]?.output,
  validation: { status: 'failed', diagnostics: [{ path: 'src/cart.ts', line: 4, column: 2, code: 'TS2322', message: 'bad' }], files: [], timeMs: 250 },
  totalMs: 4000,
  inputTokens: 2500,
  outputTokens: 1100,
  costUsd: 0.043,
  modelsUsed: ['claude', 'gpt-4o'],
};

function script(): TaskEvent[] {
  const [plan, generate, review, validate] = PHASES as [PhaseResult, PhaseResult, PhaseResult, PhaseResult];
  return [
    { type: 'task-start', taskId: 'task1', profile: PROFILE, startedAt: 0 },
    { type: 'phase-start', taskId: 'task1', key: 'plan', phase: 'plan', startedAt: 0 },
    { type: 'phase-end', taskId: 'task1', result: plan },
    { type: 'plan-ready', taskId: 'task1', plan: PLAN },
    { type: 'phase-start', taskId: 'task1', key: 'generate', phase: 'generate', startedAt: 1 },
    { type: 'phase-route', taskId: 'task1', key: 'generate', event: { type: 'attempt-start', modelId: 'local-coder', attempt: 1, probe: false, retry: false } },
    { type: 'phase-route', taskId: 'task1', key: 'generate', event: { type: 'text-delta', modelId: 'local-coder', text: 'tok' } },
    { type: 'phase-route', taskId: 'task1', key: 'generate', event: { type: 'fallback', from: 'local-coder', to: 'gpt-4o', reason: 'Ollama is not running' } },
    { type: 'phase-end', taskId: 'task1', result: generate },
    { type: 'phase-start', taskId: 'task1', key: 'review', phase: 'review', startedAt: 2 },
    { type: 'phase-end', taskId: 'task1', result: review },
    { type: 'phase-start', taskId: 'task1', key: 'validate', phase: 'validate', startedAt: 3 },
    { type: 'phase-end', taskId: 'task1', result: validate },
    { type: 'note', taskId: 'task1', text: 'review skipped' },
    { type: 'task-end', taskId: 'task1', result: END },
  ];
}

function run(events: readonly TaskEvent[], preferModel?: string): { acc: TaskCardAccumulator; posted: TaskEventMessage[] } {
  const acc = new TaskCardAccumulator({ conversationId: 'c1', requestId: 't1', messageId: 'm1', instruction: 'add a discount code', createdAt: 5, ...(preferModel ? { preferModel } : {}) });
  const posted = events.flatMap((e) => acc.push(e));
  return { acc, posted };
}

describe('TaskCardAccumulator', () => {
  it('starts the timeline with every enabled phase of the profile, waiting', () => {
    const { posted } = run(script().slice(0, 1), 'gpt-4o');
    const first = posted[0]?.event;
    assert.equal(first?.kind, 'started');
    if (first?.kind !== 'started') return;
    assert.deepEqual(
      first.card.phases.map((p) => [p.key, p.status]),
      ['plan', 'generate', 'review', 'refine', 'validate'].map((k) => [k, 'waiting']),
    );
    assert.match(first.card.phases.find((p) => p.key === 'generate')?.note ?? '', /your picked model \(gpt-4o\) applies here/);
    assert.equal(first.card.phases.find((p) => p.key === 'plan')?.note, undefined, 'the pick does not apply to plan');
  });

  it('leaves Refine off the timeline of a profile that allows no refine round: it would never run', () => {
    const acc = new TaskCardAccumulator({ conversationId: 'c1', requestId: 't1', messageId: 'm1', instruction: 'x', createdAt: 5 });
    const [first] = acc.push({ type: 'task-start', taskId: 'task1', profile: { ...PROFILE, maxRefineRounds: 0 }, startedAt: 0 });
    assert.equal(first?.event.kind, 'started');
    if (first?.event.kind !== 'started') return;
    assert.deepEqual(first.event.card.phases.map((p) => p.key), ['plan', 'generate', 'review', 'validate']);
  });

  it('the plan-ready update carries the steps with their files', () => {
    const { acc, posted } = run(script().slice(0, 4));
    const plan = posted.at(-1)?.event;
    assert.equal(plan?.kind, 'plan');
    if (plan?.kind !== 'plan') return;
    assert.deepEqual(plan.plan.steps, PLAN.steps);
    assert.equal(acc.card().status, 'awaiting-approval');
    assert.ok(posted.every((m) => m.type === 'task/event' && m.conversationId === 'c1' && m.requestId === 't1'));
  });

  it('follows the running phase to its fallback with the reason', () => {
    const { acc, posted } = run(script().slice(0, 8));
    assert.equal(acc.card().status, 'running', 'generate started: the plan was approved');
    const running = acc.card().phases.find((p) => p.key === 'generate');
    assert.equal(running?.status, 'running');
    assert.equal(running?.modelId, 'gpt-4o');
    assert.deepEqual(running?.fallbacks, [{ from: 'local-coder', to: 'gpt-4o', reason: 'Ollama is not running' }]);
    // task-start, phase-start, phase-end, plan-ready, phase-start, attempt-start, the first tokens received, fallback.
    assert.equal(posted.length, 8);
    assert.equal(running?.receivedTokens, 1, "'tok' is one token");
  });

  it('shows about how many tokens a running phase has received, redrawn as the count grows by a tenth, and drops it when the phase ends', () => {
    const start = script().slice(0, 6);
    const delta = (text: string, type: 'text-delta' | 'reasoning-delta' = 'text-delta'): TaskEvent => ({ type: 'phase-route', taskId: 'task1', key: 'generate', event: { type, modelId: 'gpt-4o', text } });
    // " word" is one token: 150 of them, the first 20 as reasoning (thinking counts as progress too).
    const deltas = Array.from({ length: 150 }, (_, i) => delta(' word', i < 20 ? 'reasoning-delta' : 'text-delta'));
    const { acc, posted } = run([...start, delta(''), ...deltas]);
    const shownCounts = posted.slice(start.length).flatMap((m) => (m.event.kind === 'phase' ? [m.event.phase.receivedTokens] : []));
    assert.equal(posted.length - start.length, shownCounts.length, 'an empty delta posts nothing; every later post is a phase update');
    // 1, then each at least ten more, then at least a tenth more.
    assert.deepEqual(shownCounts, [1, 11, 21, 31, 41, 51, 61, 71, 81, 91, 101, 112, 124, 137]);
    assert.equal(acc.card().phases.find((p) => p.key === 'generate')?.receivedTokens, 137, 'the stored card is what was posted');
    assert.equal(acc.card().totals.outputTokens, 200, 'the plan’s own 200: an estimate of what streams is not counted as output');

    const ended = acc.push({ type: 'phase-end', taskId: 'task1', result: PHASES[1] as PhaseResult });
    const generate = acc.card().phases.find((p) => p.key === 'generate');
    assert.equal(ended.length, 1);
    assert.equal(generate?.receivedTokens, undefined, 'the call’s own figures replace the estimate');
    assert.equal(generate?.outputTokens, 900);
  });

  it('counts tokens only for the phase that is running', () => {
    const { posted } = run([...script().slice(0, 3), { type: 'phase-route', taskId: 'task1', key: 'plan', event: { type: 'text-delta', modelId: 'claude', text: 'late words' } }]);
    assert.equal(posted.length, 3, 'plan has ended: its late text posts nothing');
  });

  it('ends with totals equal to the sum of the phases, fallbacks with reasons and a review that says it was skipped', () => {
    const { acc, posted } = run(script());
    const card = acc.card();
    assert.equal(card.status, 'succeeded');
    const shown = card.phases.filter((p) => p.status !== 'waiting');
    const sum = (f: (p: (typeof shown)[number]) => number) => shown.reduce((s, p) => s + f(p), 0);
    assert.equal(card.totals.timeMs, sum((p) => p.timeMs ?? 0));
    assert.equal(card.totals.timeMs, 1200 + 3000 + 40 + 250);
    assert.equal(card.totals.inputTokens, 2500);
    assert.equal(card.totals.outputTokens, 1100);
    assert.ok(Math.abs(card.totals.cost.knownUsd - (0.012 + 0.031)) < 1e-12);
    assert.equal(card.totals.cost.unknownCount, 0, 'validate and a skipped review called no model: they cost nothing, not unknown');
    assert.deepEqual(card.totals.modelsUsed, ['claude', 'gpt-4o']);
    assert.equal(card.elapsedMs, 4000);

    const review = card.phases.find((p) => p.key === 'review');
    assert.equal(review?.status, 'skipped');
    assert.match(review?.error ?? '', /review skipped/);
    assert.deepEqual(review?.fallbacks, [{ from: 'sonnet', reason: 'rate limited (429)' }]);
    assert.deepEqual(card.phases.find((p) => p.key === 'generate')?.fallbacks, [{ from: 'local-coder', to: 'gpt-4o', reason: 'Ollama is not running' }]);

    const refine = card.phases.find((p) => p.key === 'refine');
    assert.equal(refine?.status, 'skipped', 'a phase that never ran does not stay waiting');
    assert.deepEqual(card.final?.changeSet?.files, [
      { kind: 'edit', path: 'src/checkout.ts', added: 2, removed: 1 },
      { kind: 'create', path: 'src/discount.ts', added: 2, removed: 0 },
    ]);
    assert.equal(card.final?.validation?.diagnostics[0]?.code, 'TS2322');
    assert.deepEqual(card.notes, ['review skipped']);
    assert.deepEqual(card.plan?.steps, PLAN.steps);

    // The view folds the posted updates into the very card the host stores.
    const folded = posted.reduce<TaskCardView | undefined>((c, m) => applyTaskCardUpdate(c, m.event), undefined);
    assert.deepEqual(folded, card);
  });

  it('a failed task names the phase to resume from and cuts off what was still running', () => {
    const events = script().slice(0, 7);
    const failed: TaskResult = { ...END, status: 'failed', phases: [PHASES[0] as PhaseResult], stoppedReason: 'generate failed: every model failed', resumeFrom: 'generate' };
    const { acc } = run([...events, { type: 'task-end', taskId: 'task1', result: failed }]);
    const card = acc.card();
    assert.equal(card.status, 'failed');
    assert.equal(card.resumeFrom, 'generate');
    assert.equal(card.stoppedReason, 'generate failed: every model failed');
    assert.equal(card.phases.find((p) => p.key === 'generate')?.status, 'cancelled');
    assert.deepEqual(
      card.phases.filter((p) => p.status === 'skipped').map((p) => [p.key, p.error]),
      [
        ['review', 'not run'],
        ['refine', 'not run'],
        ['validate', 'not run'],
      ],
    );
  });

  it('an unknown price stays unknown, never $0', () => {
    const generate = { ...(PHASES[1] as PhaseResult), costUsd: undefined };
    const { acc } = run([
      { type: 'task-start', taskId: 'task1', profile: PROFILE, startedAt: 0 },
      { type: 'phase-end', taskId: 'task1', result: generate },
    ]);
    assert.equal(acc.card().phases.find((p) => p.key === 'generate')?.costUsd, null);
    assert.equal(acc.card().totals.cost.unknownCount, 1);
  });
  it('a plan-only task shows its plan as the result: the card does not end on "finished" with the steps folded away', () => {
    const planOnly: TaskProfile = { ...PROFILE, id: 'plan', label: 'Plan Task', phases: ['plan'], approvePlan: false };
    const [plan] = PHASES as [PhaseResult];
    const end: TaskResult = { ...END, profileId: 'plan', phases: [plan], phasesRun: 1, phasesSucceeded: 1, final: { kind: 'plan', plan: PLAN }, totalMs: 1200 };
    const { validation: _v, ...ended } = end;
    const { acc } = run([
      { type: 'task-start', taskId: 'task1', profile: planOnly, startedAt: 0 },
      { type: 'phase-start', taskId: 'task1', key: 'plan', phase: 'plan', startedAt: 0 },
      { type: 'phase-end', taskId: 'task1', result: plan },
      { type: 'task-end', taskId: 'task1', result: ended },
    ]);
    const card = acc.card();
    assert.equal(card.status, 'succeeded');
    assert.deepEqual(card.final?.plan, { summary: PLAN.summary, steps: PLAN.steps });
    assert.equal(card.final?.changeSet, undefined, 'nothing to accept');
  });

  it('a task that failed after its plan does not offer the plan as its result', () => {
    const [plan] = PHASES as [PhaseResult];
    const { validation: _v, ...failed } = { ...END, status: 'failed' as const, phases: [plan], final: { kind: 'plan' as const, plan: PLAN }, stoppedReason: 'generate failed' };
    const { acc } = run([{ type: 'task-start', taskId: 'task1', profile: PROFILE, startedAt: 0 }, { type: 'task-end', taskId: 'task1', result: failed }]);
    assert.equal(acc.card().final?.plan, undefined);
  });
});
