import { z } from 'zod';

/** The schema of `switchboard.metrics.*`: how long the call log keeps its records. */

export const metricsSettingsSchema = z
  .object({
    /** Whole days of raw call records kept; older days survive as daily rollups. */
    retentionDays: z.number().int().min(1).max(365).default(30),
  })
  .strict();

export type MetricsSettings = z.infer<typeof metricsSettingsSchema>;
