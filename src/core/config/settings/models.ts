import { z } from 'zod';
import type { ModelConfig, ModelPrice } from '../../models/modelConfig';
import { modelIdSchema } from '../../models/modelId';
import { PROVIDER_KINDS } from '../../providers/contract';
import { REASONING_EFFORTS } from '../../providers/reasoning';

/**
 * The schema of `switchboard.models`: one entry per model. The entry's type lives with the model
 * catalogue (`core/models/modelConfig.ts`) because the router, providers and pricing read it; this
 * file only says which raw values make one.
 */

export const priceSchema = z
  .object({
    input: z.number().nonnegative().describe('USD per million input tokens'),
    output: z.number().nonnegative().describe('USD per million output tokens'),
    cacheRead: z.number().nonnegative().optional(),
    cacheWrite: z.number().nonnegative().optional(),
  })
  .strict();

export const modelConfigSchema = z
  .object({
    id: modelIdSchema,
    provider: z.enum(PROVIDER_KINDS),
    model: z.string().min(1, 'must name the provider model, e.g. "gpt-4o-mini"'),
    baseUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
    contextWindow: z.number().int().positive().optional(),
    maxOutputTokens: z.number().int().positive().optional(),
    temperature: z.number().min(0).max(2).optional(),
    timeoutMs: z.number().int().min(1000).max(600_000).optional(),
    price: priceSchema.optional(),
    local: z.boolean().optional(),
    reasoning: z.enum(REASONING_EFFORTS).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.provider === 'openai-compatible' && !m.baseUrl) {
      ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: 'is required for provider "openai-compatible"' });
    }
  });

// The schemas parse exactly the catalogue's types: a field added to one and not the other fails to compile.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const _modelConfigMatches: Same<z.infer<typeof modelConfigSchema>, ModelConfig> = true;
const _modelPriceMatches: Same<z.infer<typeof priceSchema>, ModelPrice> = true;
