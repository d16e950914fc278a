import { z } from 'zod';
import { describeIssues } from '../classify/types';
import { PROVIDER_KINDS } from '../providers/contract';
import { ATTEMPT_ORIGINS, RECORDED_CAPABILITIES } from './attemptRecord';
import { GROUP_DIMENSIONS, type MetricsQuery } from './metricsQuery';

// Epoch ms: NaN or Infinity as `from` once made a query count the same calls twice.
const instant = z.number().finite();

const metricsQuerySchema = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    groupBy: z.array(z.enum(GROUP_DIMENSIONS)).readonly().optional(),
    filter: z
      .object({
        modelId: z.string().optional(),
        provider: z.enum(PROVIDER_KINDS).optional(),
        capability: z.enum(RECORDED_CAPABILITIES).optional(),
        experiment: z.string().optional(),
        variant: z.string().optional(),
        origin: z.enum(ATTEMPT_ORIGINS).optional(),
      })
      .strict()
      .optional(),
    // Real zones lie within UTC−12 and UTC+14.
    utcOffsetMinutes: z.number().int().min(-12 * 60).max(14 * 60).optional(),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: '`from` is after `to`', path: ['from'] }) satisfies z.ZodType<MetricsQuery>;

/**
 * Checks a metrics query from another extension (the exported API is a boundary like the webview):
 * a bad query is refused with an error naming each wrong field, instead of giving wrong figures.
 */
export function parseMetricsQuery(query: unknown): MetricsQuery {
  const parsed = metricsQuerySchema.safeParse(query ?? {});
  if (!parsed.success) throw new TypeError(`Switchboard metrics query: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}
