import { z } from 'zod';
import { modelIdSchema } from '../../models/modelId';
import { CAPABILITIES } from '../../router/capabilities';

/**
 * The schema of `switchboard.experiments`: A/B experiments, each splitting one capability's traffic
 * between variants, each variant a tier override. How a request is assigned to a variant is the
 * router's business (`core/experiments/variantAssignment.ts`).
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
