import { defaultRouterSettings, type RoutingObjective, type RoutingStrategy } from '../../src/core/config/settings/router';
import type { ModelConfig } from '../../src/core/models/modelConfig';
import type { LanguageModel, ModelRequest, StreamPart, Usage } from '../../src/core/providers/contract';
import { ModelRouter } from '../../src/core/router/modelRouter';
import { ModelRegistry } from '../../src/core/router/registry';
import { seededRandom, type Random } from '../../src/core/router/rng';
import type { RouteDecision, RouteResult } from '../../src/core/router/routeEvents';
import type { RouteOptions } from '../../src/core/router/routeOptions';
import { cascadeOrder } from '../../src/core/tasks/cascadeOrder';
import type { Complexity } from '../../src/core/router/capabilities';
import type { RoutingTask } from './routingData';
import { latencyModel } from './routingLatency';

/**
 * One replay of scored tasks through the real ModelRouter. Every model is a {@link ReplayModel}: an
 * in-process LanguageModel whose latency passes on a simulated clock (the router's `now` and `clock`),
 * so what is measured is the routing decisions, and the same seed gives the same figures. The
 * task's drawn outcome reaches the router only after its choice, through the route's `validate`
 * check: a 0 makes the attempt `schema-failed`, which the adaptive scores count as a failure. Until
 * quality signals (issue 15) exist, that is the one signal the router learns from.
 */

/** Simulated time between two tasks: the router's decay (half-life 60 minutes) sees one task a minute. */
export const TASK_INTERVAL_MS = 60_000;
/** Every model's output allowance; prices are set so that allowance costs the warm-up's mean cost. */
const OUTPUT_ALLOWANCE = 1_000_000;
const USAGE: Usage = {
  input: { tokens: 10, source: 'estimated' },
  output: { tokens: 10, source: 'estimated' },
  cacheRead: { tokens: 0, source: 'estimated' },
  cacheWrite: { tokens: 0, source: 'estimated' },
};
const REQUEST: ModelRequest = { messages: [{ role: 'user', content: 'Solve the task.' }], maxOutputTokens: OUTPUT_ALLOWANCE };

/**
 * Answers with its own name, so the outcome check knows which model answered, after its latency on
 * the current task has passed on the replay's simulated clock (see routingLatency.ts).
 */
export class ReplayModel implements LanguageModel {
  readonly specificationVersion = 'v2' as const;
  readonly provider = 'openai-compatible' as const;
  constructor(
    readonly modelId: string,
    private readonly elapse: (modelId: string) => void = () => undefined,
  ) {}

  async *stream(): AsyncGenerator<StreamPart> {
    this.elapse(this.modelId);
    yield { type: 'text-delta', text: this.modelId };
    yield { type: 'finish', reason: 'stop', usage: USAGE };
  }
}

export type Drawn = ReadonlyMap<RoutingTask, Readonly<Record<string, 0 | 1>>>;

export interface ReplayInput {
  readonly tier: readonly string[];
  readonly warmup: readonly RoutingTask[];
  readonly scored: readonly RoutingTask[];
  readonly drawn: Drawn;
  /** Mean warm-up cost per model: the router's price estimate (the file's costs are per task). */
  readonly warmupCost: ReadonlyMap<string, number>;
  readonly seed: number;
  /** The complexity the router is told per task (a simulated classifier's; see routingComplexity.ts). */
  readonly complexity?: ReadonlyMap<RoutingTask, Complexity>;
}

export interface VerifierSpec {
  /** Chance a verdict is right: a passing draft accepted, a failing one rejected. */
  readonly accuracy: number;
  /** The model whose calls the verdicts are charged as (its cost on the task). */
  readonly model: string;
}

/** What happened to a model whose outcomes dropped to 0 halfway through the scored tasks. */
export interface DriftReport {
  readonly model: string;
  /** Calls it got from the drop until the router first chose another model (exploration aside). */
  readonly callsBeforeMove: number;
  /** Calls it got over the rest of the run (exploration included), and how many tasks that was of. */
  readonly callsAfterDrop: number;
  readonly tasksAfterDrop: number;
}

