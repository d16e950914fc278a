import { z } from 'zod';
import { modelIdSchema } from '../../models/modelId';
import { CAPABILITIES, type Capability } from '../../router/capabilities';

/** The schema of `switchboard.tiers`: per capability, model ids in the order they are tried. */

export const tierListSchema = z.array(modelIdSchema);

export const tiersSchema = z
  .object(Object.fromEntries(CAPABILITIES.map((c) => [c, tierListSchema.optional()])) as Record<Capability, z.ZodOptional<typeof tierListSchema>>)
  .strict();
