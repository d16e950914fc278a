import { z } from 'zod';

/** The schema of `switchboard.analysis.*`: the workspace analyzer's settings. */

export const analysisSettingsSchema = z
  .object({
    /** Build the workspace index in the background after start-up (warm from storage when possible). */
    autoIndex: z.boolean().default(true),
    /** Files larger than this are skipped by the analyzer. */
    maxFileSizeKb: z.number().int().min(16).max(65_536).default(1024),
  })
  .strict();

export type AnalysisSettings = z.infer<typeof analysisSettingsSchema>;
