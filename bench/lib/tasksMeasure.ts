// What bench/tasks.bench.ts runs, bundled as esbuild.js bundles the extension (see bundledMeasure.ts).
// Orchestration overhead of a multi-model task: a six-phase `implement` task (plan, research,
// generate, review, refine, validate — validate runs after generate and again after the refine
// round, so seven phases run) through runTask, against the same phases' bare calls: the same
// requests sent with router.complete() one after another under one Stop signal, as the task's are,
// the same drafts merged into the files (resolveChangeSet) and the same validator calls, each after
// the call that drafted it, as in the task. One local
// OpenAI-compatible server answers every call at once with a fixed payload. Rounds interleave
// (task, bare, bare, task…) so load on the machine hits both sides alike.
// Figures: added ms per phase (goal ≤ 5 ms) and time ratio task ÷ bare (goal ≤ 1.05), medians
// over pairs run back to back.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { parseSettings } from '../../src/core/config/parseSettings';
import { silentLogger } from '../../src/core/log/logger';
import type { ModelRequest } from '../../src/core/providers/contract';
import { createLanguageModel } from '../../src/core/providers/createLanguageModel';
import type { Capability } from '../../src/core/router/capabilities';
import { ModelRouter } from '../../src/core/router/modelRouter';
import { ModelRegistry } from '../../src/core/router/registry';
import type { RouteOptions } from '../../src/core/router/routeOptions';
import { SYSTEM_PROMPTS, type PromptKind } from '../../src/core/tasks/phasePrompts';
import { BUILT_IN_PROFILES } from '../../src/core/tasks/profiles';
import { resolveChangeSet, type ChangeSetOutput } from '../../src/core/tasks/changeSetOutput';
import { runTask } from '../../src/core/tasks/taskEngine';
import type { ChangeValidator, TaskPorts, TaskRouter } from '../../src/core/tasks/taskPorts';
import type { FileChange, TaskResult, ValidationReport } from '../../src/core/tasks/taskTypes';
import { startFakeOpenAI, type FakeBehaviour } from '../../test/support/fakeProviders';
import { measurementLog } from './bundledMeasure';
import { alternatingPairs } from './pairs';
import { median } from './stats';

const log = measurementLog();
const recordResults = log.record;

/**
 * Pairs measured. The ratio is a median of per-pair ratios, which scatter from pair to pair (a
 * collection, another process): over 60 pairs (until 2026-12) that median moved by ±0.006 from run to
 * run on the same code (1.042, 1.048, 1.054), as much as the goal's margin; over 400 (a few seconds
 * more) by ±0.001 (1.045, 1.047, 1.045).
 */
const ROUNDS = Number(process.env['TASKS_BENCH_ROUNDS'] ?? 400);
/**
 * Task and bare pairs run before measuring. V8 optimizes a function after enough calls, and the task
 * engine's per-phase code and the router's per-request code get there much later than the SDK's
 * per-chunk code: measured too early, the figure is of code V8 has not optimized yet (see
 * structuredMeasure.ts). The pairs from the 30th to the 130th are printed as the figure before V8
 * settles (no goal).
 */
const WARMUP = Number(process.env['TASKS_BENCH_WARMUP'] ?? 600);
const EARLY_FROM = 30;
const EARLY_PAIRS = 100;
const PER_PHASE_GOAL_MS = 5;
const RATIO_GOAL = 1.05;

const CART = 'export function total(items: number[]): number {\n  return items.reduce((a, b) => a + b, 0);\n}\n';
const ANSWERS: Record<PromptKind, unknown> = {
  plan: { summary: 'Add a discount code.', steps: [{ title: 'Add applyDiscount', files: ['src/cart.ts'] }, { title: 'Use it in checkout', files: ['src/checkout.ts'] }] },
  research: 'total() sums numbers; keep the style.',
  generate: { summary: 'applyDiscount', changes: [{ action: 'edit', path: 'src/cart.ts', newPath: null, code: `${CART}export const applyDiscount = (t: number): number => t * BROKEN;\n` }] },
  refine: { summary: 'applyDiscount', changes: [{ action: 'edit', path: 'src/cart.ts', newPath: null, code: `${CART}export const applyDiscount = (t: number): number => t * 0.9;\n` }] },
  review: { findings: [] },
  judge: { accept: true, reason: 'ok' },
  revise: {},
};

