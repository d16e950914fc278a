import { seededRandom, type Random } from '../../src/core/router/rng';
import type { RoutingTask } from './routingData';

/**
 * How long a replayed model takes to answer, on the replay's simulated clock. The router learns
 * from latency (the adaptive score, the `fastest` strategy), so a replay measured on this machine's
 * clock would learn how busy the machine was and give different picks run to run.
 *
 * - A task line with `latency: {model: ms}` gives that model's time on that task, used as is.
 * - Otherwise (LiveCodeBench publishes none) a stated model, not a measurement: every model has a
 *   typical time drawn once from its name (log-uniform between {@link TYPICAL_MIN_MS} and
 *   {@link TYPICAL_MAX_MS}, the same on every seed), and each call takes that time times a
 *   log-normal jitter (σ = {@link JITTER_SIGMA}) drawn from the run's seed. Same seed, same times.
 *
 * The replayed model sends its whole answer at once, so its time to first token is its latency.
 */
export const TYPICAL_MIN_MS = 500;
export const TYPICAL_MAX_MS = 20_000;
export const JITTER_SIGMA = 0.3;

export type LatencyOf = (task: RoutingTask, modelId: string) => number;

/** FNV-1a: a model's name as a seed, so its typical time does not depend on the file's model order. */
function nameSeed(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function typicalLatencyMs(modelId: string): number {
  const u = seededRandom(nameSeed(modelId))();
  return TYPICAL_MIN_MS * Math.pow(TYPICAL_MAX_MS / TYPICAL_MIN_MS, u);
}

/** Standard normal from two uniforms (Box–Muller). */
function normal(random: Random): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** The latency of each call in the order asked; `seed` decides the jitter. */
export function latencyModel(seed: number): LatencyOf {
  const jitter = seededRandom(seed * 65_537 + 11);
  return (task, modelId) => {
    const given = task.latency?.[modelId];
    if (given !== undefined) return given;
    return Math.round(typicalLatencyMs(modelId) * Math.exp(JITTER_SIGMA * normal(jitter)));
  };
}
