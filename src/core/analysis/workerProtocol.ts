import { z } from 'zod';
import type { JobResult } from './fileJob';

export const workerRequestSchema = z.object({
  id: z.number().int(),
  jobs: z.array(
    z.object({
      path: z.string(),
      size: z.number(),
      mtimeMs: z.number(),
      knownHash: z.string().optional(),
    }),
  ),
});
export type WorkerRequest = z.infer<typeof workerRequestSchema>;

export interface WorkerResponse {
  readonly id: number;
  readonly results: readonly JobResult[];
  readonly error?: string;
}
