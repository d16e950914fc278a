import type { Capability } from './capabilities';
import type { ModelStatsView } from './modelStats';
import type { Random } from './rng';
import type { RoutingStrategy } from '../config/settings/router';

/** One model that passed every filter, in tier order. */
export interface RankInput {
  readonly modelId: string;
  /** Worst-case cost of this request on this model (undefined: price unknown). */
  readonly estimatedCostUsd: number | undefined;
  readonly stats: ModelStatsView;
}

export interface Ranked {
  readonly modelId: string;
  /** Why it sits where it does, for the explanation (e.g. "score 0.81", "$0.0004"). */
  readonly note?: string;
}

export interface RankResult {
  readonly ranked: readonly Ranked[];
  /** Set when the adaptive strategy explored: the model moved to the front to measure it again. */
  readonly explored?: string;
}

export interface ScoreWeights {
  readonly success: number;
  readonly latency: number;
  readonly cost: number;
}

/** Classification must be quick; generation and review must above all be right. */
export const ADAPTIVE_WEIGHTS: Readonly<Record<Capability, ScoreWeights>> = {
  classify: { success: 0.3, latency: 0.55, cost: 0.15 },
  generate: { success: 0.7, latency: 0.1, cost: 0.2 },
  review: { success: 0.7, latency: 0.1, cost: 0.2 },
  understand: { success: 0.55, latency: 0.2, cost: 0.25 },
  plan: { success: 0.55, latency: 0.2, cost: 0.25 },
};

/** A hundredth of a cent: below this, cost differences should not decide anything. */
const COST_FLOOR_USD = 0.0001;
const UNKNOWN_SCORE = 0.5;
const TIER_ORDER_BONUS = 0.02;

export interface RankOptions {
  readonly strategy: RoutingStrategy;
  readonly capability: Capability;
  readonly explorationRate: number;
  /** Omit for a deterministic ranking (explain() must not consume randomness). */
  readonly random?: Random;
  readonly weights?: Readonly<Record<Capability, ScoreWeights>>;
}

export function rankCandidates(inputs: readonly RankInput[], options: RankOptions): RankResult {
  switch (options.strategy) {
    case 'ordered':
      return { ranked: inputs.map((i) => ({ modelId: i.modelId })) };
    case 'cheapest':
      return { ranked: byKnownAscending(inputs, (i) => i.estimatedCostUsd, (v) => `est. ${formatUsd(v)}`, 'price unknown') };
    case 'fastest':
      return { ranked: byKnownAscending(inputs, (i) => i.stats.latencyMs, (v) => `${Math.round(v)} ms`, 'not measured yet') };
    case 'adaptive':
      return adaptive(inputs, options);
  }
}

function byKnownAscending(
  inputs: readonly RankInput[],
  value: (i: RankInput) => number | undefined,
  describe: (v: number) => string,
  unknownNote: string,
): Ranked[] {
  // Unknowns keep tier order after every known value: "unknown" must never win by looking like 0.
  return inputs
    .map((input, index) => ({ input, index, v: value(input) }))
    .sort((a, b) => {
      if (a.v === undefined && b.v === undefined) return a.index - b.index;
      if (a.v === undefined) return 1;
      if (b.v === undefined) return -1;
      return a.v - b.v || a.index - b.index;
    })
    .map(({ input, v }) => ({ modelId: input.modelId, note: v === undefined ? unknownNote : describe(v) }));
}

function adaptive(inputs: readonly RankInput[], options: RankOptions): RankResult {
  const weights = (options.weights ?? ADAPTIVE_WEIGHTS)[options.capability];
  let minLatency = Infinity;
  let minCost = Infinity;
  for (const i of inputs) {
    if (i.stats.latencyMs !== undefined) minLatency = Math.min(minLatency, i.stats.latencyMs);
    const cost = i.stats.costUsd ?? i.estimatedCostUsd;
    if (cost !== undefined) minCost = Math.min(minCost, cost);
  }
  const scored = inputs.map((input, index) => {
    const latency = input.stats.latencyMs;
    const latencyScore = latency === undefined ? UNKNOWN_SCORE : (minLatency + 1) / (latency + 1);
    const cost = input.stats.costUsd ?? input.estimatedCostUsd;
    const costScore = cost === undefined ? UNKNOWN_SCORE : (minCost + COST_FLOOR_USD) / (cost + COST_FLOOR_USD);
    const score =
      weights.success * input.stats.successRate +
      weights.latency * latencyScore +
      weights.cost * costScore +
      TIER_ORDER_BONUS * (1 - index / Math.max(1, inputs.length));
    return { modelId: input.modelId, score, index };
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  const ranked: Ranked[] = scored.map((s) => ({ modelId: s.modelId, note: `score ${s.score.toFixed(2)}` }));
  if (options.random && ranked.length > 1 && options.random() < options.explorationRate) {
    const pick = 1 + Math.floor(options.random() * (ranked.length - 1));
    const [explored] = ranked.splice(pick, 1);
    if (explored) {
      ranked.unshift({ modelId: explored.modelId, note: `${explored.note ?? ''}, exploring`.replace(/^, /, '') });
      return { ranked, explored: explored.modelId };
    }
  }
  return { ranked };
}

export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toFixed(2)}`;
}
