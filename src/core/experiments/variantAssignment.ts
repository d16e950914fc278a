import { createHash } from 'node:crypto';
import type { ExperimentConfig } from '../config/settings/experiments';
import type { Capability } from '../router/capabilities';

/**
 * Which variant of an A/B experiment (`switchboard.experiments`) a request uses. Assignment is
 * sticky per conversation: a deterministic hash of conversation id and experiment id, so the same
 * conversation always lands in the same variant, across restarts and windows.
 */

export interface VariantAssignment {
  readonly experiment: string;
  readonly variant: string;
  readonly models: readonly string[];
}

/** A number in [0, 1) from a stable hash; the same inputs give the same number everywhere. */
export function stableUnitHash(text: string): number {
  const digest = createHash('sha256').update(text).digest();
  // 48 bits are plenty for a split and stay exact in a double.
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/**
 * The variant of the first enabled experiment for this capability, or undefined when none applies.
 * `stickyKey` is the conversation id; a request outside a conversation passes its request id and
 * is assigned on its own.
 */
export function assignVariant(
  experiments: readonly ExperimentConfig[],
  capability: Capability,
  stickyKey: string,
): VariantAssignment | undefined {
  const experiment = experiments.find((e) => e.enabled && e.capability === capability);
  if (!experiment) return undefined;
  const total = experiment.variants.reduce((sum, v) => sum + v.weight, 0);
  const point = stableUnitHash(`${experiment.id}\u0000${stickyKey}`) * total;
  let acc = 0;
  let chosen = experiment.variants[experiment.variants.length - 1];
  for (const v of experiment.variants) {
    acc += v.weight;
    if (v.weight > 0 && point < acc) {
      chosen = v;
      break;
    }
  }
  if (!chosen) return undefined;
  return { experiment: experiment.id, variant: chosen.name, models: chosen.models };
}