export interface ReplayOutcome {
  readonly successes: number;
  readonly costUsd: number;
  readonly tasks: number;
  /** Verifier charges inside costUsd (cascade only). */
  readonly verifierUsd: number;
  readonly picks: ReadonlyMap<string, number>;
  readonly drift?: DriftReport;
}

interface Replay {
  readonly router: ModelRouter;
  readonly clock: { t: number };
  /** The task whose costs the router is charged now. */
  current: RoutingTask | undefined;
}

function replayRouter(input: ReplayInput, strategy: RoutingStrategy, objective: RoutingObjective = 'balanced'): Replay {
  const latencyOf = latencyModel(input.seed);
  const configs = new Map<string, ModelConfig>(input.tier.map((id) => [id, { id, provider: 'openai-compatible', model: id, maxOutputTokens: OUTPUT_ALLOWANCE }]));
  // One simulated clock for both the wall clock and the latency clock: a call's latency passes on it.
  const elapse = (modelId: string): void => {
    if (replay.current) clock.t += latencyOf(replay.current, modelId);
  };
  const registry = new ModelRegistry(
    [...configs.values()].map((config) => ({ config, model: new ReplayModel(config.id, elapse) })),
    { generate: [...input.tier] },
  );
  const settings = defaultRouterSettings();
  settings.routing = { ...settings.routing, strategy, objective };
  const clock = { t: Date.UTC(2026, 0, 1) };
  let n = 0;
  const replay: Replay = {
    clock,
    current: undefined,
    router: new ModelRouter({
      registry,
      settings,
      // USD per million output tokens such that the whole allowance costs the warm-up mean.
      price: (config) => ({ input: 0, output: input.warmupCost.get(config.id) ?? 0 }),
      costOf: (config) => replay.current?.cost[config.id],
      estimator: { messages: () => 10, text: () => 10 },
      now: () => clock.t,
      clock: () => clock.t,
      random: seededRandom(input.seed * 7919 + 17),
      sleep: async () => undefined,
      newRequestId: () => `replay-${++n}`,
    }),
  };
  // Priors: every tier model's warm-up outcomes and latencies, as the router would have recorded them.
  for (const task of input.warmup) {
    clock.t += TASK_INTERVAL_MS;
    for (const modelId of input.tier) {
      const ok = input.drawn.get(task)?.[modelId] === 1;
      const latencyMs = latencyOf(task, modelId);
      const complexity = input.complexity?.get(task);
      replay.router.observe({
        time: clock.t,
        requestId: `warmup-${task.task}`,
        capability: 'generate',
        modelId,
        provider: 'openai-compatible',
        providerModel: modelId,
        outcome: ok ? 'success' : 'schema-failed',
        latencyMs,
        ttftMs: latencyMs,
        costUsd: task.cost[modelId] ?? 0,
        ...(complexity ? { complexity } : {}),
      });
    }
  }
  return replay;
}

/** One routed request, with the decision the router announced before calling. */
async function routeOnce(router: ModelRouter, options: RouteOptions): Promise<{ result: RouteResult; decision: RouteDecision | undefined }> {
  let decision: RouteDecision | undefined;
  let result: RouteResult | undefined;
  for await (const event of router.route('generate', REQUEST, options)) {
    if (event.type === 'decision') decision = event.decision;
    else if (event.type === 'done') result = event.result;
  }
  if (!result) throw new Error('the router ended without a result');
  return { result, decision };
}

function costOfResult(result: RouteResult): number {
  return result.attempts.reduce((sum, a) => sum + (a.costUsd ?? 0), 0);
}

/**
 * The router's own strategy picks one model per task; its drawn outcome is the task's result.
 * With `drift`, the model chosen most in the first half scores 0 from the halfway task on.
 */
