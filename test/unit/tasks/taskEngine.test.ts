import assert from 'node:assert/strict';
import { parseSettings } from '../../../src/core/config/parseSettings';
import { experimentSchema } from '../../../src/core/config/settings/experiments';
import { ResponseCache } from '../../../src/core/cache/responseCache';
import { assignVariant } from '../../../src/core/experiments/variantAssignment';
import { silentLogger } from '../../../src/core/log/logger';
import { feedbackRound } from '../../../src/core/tasks/feedbackRound';
import { planImplementation } from '../../../src/core/tasks/planImplementation';
import { runTask } from '../../../src/core/tasks/taskEngine';
import { PLAN_APPROVAL } from '../../../src/core/tasks/taskFlow';
import type { TaskPorts } from '../../../src/core/tasks/taskPorts';
import type { TaskEvent } from '../../../src/core/tasks/taskTypes';
import { BROKEN_DRAFT, DEFAULT_SCRIPT, PLAN, bodyText, profile, run, useTaskWorld, type ModelSpec } from './taskHarness';

/**
 * The task engine against the real ModelRouter and the real adapters (real SDKs over real HTTP) on
 * the local fake servers: what each phase's request contains, and how failures, Stop, resume and
 * the cost cap end a task.
 */
describe('runTask', () => {
  const world = useTaskWorld();
  const MODELS: ModelSpec[] = [
    { id: 'claude-plan', server: 'anthropic' },
    { id: 'llama-research', server: 'ollama' },
    { id: 'gpt-coder', server: 'openai' },
    { id: 'llama-review', server: 'ollama' },
  ];
  const TIERS = { plan: ['claude-plan'], understand: ['llama-research'], generate: ['gpt-coder'], review: ['llama-review'] };

  it('implement: generate receives the plan, refine receives the type error, the refined draft passes', async () => {
    let drafts = 0;
    const { ports, records, validator } = world.setup({
      models: MODELS,
      tiers: TIERS,
      script: (kind, req, model) => (kind === 'generate' ? (drafts++, BROKEN_DRAFT) : DEFAULT_SCRIPT(kind, req, model)),
    });
    const { events, result } = await run(ports, { profile: profile('implement') });

    assert.equal(result.status, 'succeeded', result.stoppedReason);
    assert.deepEqual(result.phases.map((p) => [p.key, p.status]).sort(), [
      ['generate', 'succeeded'], ['plan', 'succeeded'], ['refine#1', 'succeeded'], ['research', 'succeeded'], ['review', 'succeeded'], ['validate#1', 'succeeded'], ['validate', 'succeeded'],
    ]);
    const requests = world.requests();
    const generate = requests.find((r) => r.kind === 'generate');
    assert.ok(generate && PLAN.steps.every((s) => bodyText(generate.request).includes(s.title)), 'generate receives every plan step');
    assert.equal(generate.model, 'gpt-coder');
    const refine = requests.find((r) => r.kind === 'refine');
    assert.ok(refine, 'a refine round was asked');
    assert.match(bodyText(refine.request), /TS2322 src\/cart\.ts:6/, 'refine receives the error code and file:line (line 6: the merge puts a blank line before the new function)');
    assert.equal(result.validation?.status, 'passed');
    assert.equal(validator?.calls, 2);
    assert.equal(drafts, 1);
    assert.equal(result.final?.kind, 'change-set');

    // Every attempt says where it came from; the router's events are re-emitted per phase.
    assert.ok(records.length >= 5);
    for (const r of records) {
      assert.equal(r.origin, 'task');
      assert.equal(r.taskId, result.taskId);
      assert.equal(r.workspace, 'ws-1');
    }
    assert.deepEqual(new Set(records.map((r) => r.phase)), new Set(['plan', 'research', 'generate', 'review', 'refine']));
    const routed = events.filter((e): e is Extract<TaskEvent, { type: 'phase-route' }> => e.type === 'phase-route');
    assert.ok(routed.some((e) => e.key === 'generate' && e.event.type === 'done'));
    // Totals are the phases' sums.
    const cost = result.phases.reduce((s, p) => s + (p.costUsd ?? 0), 0);
    assert.ok(result.costUsd !== undefined && Math.abs(result.costUsd - cost) < 1e-12);
    assert.equal(result.inputTokens, result.phases.reduce((s, p) => s + p.inputTokens, 0));
    assert.ok(result.inputTokens > 0 && cost > 0);
  });

  it("a task in a conversation: each call records the conversation, and an A/B experiment's variant is the conversation's, draft and refine alike", async () => {
    const experiment = experimentSchema.parse({
      id: 'coder-ab',
      capability: 'generate',
      variants: [
        { name: 'usual', models: ['gpt-coder'] },
        { name: 'challenger', models: ['gpt-coder-2'] },
      ],
    });
    const { ports, records } = world.setup({
      models: [...MODELS, { id: 'gpt-coder-2', server: 'openai' }],
      tiers: TIERS,
      experiments: [experiment],
      // Every draft fails its check, so every task has a refine round.
      script: (kind, req, model) => (kind === 'generate' ? BROKEN_DRAFT : DEFAULT_SCRIPT(kind, req, model)),
    });
    const conversations = ['conv-1', 'conv-2', 'conv-3', 'conv-4'];
    assert.equal(new Set(conversations.map((c) => assignVariant([experiment], 'generate', c)?.variant)).size, 2, 'the conversations fall in both variants');
    for (const conversationId of conversations) {
      const variant = assignVariant([experiment], 'generate', conversationId);
      const { result } = await run(ports, { profile: profile('implement'), conversationId });
      assert.equal(result.status, 'succeeded', result.stoppedReason);
      const mine = records.filter((r) => r.taskId === result.taskId);
      assert.ok(mine.length >= 5, `${mine.length} records of ${result.taskId}`);
      for (const r of mine) assert.equal(r.conversationId, conversationId, `${r.phase} records the conversation`);
      const drafting = mine.filter((r) => r.phase === 'generate' || r.phase === 'refine');
      assert.deepEqual(drafting.map((r) => r.phase), ['generate', 'refine']);
      for (const r of drafting) {
        assert.equal(r.variant, variant?.variant, `${conversationId} ${r.phase}`);
        assert.equal(r.modelId, variant?.models[0]);
      }
    }
  });

  it('a task run again asks its models again: its phases neither read nor fill the response cache', async () => {
    const cache = new ResponseCache({ ttlMs: 60_000, maxEntries: 100, maxBytes: 1e6, now: () => 1_000_000 });
    try {
      const { ports, records } = world.setup({ models: MODELS, tiers: TIERS, cache });
      const first = await run(ports, { profile: profile('implement') });
      assert.equal(first.result.status, 'succeeded', first.result.stoppedReason);
      const asked = world.requests().length;
      const again = await run(ports, { profile: profile('implement') });
      assert.equal(again.result.status, 'succeeded', again.result.stoppedReason);
      assert.equal(world.requests().length, asked * 2, 'every phase asked its model again');
      assert.ok(records.every((r) => !r.cached), 'no phase was answered from the cache');
      assert.equal(cache.size, 0, 'nor kept in it');
    } finally {
      cache.dispose();
    }
  });

  it('a review tier whose models all fail: the task succeeds with "review skipped" and the draft', async () => {
    const { ports } = world.setup({
      models: MODELS,
      tiers: TIERS,
      script: (kind, req, model) => (kind === 'review' ? { kind: 'server-error', status: 500 } : DEFAULT_SCRIPT(kind, req, model)),
    });
    const { events, result } = await run(ports, { profile: profile('document') });
    assert.equal(result.status, 'succeeded');
    const review = result.phases.find((p) => p.key === 'review');
    assert.equal(review?.status, 'failed');
    assert.match(review?.error ?? '', /^review skipped: /);
    assert.ok(events.some((e) => e.type === 'note' && /^review skipped/.test(e.text)));
    assert.deepEqual(result.final?.kind === 'change-set' ? result.final.changeSet.changes.map((c) => c.path) : [], ['src/cart.ts']);
  });

  it('a generate tier that fails stops the task; resume re-runs only from generate', async () => {
    let generateFails = true;
    const { ports } = world.setup({
      models: MODELS,
      tiers: TIERS,
      script: (kind, req, model) => (kind === 'generate' && generateFails ? { kind: 'server-error', status: 503 } : DEFAULT_SCRIPT(kind, req, model)),
    });
    const tests = profile('tests');
    const first = await run(ports, { profile: tests });
    assert.equal(first.result.status, 'failed');
    assert.equal(first.result.resumeFrom, 'generate');
    assert.match(first.result.stoppedReason ?? '', /generate failed/);
    assert.deepEqual(first.result.phases.map((p) => p.key), ['plan', 'generate']);
    assert.equal(first.result.final?.kind, 'plan', 'what was done is kept');
    assert.equal(world.server('anthropic').chatRequests.length, 1);
    const generateCalls = world.server('openai').chatRequests.length;

    generateFails = false;
    const second = await run(ports, { profile: tests }, { resumeFrom: first.result });
    assert.equal(second.result.status, 'succeeded', second.result.stoppedReason);
    assert.equal(world.server('anthropic').chatRequests.length, 1, 'the plan is not asked again');
    assert.equal(world.server('openai').chatRequests.length, generateCalls + 1);
    assert.deepEqual(second.result.phases[0], first.result.phases[0], 'the plan phase is reused as it was');
    assert.equal(second.result.taskId, first.result.taskId);
  });

  it('Stop during generate aborts the request and starts no later phase', async () => {
    const { ports } = world.setup({
      models: MODELS,
      tiers: TIERS,
      script: (kind, req, model) => (kind === 'generate' ? { kind: 'hang' } : DEFAULT_SCRIPT(kind, req, model)),
    });
    const stop = new AbortController();
    const done = run(ports, { profile: profile('implement', { approvePlan: false }) }, { signal: stop.signal });
    await world.server('openai').waitForChatRequests(1);
    const before = world.requests().length;
    stop.abort();
    const { result } = await done;
    assert.equal(result.status, 'cancelled');
    assert.equal(await world.server('openai').chatRequests[0]!.ended, 'client-closed');
    assert.equal(world.requests().length, before, 'no request after Stop');
    assert.equal(result.phases.find((p) => p.key === 'generate')?.status, 'cancelled');
    assert.ok(!result.phases.some((p) => p.phase === 'review' || p.phase === 'validate'));
  });

  it('the cost cap stops the task before an expensive phase', async () => {
    const { ports } = world.setup({
      models: [MODELS[0]!, { id: 'gpt-coder', server: 'openai', price: { input: 1000, output: 1000 }, maxOutputTokens: 4000 }],
      tiers: TIERS,
    });
    const { events, result } = await run(ports, { profile: profile('tests', { maxCostUsd: 0.5 }) });
    assert.equal(result.status, 'failed');
    assert.match(result.stoppedReason ?? '', /cost cap: generate on gpt-coder could cost up to \$\d/);
    assert.equal(result.resumeFrom, 'generate');
    assert.equal(world.server('openai').chatRequests.length, 0, 'generate was never asked');
    assert.equal(world.server('anthropic').chatRequests.length, 1, 'the cheap plan ran');
    assert.ok(events.some((e) => e.type === 'phase-end' && e.result.key === 'generate' && e.result.status === 'skipped'));
  });

  it('the cost cap prices a fallback too: a tier\'s model over the cap is skipped, said on the phase and in the log', async () => {
    const lines: string[] = [];
    const log = { ...silentLogger, info: (m: string) => void lines.push(m), warn: (m: string) => void lines.push(m) };
    const { ports } = world.setup({
      // The primary is cheap (the phase is admitted on it); its fallback could cost $4.
      models: [{ id: 'gpt-coder', server: 'openai' }, { id: 'claude-pricey', server: 'anthropic', price: { input: 1000, output: 1000 }, maxOutputTokens: 4000 }],
      tiers: { generate: ['gpt-coder', 'claude-pricey'] },
      script: (kind, req, model) => (kind === 'generate' && model === 'gpt-coder' ? { kind: 'server-error', status: 503 } : DEFAULT_SCRIPT(kind, req, model)),
      ports: { log },
    });
    const { result } = await run(ports, { profile: profile('fix', { maxCostUsd: 0.5 }) });
    assert.equal(world.server('anthropic').chatRequests.length, 0, 'the fallback over the cap was never asked');
    assert.equal(result.status, 'failed');
    assert.equal(result.resumeFrom, 'generate');
    const generate = result.phases.find((p) => p.key === 'generate');
    const skipped = generate?.fallbacks.find((f) => f.from === 'claude-pricey');
    assert.match(skipped?.reason ?? '', /^claude-pricey skipped: cost cap: generate on claude-pricey could cost up to \$4\.\d{4}, .*the task's limit is \$0\.50$/);
    assert.match(result.stoppedReason ?? '', /claude-pricey: cost cap/);
    assert.ok(lines.some((l) => /fell back from claude-pricey \(claude-pricey skipped: cost cap/.test(l)), `a log line for the skip: ${JSON.stringify(lines)}`);
  });

  it('runs a profile of the person\'s own from switchboard.tasks, on the tiers it names', async () => {
    const parsed = parseSettings({ tasks: [{ id: 'quick-doc', label: 'Quick doc', phases: ['generate', 'review'], phaseSettings: { review: { tier: 'plan', instructions: 'Check JSDoc only.' } } }] });
    assert.deepEqual(parsed.diagnostics, []);
    const own = parsed.settings.tasks.profiles.find((p) => p.id === 'quick-doc');
    assert.ok(own && !own.builtIn);
    const { ports } = world.setup({ models: MODELS, tiers: TIERS });
    const { result } = await run(ports, { profile: own });
    assert.equal(result.status, 'succeeded');
    assert.deepEqual(result.phases.map((p) => [p.key, p.modelId]), [['generate', 'gpt-coder'], ['review', 'claude-plan']]);
    const review = world.server('anthropic').chatRequests[0]!;
    assert.match(bodyText(review), /Check JSDoc only\./);
    assert.equal(world.server('ollama').chatRequests.length, 0);
  });

  it('trims the phase context to a small model\'s window, research filling what is left', async () => {
    const huge = Array.from({ length: 3000 }, (_, i) => `export const value${i} = ${i};`).join('\n');
    const { ports } = world.setup({
      models: [{ id: 'llama-research', server: 'ollama' }, { id: 'tiny-coder', server: 'openai', contextWindow: 2000, maxOutputTokens: 500 }],
      tiers: { understand: ['llama-research'], generate: ['tiny-coder'], review: ['llama-research'] },
      ports: { research: { gather: async () => ({ context: huge, sources: ['src/big.ts'] }), tools: () => [] } },
    });
    const { result } = await run(ports, { profile: profile('document', { phases: ['research', 'generate'] }) });
    assert.equal(result.status, 'succeeded', result.stoppedReason);
    const generate = world.server('openai').chatRequests[0];
    assert.ok(generate, 'the small model was asked (not skipped for its window)');
    const text = bodyText(generate);
    assert.match(text, /Add a discount code/, 'the task itself is kept');
    assert.match(text, /trimmed to fit/);
    assert.ok(text.length < 8000 * 1.2, `the prompt fits the window (${text.length} characters)`);
    assert.ok(text.includes('value0 = 0'), 'the research context fills what is left');
  });

  it('asks the router which model would answer only where a window or the cost cap depends on it', async () => {
    const explained = (setup: { ports: TaskPorts }): string[] => {
      const asked: string[] = [];
      const router = setup.ports.router;
      Object.assign(setup.ports, { router: { route: router.route.bind(router), complete: router.complete.bind(router), explain: (c: Parameters<typeof router.explain>[0], o?: Parameters<typeof router.explain>[1]) => (asked.push(c), router.explain(c, o)) } });
      return asked;
    };
    // No model has a window and no cap is set: the prompt is whole whichever model answers.
    const plain = world.setup({ models: MODELS, tiers: TIERS });
    const none = explained(plain);
    assert.equal((await run(plain.ports, { profile: profile('document') })).result.status, 'succeeded');
    assert.deepEqual(none, []);
    // A window on the generate model: each phase asks which model its prompt must fit.
    const windowed = world.setup({ models: [...MODELS.filter((m) => m.id !== 'gpt-coder'), { id: 'gpt-coder', server: 'openai', contextWindow: 100_000 }], tiers: TIERS });
    const some = explained(windowed);
    assert.equal((await run(windowed.ports, { profile: profile('document') })).result.status, 'succeeded');
    assert.deepEqual(new Set(some), new Set(['understand', 'generate', 'review']));
    // A cost cap prices the phase on the model that would answer it.
    const capped = world.setup({ models: MODELS, tiers: TIERS });
    const priced = explained(capped);
    assert.equal((await run(capped.ports, { profile: profile('document', { maxCostUsd: 100 }) })).result.status, 'succeeded');
    assert.deepEqual(new Set(priced), new Set(['understand', 'generate', 'review']));
  });

  it('the composer\'s model applies to generate only, and the phase says so', async () => {
    const { ports } = world.setup({ models: [...MODELS, { id: 'gpt-picked', server: 'openai' }], tiers: { ...TIERS, generate: ['gpt-coder', 'gpt-picked'] } });
    const { result } = await run(ports, { profile: profile('tests'), preferModel: 'gpt-picked' });
    const generate = result.phases.find((p) => p.key === 'generate');
    assert.equal(generate?.modelId, 'gpt-picked');
    assert.match(generate?.note ?? '', /gpt-picked, the model picked in the composer/);
    assert.equal(result.phases.find((p) => p.key === 'plan')?.modelId, 'claude-plan');
  });

  it('the composer\'s model is asked for generate even when it is not in the generate tier', async () => {
    const { ports } = world.setup({ models: [...MODELS, { id: 'gpt-picked', server: 'openai' }], tiers: TIERS });
    const { result } = await run(ports, { profile: profile('tests'), preferModel: 'gpt-picked' });
    assert.equal(result.status, 'succeeded', result.stoppedReason);
    const generate = result.phases.find((p) => p.key === 'generate');
    assert.equal(generate?.modelId, 'gpt-picked', 'the pick answered, as it does in the chat');
    assert.match(generate?.note ?? '', /gpt-picked, the model picked in the composer/);
    assert.ok(!world.requests().some((r) => r.kind === 'generate' && r.model === 'gpt-coder'), 'the tier\'s primary was not asked');
  });

  it('approvePlan: edited steps replace the plan; cancel ends the task', async () => {
    const edited = { summary: 'Edited', steps: [{ title: 'Only touch checkout.ts', files: ['src/checkout.ts'] }] };
    const { ports } = world.setup({ models: MODELS, tiers: TIERS, ports: { approvePlan: async () => ({ kind: 'accept', plan: edited }) } });
    const { events, result } = await run(ports, { profile: profile('tests', { approvePlan: true }) });
    assert.ok(events.some((e) => e.type === 'plan-ready'));
    assert.equal(result.status, 'succeeded');
    assert.match(bodyText(world.server('openai').chatRequests[0]!), /Only touch checkout\.ts/);
    assert.deepEqual(result.phases[0]?.output, { kind: 'plan', plan: edited });

    const cancelled = world.setup({ models: MODELS, tiers: TIERS, ports: { approvePlan: async () => ({ kind: 'cancel' }) } });
    const before = world.server('openai').chatRequests.length;
    const second = await run(cancelled.ports, { profile: profile('tests', { approvePlan: true }) });
    assert.equal(second.result.status, 'cancelled');
    assert.equal(second.result.resumeFrom, PLAN_APPROVAL, 'the plan is kept: Resume shows it for approval again');
    assert.equal(world.server('openai').chatRequests.length, before, 'nothing generated after cancel');
  });

  it('Implement This Plan: a Plan task\'s plan is the plan phase as it is, no model plans again and it is not shown for approval again; generate receives its steps', async () => {
    const asked: string[] = [];
    const planned = world.setup({ models: MODELS, tiers: TIERS });
    const first = await run(planned.ports, { profile: profile('plan') });
    assert.equal(first.result.status, 'succeeded');
    assert.equal(first.result.final?.kind, 'plan');
    const plansAsked = world.requests().filter((r) => r.kind === 'plan').length;

    const { ports, records } = world.setup({ models: MODELS, tiers: TIERS, ports: { approvePlan: async () => (asked.push('approval'), { kind: 'cancel' }) } });
    const implement = profile('implement', { approvePlan: true });
    const input = planImplementation({ instruction: 'Add a discount code to the checkout.', profile: profile('plan'), files: [] }, first.result, implement);
    assert.ok(input, 'a finished Plan task has a plan to implement');
    const { events, result } = await run(ports, input);
    assert.equal(result.status, 'succeeded', result.stoppedReason);
    assert.deepEqual(asked, [], 'the plan the person chose is not shown for approval again');
    assert.ok(!events.some((e) => e.type === 'plan-ready'));
    assert.equal(world.requests().filter((r) => r.kind === 'plan').length, plansAsked, 'no model planned again');
    const plan = result.phases.find((p) => p.key === 'plan');
    assert.deepEqual([plan?.status, plan?.modelId, plan?.costUsd ?? 0, plan?.note], ['succeeded', undefined, 0, 'The plan you chose to implement.']);
    assert.deepEqual(plan?.output, { kind: 'plan', plan: PLAN });
    assert.ok(!records.some((r) => r.phase === 'plan'), 'no call recorded for the plan phase');
    const generate = world.requests().filter((r) => r.kind === 'generate').at(-1);
    assert.ok(generate && PLAN.steps.every((s) => bodyText(generate.request).includes(s.title)), 'generate receives every step of the chosen plan');
    assert.equal(result.final?.kind, 'change-set');

    // Only a task that ended with a plan of steps has one to implement.
    assert.equal(planImplementation({ instruction: 'x', profile: implement, files: [] }, result, implement), undefined);
    assert.equal(planImplementation({ instruction: 'x', profile: implement, files: [] }, { ...first.result, status: 'failed' }, implement), undefined);
  });

  it('prepares the check while the models work: the files given at the start, the plan\'s while the person reads it, an edited plan\'s once accepted', async () => {
    const edited = { summary: 'Edited', steps: [{ title: 'Touch checkout.ts and a new file', files: ['src/checkout.ts', 'src/discount.ts'] }] };
    let requestsAtApproval = -1;
    let preparedAtApproval = -1;
    const { ports, validator } = world.setup({
      models: MODELS,
      tiers: TIERS,
      ports: {
        approvePlan: async () => {
          requestsAtApproval = world.requests().length;
          preparedAtApproval = validator?.prepared.length ?? -1;
          return { kind: 'accept', plan: edited };
        },
      },
    });
    const files = [{ path: 'src/cart.ts', text: 'export {};\n' }, { path: 'src/cart.ts', text: 'export {};\n' }];
    const { result } = await run(ports, { profile: profile('implement', { approvePlan: true }), files });
    assert.equal(result.status, 'succeeded', result.stoppedReason);
    assert.deepEqual(validator?.prepared, [
      { paths: ['src/cart.ts'], afterChecks: 0 },
      { paths: ['src/cart.ts', 'src/checkout.ts'], afterChecks: 0 },
      { paths: ['src/checkout.ts', 'src/discount.ts'], afterChecks: 0 },
    ]);
    assert.equal(requestsAtApproval, 1, 'the plan was the only request before approval');
    assert.equal(preparedAtApproval, 2, "the plan's files were being prepared while it waited for approval");
    assert.ok(validator?.preparedSignals.every((s) => s !== undefined && !s.aborted), 'each hint carries the task\'s Stop, not used');

    // Stop while the person reads the plan stops its preparation too.
    const stop = new AbortController();
    const stopped = world.setup({ models: MODELS, tiers: TIERS, ports: { approvePlan: async () => (stop.abort(), new Promise<never>(() => undefined)) } });
    const halted = await run(stopped.ports, { profile: profile('implement', { approvePlan: true }), files }, { signal: stop.signal });
    assert.equal(halted.result.status, 'cancelled');
    assert.equal(stopped.validator?.preparedSignals.length, 2);
    assert.ok(stopped.validator?.preparedSignals.every((s) => s?.aborted === true), 'the preparations were stopped with the task');

    // A profile with no check prepares none; a validator whose prepare throws leaves the task as it was.
    const noCheck = world.setup({ models: MODELS, tiers: TIERS });
    await run(noCheck.ports, { profile: profile('document'), files });
    assert.deepEqual(noCheck.validator?.prepared, []);
    const lines: string[] = [];
    const throwing = world.setup({ models: MODELS, tiers: TIERS, ports: { log: { ...silentLogger, debug: (m) => lines.push(m) } } });
    throwing.validator!.prepare = () => {
      throw new Error('no thread');
    };
    const thrown = await run(throwing.ports, { profile: profile('fix'), files });
    assert.equal(thrown.result.status, 'succeeded');
    assert.equal(thrown.result.validation?.status, 'passed');
    assert.ok(lines.some((l) => /preparing the check failed: no thread/.test(l)), lines.join(' | '));
  });

  it('approvePlan: the plan accepted as it was shown (a copy, as the card sends it) is not called edited', async () => {
    const { ports } = world.setup({
      models: MODELS,
      tiers: TIERS,
      ports: { approvePlan: async (plan) => ({ kind: 'accept', plan: { summary: plan.summary, steps: plan.steps.map((s) => ({ ...s, files: [...s.files] })) } }) },
    });
    const { events, result } = await run(ports, { profile: profile('tests', { approvePlan: true }) });
    assert.equal(result.status, 'succeeded');
    assert.deepEqual(events.filter((e) => e.type === 'note'), []);

    const edited = world.setup({
      models: MODELS,
      tiers: TIERS,
      ports: { approvePlan: async (plan) => ({ kind: 'accept', plan: { ...plan, steps: plan.steps.map((s, i) => (i === 0 ? { ...s, files: [...s.files, 'src/extra.ts'] } : s)) } }) },
    });
    const second = await run(edited.ports, { profile: profile('tests', { approvePlan: true }) });
    assert.ok(second.events.some((e) => e.type === 'note' && /edited before generation/.test(e.text)));
  });

  it('a phase that times out fails; a non-critical one is skipped', async () => {
    const { ports } = world.setup({
      models: MODELS,
      tiers: TIERS,
      script: (kind, req, model) => (kind === 'review' ? { kind: 'hang' } : DEFAULT_SCRIPT(kind, req, model)),
    });
    const { result } = await run(ports, { profile: profile('document', { phaseSettings: { review: { enabled: true, critical: false, timeoutMs: 50 } } }) });
    assert.equal(result.status, 'succeeded');
    assert.match(result.phases.find((p) => p.key === 'review')?.error ?? '', /review skipped: timed out after 50 ms/);
  });

  it('a feedback round starts from the draft and its check: refine is told the errors and the feedback, and only the revision is checked', async () => {
    const { ports, validator } = world.setup({ models: MODELS, tiers: TIERS, script: (kind, req, model) => (kind === 'generate' ? BROKEN_DRAFT : DEFAULT_SCRIPT(kind, req, model)) });
    const tests = profile('tests', { approvePlan: false });
    const first = await run(ports, { profile: tests });
    assert.equal(first.result.validation?.status, 'failed', 'the finished task’s check found the error');
    assert.equal(validator?.calls, 1);

    const input = feedbackRound({ instruction: 'Add a discount code to the checkout.', profile: tests, files: [] }, first.result, 'Use a number for the rate.');
    assert.ok(input);
    const { result } = await run(ports, input);
    assert.equal(result.status, 'succeeded', result.stoppedReason);
    // Refine, then its check: the draft's own check is not run again before the round.
    assert.deepEqual(result.phases.map((p) => p.key), ['refine#1', 'validate#1']);
    assert.equal(validator?.calls, 2);
    const refine = world.requests().find((r) => r.kind === 'refine');
    assert.ok(refine, 'a refine round was asked');
    assert.match(bodyText(refine.request), /TS2322 src\/cart\.ts:6/, 'refine is told the error the finished task’s check found');
    assert.match(bodyText(refine.request), /Use a number for the rate\./);
    assert.equal(result.validation?.status, 'passed');
  });

  it('tells the listener each event as it happens; one that throws is logged and the task goes on', async () => {
    const warnings: string[] = [];
    const { ports } = world.setup({ models: MODELS, tiers: TIERS, ports: { log: { ...silentLogger, warn: (m) => warnings.push(m) } } });
    const told: string[] = [];
    const result = await runTask(ports, { instruction: 'Add a discount code to the checkout.', files: [], profile: profile('tests', { approvePlan: false }) }, {
      onEvent: (event) => {
        told.push(event.type);
        if (event.type === 'phase-start') throw new Error('the card is gone');
      },
    });
    assert.equal(result.status, 'succeeded', result.stoppedReason);
    assert.equal(told[0], 'task-start');
    assert.equal(told.at(-1), 'task-end');
    assert.equal(told.filter((t) => t === 'phase-start').length, result.phases.length);
    assert.equal(warnings.filter((w) => w === 'Task: a listener failed on phase-start: the card is gone').length, result.phases.length);
  });

  it('without a validator the draft is reported not validated', async () => {
    const { ports } = world.setup({ models: MODELS, tiers: TIERS, validator: null });
    const { result } = await run(ports, { profile: profile('fix'), problems: [{ path: 'src/cart.ts', line: 2, message: 'bad', severity: 'error', code: 'TS1005' }] });
    assert.equal(result.validation?.status, 'not-validated');
    assert.match(bodyText(world.server('openai').chatRequests[0]!), /TS1005 src\/cart\.ts:2: bad/, 'the problems are the task');
  });
});
