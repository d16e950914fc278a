import assert from 'node:assert/strict';
import { interruptedTask } from '../../../src/core/chat/taskCardSchema';
import { type StoredTaskSession, changeSetSchema, interruptedResult, parseTaskSessions } from '../../../src/core/tasks/storedTaskSession';
import { runTask } from '../../../src/core/tasks/taskEngine';
import { TaskSessionStore } from '../../../src/core/tasks/taskSessionStore';
import { PLAN_APPROVAL } from '../../../src/core/tasks/taskFlow';
import type { Plan, TaskEvent, TaskResult } from '../../../src/core/tasks/taskTypes';
import { PLAN, profile, run, useTaskWorld, type ModelSpec } from './taskHarness';

/**
 * What a task card keeps behind it across a window reload: read back with zod (a bad entry dropped,
 * the rest kept), and a task the reload cut short resumed from the phases it had finished.
 */
describe('stored task sessions', () => {
  const world = useTaskWorld();
  const MODELS: ModelSpec[] = [{ id: 'gpt-coder', server: 'openai' }];
  const TIERS = { plan: ['gpt-coder'], understand: ['gpt-coder'], generate: ['gpt-coder'], review: ['gpt-coder'] };

  /** Runs `tests` with plan approval until the plan waits: the phases a window closing then leaves. */
  async function cutAtApproval(): Promise<StoredTaskSession> {
    const { ports } = world.setup({ models: MODELS, tiers: TIERS, ports: { approvePlan: () => new Promise(() => undefined) } });
    const input = { instruction: 'Add a discount code to the checkout.', files: [], profile: profile('tests', { approvePlan: true }) };
    const finished: Extract<TaskEvent, { type: 'phase-end' }>['result'][] = [];
    let taskId = '';
    // The window closing while the plan waits ends the task as Stop does.
    const closing = new AbortController();
    await runTask(ports, input, {
      signal: closing.signal,
      onEvent: (event) => {
        if (event.type === 'task-start') taskId = event.taskId;
        if (event.type === 'plan-ready') closing.abort();
        if (event.type === 'phase-end' && !closing.signal.aborted) finished.push(event.result);
      },
    });
    return { requestId: 'r_1', conversationId: 'c_1', messageId: 'm_1', origin: 'chat', taskId, input, finished, accepted: false, savedAt: 1 };
  }

  it('round-trips through JSON; an entry that does not parse is dropped and said', async () => {
    const session = await cutAtApproval();
    const store = new TaskSessionStore([session]);
    const raw = JSON.parse(JSON.stringify(store.serialize())) as { version: number; sessions: unknown[] };
    raw.sessions.push({ ...session, requestId: 'r_2', input: { ...session.input, profile: { id: 'x' } } });
    const parsed = parseTaskSessions(raw);
    assert.deepEqual(parsed.sessions, [session]);
    assert.equal(parsed.problems.length, 1);
    assert.match(parsed.problems[0]!, /task session 1/);
    assert.deepEqual(parseTaskSessions({ version: 99, sessions: [] }).sessions, []);
  });

  it('keeps a feedback round’s draft and the check it had, so the round resumed after a reload is told its errors', async () => {
    const session = await cutAtApproval();
    const draft = { summary: 's', changes: [{ kind: 'edit' as const, path: 'src/cart.ts', before: 'a', after: 'b' }] };
    const draftValidation = { status: 'failed' as const, diagnostics: [{ path: 'src/cart.ts', line: 1, column: 2, code: 'TS2322', message: 'no' }], files: [{ path: 'src/cart.ts', check: 'types' as const }], timeMs: 4 };
    const round: StoredTaskSession = { ...session, input: { ...session.input, draft, feedback: 'fix it', draftValidation } };
    const parsed = parseTaskSessions(JSON.parse(JSON.stringify(new TaskSessionStore([round]).serialize())));
    assert.deepEqual(parsed.sessions, [round]);
    assert.deepEqual(parsed.problems, []);
  });

  it('keeps the plan an Implement This Plan task started from, so a resume after a reload does not plan again', async () => {
    const session = await cutAtApproval();
    const plan = { summary: 'Discount codes', steps: [{ title: 'Add the codes', detail: 'A map of code to rate.', files: ['src/codes.ts'] }] };
    const chosen: StoredTaskSession = { ...session, input: { ...session.input, plan } };
    const parsed = parseTaskSessions(JSON.parse(JSON.stringify(new TaskSessionStore([chosen]).serialize())));
    assert.deepEqual(parsed.sessions, [chosen]);
    assert.deepEqual(parsed.problems, []);
  });

  it('refuses a change set whose paths leave the workspace, as stored or handed back by a chat button', () => {
    const change = (path: string) => ({ summary: 's', changes: [{ kind: 'create', path, after: 'x' }] });
    assert.ok(changeSetSchema.safeParse(change('src/new.ts')).success);
    for (const path of ['../outside.ts', '/etc/passwd', 'C:/x.ts', 'file:///x.ts', 'src/../../x.ts']) {
      const parsed = changeSetSchema.safeParse(change(path));
      assert.equal(parsed.success, false, path);
      assert.match(parsed.error?.issues[0]?.message ?? '', /not a workspace-relative path/);
      assert.deepEqual(parsed.error?.issues[0]?.path, ['changes', 0, 'path']);
    }
    const rename = { summary: 's', changes: [{ kind: 'rename', path: 'src/a.ts', newPath: '../a.ts', before: 'a', after: 'a' }] };
    assert.deepEqual(changeSetSchema.safeParse(rename).error?.issues[0]?.path, ['changes', 0, 'newPath']);
  });

  it('a task cut short while its plan waited resumes without asking for the plan again, and asks for its approval again', async () => {
    const session = await cutAtApproval();
    const plans = world.requests().filter((r) => r.kind === 'plan').length;
    assert.equal(plans, 1);
    const previous = interruptedResult(session);
    assert.ok(previous?.resumeFrom);
    let asked = 0;
    const { ports } = world.setup({ models: MODELS, tiers: TIERS, ports: { approvePlan: async (plan) => (asked++, { kind: 'accept', plan }) } });
    const { result } = await run(ports, { profile: session.input.profile }, { resumeFrom: previous });
    assert.equal(result.status, 'succeeded', result.stoppedReason);
    assert.equal(result.taskId, session.taskId);
    assert.equal(world.requests().filter((r) => r.kind === 'plan').length, plans, 'the finished plan is reused');
    assert.equal(asked, 1, 'a plan that was never approved is shown for approval again');
    assert.ok(world.requests().some((r) => r.kind === 'generate'));
  });

  it('Stop while the plan waits for approval keeps the plan; Resume after a reload shows it again without asking the plan model', async () => {
    const waiting = world.setup({ models: MODELS, tiers: TIERS, ports: { approvePlan: () => new Promise(() => undefined) } });
    const input = { instruction: 'Add a discount code to the checkout.', files: [], profile: profile('tests', { approvePlan: true }) };
    const stop = new AbortController();
    let stopped: TaskResult | undefined;
    await runTask(waiting.ports, input, {
      signal: stop.signal,
      onEvent: (event) => {
        // Stop pressed while the card shows the plan.
        if (event.type === 'plan-ready') stop.abort();
        if (event.type === 'task-end') stopped = event.result;
      },
    });
    assert.ok(stopped);
    assert.equal(stopped.status, 'cancelled');
    assert.equal(stopped.resumeFrom, PLAN_APPROVAL, 'Resume is offered, from the approval');
    assert.deepEqual(stopped.phases.map((p) => [p.key, p.status]), [['plan', 'succeeded']]);
    assert.equal(stopped.final?.kind, 'plan', 'the plan paid for is kept');
    const plans = world.requests().filter((r) => r.kind === 'plan').length;

    // The session as the card stores it, through the file a window reload reads back.
    const session: StoredTaskSession = { requestId: 'r_1', conversationId: 'c_1', messageId: 'm_1', origin: 'chat', taskId: stopped.taskId, input, finished: stopped.phases, result: stopped, accepted: false, savedAt: 1 };
    const [stored] = parseTaskSessions(JSON.parse(JSON.stringify(new TaskSessionStore([session]).serialize()))).sessions;
    assert.ok(stored?.result);
    assert.equal(stored.result.resumeFrom, PLAN_APPROVAL);

    const shown: Plan[] = [];
    const { ports } = world.setup({ models: MODELS, tiers: TIERS, ports: { approvePlan: async (plan) => (shown.push(plan), { kind: 'accept', plan }) } });
    const { events, result } = await run(ports, { profile: stored.input.profile }, { resumeFrom: stored.result });
    assert.equal(result.status, 'succeeded', result.stoppedReason);
    assert.equal(result.taskId, stopped.taskId);
    assert.equal(world.requests().filter((r) => r.kind === 'plan').length, plans, 'the plan model is not asked again');
    assert.deepEqual(shown, [PLAN], 'the kept plan is shown for approval again');
    assert.ok(events.some((e) => e.type === 'plan-ready'));
    assert.ok(world.requests().some((r) => r.kind === 'generate'), 'generation follows the approval');
    assert.deepEqual(result.phases[0], stopped.phases[0], 'the plan phase is reused as it was');
  });

  it('a card read back mid-task offers Resume from the first phase that had not finished', () => {
    const card = interruptedTask({
      role: 'task',
      id: 'm_1',
      requestId: 'r_1',
      profileId: 'tests',
      profileLabel: 'Tests',
      instruction: 'x',
      status: 'running',
      phases: [
        { key: 'plan', phase: 'plan', status: 'succeeded', fallbacks: [], inputTokens: 1, outputTokens: 1, costUsd: 0 },
        { key: 'generate', phase: 'generate', status: 'running', fallbacks: [], inputTokens: 0, outputTokens: 0, costUsd: 0 },
        { key: 'validate', phase: 'validate', status: 'waiting', fallbacks: [], inputTokens: 0, outputTokens: 0, costUsd: 0 },
      ],
      notes: [],
      totals: { timeMs: 0, inputTokens: 1, outputTokens: 1, cost: { knownUsd: 0, unknownCount: 0 }, modelsUsed: [] },
      createdAt: 1,
    });
    assert.equal(card.status, 'cancelled');
    assert.equal(card.resumeFrom, 'generate');
  });
});