export async function replayStrategy(input: ReplayInput, strategy: RoutingStrategy, options: { readonly drift?: boolean; readonly objective?: RoutingObjective } = {}): Promise<ReplayOutcome> {
  const replay = replayRouter(input, strategy, options.objective);
  const picks = new Map<string, number>();
  const half = Math.floor(input.scored.length / 2);
  let failed: string | undefined;
  let callsBeforeMove = 0;
  let moved = false;
  let callsAfterDrop = 0;
  let successes = 0;
  let costUsd = 0;
  for (const [i, task] of input.scored.entries()) {
    if (options.drift && i === half) failed = mostPicked(picks);
    replay.clock.t += TASK_INTERVAL_MS;
    replay.current = task;
    const outcomeOf = (modelId: string): 0 | 1 => (modelId === failed ? 0 : (input.drawn.get(task)?.[modelId] ?? 0));
    const complexity = input.complexity?.get(task);
    const { result, decision } = await routeOnce(replay.router, { workspace: 'replay', ...(complexity ? { complexity } : {}), validate: (text) => (outcomeOf(text) === 1 ? undefined : 'the task failed (replayed outcome 0)') });
    const chosen = result.modelId ?? decision?.chosen ?? '?';
    picks.set(chosen, (picks.get(chosen) ?? 0) + 1);
    successes += outcomeOf(chosen);
    costUsd += costOfResult(result);
    if (failed !== undefined) {
      if (chosen === failed) callsAfterDrop++;
      const exploring = decision?.role?.startsWith('exploring') ?? false;
      if (!moved && chosen === failed) callsBeforeMove++;
      else if (!moved && !exploring) moved = true;
    }
  }
  const drift = failed !== undefined ? { model: failed, callsBeforeMove, callsAfterDrop, tasksAfterDrop: input.scored.length - half } : undefined;
  return { successes, costUsd, tasks: input.scored.length, verifierUsd: 0, picks, ...(drift ? { drift } : {}) };
}

/**
 * The task engine's cascade, its decisions replayed: the order from cascadeOrder() on the router's
 * measured success rates and price estimates (the same function the engine calls); each step asks
 * the real router for one model; a simulated verifier of the stated accuracy accepts or rejects the
 * draft (its verdict is the quality signal the router records, as the engine's judge would give);
 * a rejection escalates; the last draft is kept when every one is rejected.
 */
export async function replayCascade(input: ReplayInput, verifier: VerifierSpec): Promise<ReplayOutcome> {
  const replay = replayRouter(input, 'ordered');
  const { router } = replay;
  const verdicts: Random = seededRandom(input.seed * 104_729 + 3);
  const picks = new Map<string, number>();
  let successes = 0;
  let costUsd = 0;
  let verifierUsd = 0;
  for (const task of input.scored) {
    replay.clock.t += TASK_INTERVAL_MS;
    replay.current = task;
    const complexity = input.complexity?.get(task);
    const tier = router.explain('generate', { workspace: 'replay', ...(complexity ? { complexity } : {}) }).order;
    // Measurements faded below one call count as unmeasured: the tier place gives the prior instead.
    // The capability's rates, not the complexity's: measured here, per-complexity rates made the
    // cascade start too high (success÷best 1.034 → 1.021, cost÷best 0.339 → 0.377 over 5 seeds).
    const successRate = (id: string): number | undefined => {
      const m = router.measured('generate', id);
      return m.weight >= 1 ? m.successRate : undefined;
    };
    const order = cascadeOrder(tier, { worstCaseCostUsd: (id) => input.warmupCost.get(id), successRate }, undefined, { verifierAccuracy: verifier.accuracy });
    let kept: string | undefined;
    for (const model of order) {
      let accepted = false;
      const result = await router.complete('generate', REQUEST, {
        workspace: 'replay',
        ...(complexity ? { complexity } : {}),
        onlyModel: model,
        validate: (text) => {
          const right = input.drawn.get(task)?.[text] === 1;
          const correct = verdicts() < verifier.accuracy;
          accepted = right === correct;
          return accepted ? undefined : 'rejected by the verifier';
        },
      });
      costUsd += costOfResult(result);
      const charge = task.cost[verifier.model] ?? 0;
      costUsd += charge;
      verifierUsd += charge;
      kept = model;
      if (accepted) break;
    }
    if (kept === undefined) continue;
    picks.set(kept, (picks.get(kept) ?? 0) + 1);
    successes += input.drawn.get(task)?.[kept] ?? 0;
  }
  return { successes, costUsd, tasks: input.scored.length, verifierUsd, picks };
}

function mostPicked(picks: ReadonlyMap<string, number>): string | undefined {
  let best: string | undefined;
  for (const [model, count] of picks) if (best === undefined || count > (picks.get(best) ?? 0)) best = model;
  return best;
}
