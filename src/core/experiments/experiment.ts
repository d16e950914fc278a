import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CAPABILITIES, type Capability } from '../router/capabilities';
import { modelIdSchema } from '../models/modelId';

/**
 * A/B experiments: one capability's traffic split between variants, each variant a tier override.
 * Assignment is sticky per conversation: a deterministic hash of conversation id and experiment id,
 * so the same conversation always lands in the same variant, across restarts and windows.
 */

export const variantSchema = z
  .object({
    name: z.string().min(1, 'must name the variant').max(60),
    /** The tier used for this variant, in order (overrides `switchboard.tiers[capability]`). */
    models: z.array(modelIdSchema).min(1, 'must list at least one model id'),
    weight: z.number().nonnegative().default(1),
  })
  .strict();

export const experimentSchema = z
  .object({
    id: z.string().min(1, 'must not be empty').max(60),
    capability: z.enum(CAPABILITIES),
    enabled: z.boolean().default(true),
    variants: z.array(variantSchema).min(2, 'needs at least two variants to compare'),
  })
  .strict()
  .superRefine((e, ctx) => {
    const names = new Set<string>();
    e.variants.forEach((v, i) => {
      if (names.has(v.name)) ctx.addIssue({ code: 'custom', path: ['variants', i, 'name'], message: `repeats the variant name "${v.name}"` });
      names.add(v.name);
    });
    if (e.variants.every((v) => v.weight === 0)) {
      ctx.addIssue({ code: 'custom', path: ['variants'], message: 'needs at least one variant with a weight above 0' });
    }
  });

export const experimentsSchema = z.array(experimentSchema).superRefine((list, ctx) => {
  const ids = new Set<string>();
  list.forEach((e, i) => {
    if (ids.has(e.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `repeats the experiment id "${e.id}"` });
    ids.add(e.id);
  });
});

export type ExperimentConfig = z.infer<typeof experimentSchema>;
export type VariantConfig = z.infer<typeof variantSchema>;

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
