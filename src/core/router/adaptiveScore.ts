import type { Capability, Complexity } from './capabilities';
import type { ModelStatsView } from './modelStats';
import type { RoutingObjective } from '../config/settings/router';

/**
 * The adaptive strategy's score, in units a person can check: points of expected success.
 * score = success (measured, blended with a prior from the tier order, cut by a run of failures)
 *       − costWeight × log10(cost ÷ the cheapest candidate's)
 *       − latencyWeight × log10(latency ÷ the fastest candidate's).
 * So the objective says how many points of success a model ten times cheaper may give up.
 */

/** Points of success worth a tenfold drop in cost, per objective. */
export const COST_WEIGHT: Readonly<Record<RoutingObjective, number>> = { quality: 0.01, balanced: 0.05, cost: 0.15 };

/** Points of success worth a tenfold drop in latency: classification must be quick, generation right. */
export const LATENCY_WEIGHT: Readonly<Record<Capability, number>> = { classify: 0.3, generate: 0.05, review: 0.05, understand: 0.1, plan: 0.1 };

/**
 * A model's prior success, from its place in the tier (the person listed the most capable first),
 * worth PRIOR_CALLS calls: a new model starts near the middle, slightly above or below by position,
 * and its own measurements take over after a few calls.
 */
export const PRIOR_TOP = 0.55;
export const PRIOR_BOTTOM = 0.5;
export const PRIOR_CALLS = 2;

/**
 * A run of failures this model's own rate would produce less than this often says it broke: its
 * success is scaled by how improbable the run is, so traffic moves within 2–3 calls while an
 * ordinary unlucky pair on a 75% model (6%) costs it nothing.
 */
export const STREAK_SURPRISE = 0.05;

/** A hundredth of a cent: below this, cost differences should not decide anything. */
const COST_FLOOR_USD = 0.0001;
/** An unknown cost or latency counts as twice the best known: it must never win by looking like 0. */
const UNKNOWN_PENALTY_LOG = Math.log10(2);

export function tierPrior(index: number, count: number): number {
  return count <= 1 ? PRIOR_TOP : PRIOR_TOP - ((PRIOR_TOP - PRIOR_BOTTOM) * index) / (count - 1);
}

/** Measured success blended with the tier prior. */
export function blendedSuccess(stats: ModelStatsView, prior: number): number {
  const n = stats.weight;
  const ok = stats.successes ?? 0;
  return (ok + prior * PRIOR_CALLS) / (n + PRIOR_CALLS);
}

/** 1 unless the current run of failures is improbable for this rate; then the run's probability over STREAK_SURPRISE. */
export function streakFactor(success: number, streak: number | undefined): number {
  if (!streak || streak < 1) return 1;
  return Math.min(1, Math.pow(1 - success, streak) / STREAK_SURPRISE);
}

export interface AdaptiveInput {
  readonly modelId: string;
  readonly estimatedCostUsd: number | undefined;
  readonly stats: ModelStatsView;
}

/** One candidate's score and the figures it rests on, for the explanation. */
export interface AdaptiveScore {
  readonly modelId: string;
  readonly index: number;
  readonly score: number;
  /** Blended success before the streak cut. */
  readonly success: number;
  /** After the streak cut: what the score uses. */
  readonly effectiveSuccess: number;
  /** Decayed calls measured, and their success share (undefined while none). */
  readonly calls: number;
  readonly measured: number | undefined;
  readonly streak: number;
  readonly costUsd: number | undefined;
  /** The complexity these figures are of (absent: the whole capability's). */
  readonly complexity?: Complexity;
  /** A complexity was asked for but had too few calls: how many, and the capability's figures stand in. */
  readonly fellBackFrom?: { readonly complexity: Complexity; readonly calls: number };
}

export function adaptiveScores(inputs: readonly AdaptiveInput[], capability: Capability, objective: RoutingObjective): AdaptiveScore[] {
  let minLatency = Infinity;
  let minCost = Infinity;
  for (const i of inputs) {
    if (i.stats.latencyMs !== undefined) minLatency = Math.min(minLatency, i.stats.latencyMs);
    const cost = i.stats.costUsd ?? i.estimatedCostUsd;
    if (cost !== undefined) minCost = Math.min(minCost, cost);
  }
  return inputs.map((input, index) => {
    const success = blendedSuccess(input.stats, tierPrior(index, inputs.length));
    const streak = input.stats.failureStreak ?? 0;
    const effectiveSuccess = success * streakFactor(success, streak);
    const latency = input.stats.latencyMs;
    const latencyLog = latency === undefined ? (Number.isFinite(minLatency) ? UNKNOWN_PENALTY_LOG : 0) : Math.log10((latency + 1) / (minLatency + 1));
    const cost = input.stats.costUsd ?? input.estimatedCostUsd;
    const costLog = cost === undefined ? (Number.isFinite(minCost) ? UNKNOWN_PENALTY_LOG : 0) : Math.log10((cost + COST_FLOOR_USD) / (minCost + COST_FLOOR_USD));
    const score = effectiveSuccess - COST_WEIGHT[objective] * costLog - LATENCY_WEIGHT[capability] * latencyLog;
    const measured = input.stats.weight > 0 ? (input.stats.successes ?? 0) / input.stats.weight : undefined;
    const { complexity, fellBackFrom } = input.stats;
    return { modelId: input.modelId, index, score, success, effectiveSuccess, calls: input.stats.weight, measured, streak, costUsd: cost, ...(complexity ? { complexity } : {}), ...(fellBackFrom ? { fellBackFrom } : {}) };
  });
}
