import { z } from 'zod';
import type { Finding, Plan, Verdict } from './taskTypes';

/*
 * What the plan, review and judge phases must answer, checked with zod (generateObject sends the
 * JSON Schema of each through the provider's own structured output). Roots are objects: every
 * provider's structured output wants one.
 */

/**
 * An optional text a model may also send as null: strict structured-output modes make every field
 * required and nullable, so a model used to them writes `null` for "none" (a null was refused and
 * cost a repair round per answer).
 */
const optionalText = () => z.preprocess((value) => value ?? undefined, z.string().optional());

export const planSchema = z.object({
  summary: z.string().describe('One or two sentences: what the change does.'),
  steps: z
    .array(
      z.object({
        title: z.string().min(1),
        detail: optionalText(),
        files: z.array(z.string()).describe('Workspace-relative paths this step touches.'),
      }),
    )
    .min(1),
}) satisfies z.ZodType<Plan>;

export const findingSchema = z.object({
  file: z.string(),
  startLine: z.number().int().min(1),
  endLine: z.number().int().min(1),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string().min(1),
  suggestedFix: optionalText(),
}) satisfies z.ZodType<Finding>;

export const findingsSchema = z.object({
  findings: z.array(findingSchema).describe('Problems in the draft; empty when there are none.'),
});

export const verdictSchema = z.object({
  accept: z.boolean().describe('Whether the draft does what the task asks, correctly.'),
  reason: z.string().min(1),
}) satisfies z.ZodType<Verdict>;