function answerFor(body: unknown): FakeBehaviour {
  const text = JSON.stringify(body);
  const kind = (Object.keys(SYSTEM_PROMPTS) as PromptKind[]).find((k) => text.includes(SYSTEM_PROMPTS[k])) ?? 'research';
  const answer = ANSWERS[kind];
  const out = typeof answer === 'string' ? answer : JSON.stringify(answer);
  return { kind: 'text', chunks: [out.slice(0, 16), out.slice(16)], usage: { input: 400, output: 120 } };
}

/** Instant: a line with BROKEN is a TS2322. */
const validator: ChangeValidator = {
  async validate(changes: readonly FileChange[]): Promise<ValidationReport> {
    const bad = changes.some((c) => c.kind !== 'delete' && c.after.includes('BROKEN'));
    return {
      status: bad ? 'failed' : 'passed',
      diagnostics: bad ? [{ path: 'src/cart.ts', line: 4, column: 1, code: 'TS2322', message: "Type 'string' is not assignable to type 'number'." }] : [],
      files: changes.map((c) => ({ path: c.path, check: 'types' as const })),
      timeMs: 0,
    };
  },
};

async function main(): Promise<void> {
  const server = await startFakeOpenAI({ record: false });
  server.setHandler((request) => answerFor(request.body));
  const ids = ['planner', 'researcher', 'coder', 'reviewer'];
  const { settings } = parseSettings({
    models: ids.map((id) => ({ id, provider: 'openai-compatible', model: `${id}-model`, baseUrl: server.baseURL, price: { input: 1, output: 2 } })),
    tiers: { plan: ['planner'], understand: ['researcher'], generate: ['coder'], review: ['reviewer'] },
  });
  const entries = settings.models.map((config) => ({ config, model: createLanguageModel(config, { apiKey: 'sk-bench' }) }));
  const router = new ModelRouter({ registry: new ModelRegistry(entries, settings.tiers), settings: settings.router });
  const byId = new Map(settings.models.map((c) => [c.id, c]));

  // The calls the task makes, captured once, replayed bare as the baseline.
  const captured: { capability: Capability; request: ModelRequest; options: RouteOptions }[] = [];
  let capture = false;
  const recording: TaskRouter = {
    route: (c, r, o) => router.route(c, r, o),
    complete: (capability, request, options = {}) => {
      if (capture) captured.push({ capability, request, options: { ...(options.validate ? { validate: options.validate } : {}) } });
      return router.complete(capability, request, options);
    },
    explain: (c, o) => router.explain(c, o),
  };
  let n = 0;
  const ports: TaskPorts = {
    router: recording,
    catalogue: { model: (id) => byId.get(id), anyContextWindow: () => settings.models.some((m) => m.contextWindow !== undefined), requestCostUsd: () => 0, successRate: () => undefined, isLocal: () => false, localOnly: false },
    workspace: { read: async (path) => (path === 'src/cart.ts' ? CART : undefined) },
    validator,
    log: silentLogger,
    now: () => performance.now(),
    newId: () => `bench-${++n}`,
  };
  const profile = { ...BUILT_IN_PROFILES.find((p) => p.id === 'implement')!, approvePlan: false, maxRefineRounds: 1 };
  const input = { instruction: 'Add a discount code to the checkout.', profile, files: [{ path: 'src/cart.ts', text: CART }] };

  async function task(): Promise<{ ms: number; result: TaskResult }> {
    const started = performance.now();
    let result: TaskResult | undefined;
    // As the extension's task runner listens: every event, the result from task-end.
    await runTask(ports, input, { onEvent: (e) => (e.type === 'task-end' ? (result = e.result) : undefined) });
    const ms = performance.now() - started;
    if (result?.status !== 'succeeded' || result.validation?.status !== 'passed') throw new Error(`the task ended ${result?.status}: ${result?.stoppedReason}`);
    return { ms, result };
  }
  const drafts = [ANSWERS.generate, ANSWERS.refine] as ChangeSetOutput[];
  const validations = [ANSWERS.generate, ANSWERS.refine].map((a) => (a as { changes: { path: string; code: string }[] }).changes.map((f): FileChange => ({ kind: 'edit', path: f.path, before: CART, after: f.code })));
  async function bare(): Promise<number> {
    const started = performance.now();
    // A Stop signal, as the task carries one (a person can stop it): the router then keeps the means
    // to end each request early on both sides (without one, complete() spares that work).
    const stop = new AbortController();
    let drafted = 0;
    for (const call of captured) {
      const r = await router.complete(call.capability, call.request, { ...call.options, signal: stop.signal });
      if (r.outcome !== 'success') throw new Error(`bare call failed: ${r.error?.message}`);
      // The phases' own work besides their calls, where the task does it: each draft (generate,
      // then refine) merged into the files it edits (a TypeScript parse of both sides per file) and
      // checked. Done after all the calls instead (until 2026-12), the merges ran back to back on
      // warm CPU caches, cheaper than the same merges between calls: that order alone put the ratio
      // at 1.13-1.14 where this one measures 1.07-1.09 on the same machine and code.
      if (call.capability === 'generate') {
        await resolveChangeSet(drafts[drafted]!, ports.workspace);
        await validator.validate(validations[drafted]!);
        drafted++;
      }
    }
    if (drafted !== drafts.length) throw new Error(`the bare calls merged ${drafted} drafts, not ${drafts.length}`);
    return performance.now() - started;
  }

  capture = true;
  const first = await task();
  capture = false;
  const phases = first.result.phasesRun;
  assert.deepEqual(first.result.phases.map((p) => p.key).sort(), ['generate', 'plan', 'refine#1', 'research', 'review', 'validate', 'validate#1'].sort());
  assert.equal(captured.length, 5, 'five model calls: plan, research, generate, review, refine');

  const earlyRatios: number[] = [];
  for (let i = 0; i < WARMUP; i++) {
    const t = (await task()).ms;
    const b = await bare();
    if (i >= EARLY_FROM && i < EARLY_FROM + EARLY_PAIRS) earlyRatios.push(t / b);
  }
  const { a: taskMs, b: bareMs } = await alternatingPairs(ROUNDS, async () => (await task()).ms, bare);
  const added = taskMs.map((t, i) => t - bareMs[i]!);
  const ratios = taskMs.map((t, i) => t / bareMs[i]!);
  router.dispose();
  await server.close();

  const perPhase = median(added) / phases;
  const ratio = median(ratios);
  const baselineName = 'the same requests through router.complete() with a Stop signal, the same drafts merged and the same validator calls';
  recordResults({
    'tasks.sixPhase.p50': { value: median(taskMs), unit: 'ms', baseline: median(bareMs), baselineName, ratio: median(taskMs) / median(bareMs) },
    'tasks.sixPhase.addedPerPhaseMs': { value: perPhase, unit: 'ms', goal: `≤ ${PER_PHASE_GOAL_MS} ms`, met: perPhase <= PER_PHASE_GOAL_MS },
    'tasks.sixPhase.ratio': { value: ratio, unit: '×', baseline: 1, baselineName, ratio, goal: `ratio ≤ ${RATIO_GOAL}`, met: ratio <= RATIO_GOAL },
    ...(earlyRatios.length > 0 ? { 'tasks.sixPhase.ratioBeforeV8Settles': { value: median(earlyRatios), unit: '×', baseline: 1, baselineName, ratio: median(earlyRatios) } } : {}),
  });
  log.note(
    `${ROUNDS} interleaved rounds after ${WARMUP} warm-up pairs; ${phases} phases run per task (5 model calls, 2 validations); added per phase = median(task − bare) ÷ ${phases}; ratio = median of task ÷ bare per pair. ` +
      `ratioBeforeV8Settles: median ratio of warm-up pairs ${EARLY_FROM}–${EARLY_FROM + EARLY_PAIRS}, while V8 is still optimizing the per-phase and per-request code (no goal).`,
  );
  log.print();
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
