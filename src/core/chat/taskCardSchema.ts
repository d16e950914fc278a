import { z } from 'zod';
import { PLAN_APPROVAL } from '../tasks/taskFlow';

/**
 * A task card as the chat stores it, so the card (its timeline, plan, findings, totals) survives a
 * window reload. Validated when read back like every other stored message. The shape mirrors the
 * protocol's TaskCardView field for field; src/presentation/chat/vocabularyChecks.ts fails to
 * compile if the two drift, which keeps the mapping between them a plain copy.
 */

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const count = z.number().int().min(0);

const fallbackSchema = z.object({ from: z.string(), to: z.string().optional(), reason: z.string() });

const planSchema = z.object({
  summary: z.string(),
  steps: z.array(z.object({ title: z.string(), detail: z.string().optional(), files: z.array(z.string()).readonly() })).readonly(),
});

const validationSchema = z.object({
  status: z.enum(['passed', 'failed', 'not-validated']),
  diagnostics: z.array(z.object({ path: z.string(), line: z.number(), column: z.number(), code: z.string(), message: z.string() })).readonly(),
  files: z.array(z.object({ path: z.string(), check: z.enum(['types', 'syntax', 'none']) })).readonly(),
});

const changeSetSchema = z.object({
  summary: z.string(),
  files: z
    .array(z.object({ kind: z.enum(['edit', 'create', 'delete', 'rename']), path: z.string(), newPath: z.string().optional(), added: count, removed: count }))
    .readonly(),
});

const outputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('plan'), plan: planSchema }),
  z.object({
    kind: z.literal('findings'),
    findings: z
      .array(
        z.object({
          file: z.string(),
          startLine: z.number(),
          endLine: z.number(),
          severity: z.enum(['error', 'warning', 'info']),
          message: z.string(),
          suggestedFix: z.string().optional(),
        }),
      )
      .readonly(),
  }),
  z.object({ kind: z.literal('validation'), validation: validationSchema }),
  z.object({ kind: z.literal('change-set'), changeSet: changeSetSchema }),
  z.object({ kind: z.literal('research'), sources: z.array(z.string()).readonly(), toolCalls: count }),
  z.object({ kind: z.literal('verdict'), accept: z.boolean(), reason: z.string() }),
]);

const phaseSchema = z.object({
  key: z.string().min(1),
  phase: z.string().min(1),
  round: z.number().int().min(1).optional(),
  status: z.enum(['waiting', 'running', 'succeeded', 'failed', 'skipped', 'cancelled']),
  modelId: z.string().optional(),
  provider: z.string().optional(),
  fallbacks: z.array(fallbackSchema).readonly(),
  timeMs: z.number().min(0).optional(),
  ttftMs: z.number().min(0).optional(),
  inputTokens: count,
  outputTokens: count,
  receivedTokens: count.optional(),
  costUsd: z.number().min(0).nullable(),
  note: z.string().optional(),
  error: z.string().optional(),
  output: outputSchema.optional(),
});

const totalsSchema = z.object({
  timeMs: z.number().min(0),
  inputTokens: count,
  outputTokens: count,
  cost: z.object({ knownUsd: z.number().min(0), unknownCount: count }),
  modelsUsed: z.array(z.string()).readonly(),
});

export const storedTaskMessageSchema = z.object({
  role: z.literal('task'),
  id: idSchema,
  requestId: idSchema,
  taskId: z.string().optional(),
  profileId: z.string().min(1),
  profileLabel: z.string(),
  instruction: z.string(),
  status: z.enum(['running', 'awaiting-approval', 'succeeded', 'failed', 'cancelled']),
  pattern: z.string().optional(),
  phases: z.array(phaseSchema).readonly(),
  plan: planSchema.optional(),
  notes: z.array(z.string()).readonly(),
  totals: totalsSchema,
  elapsedMs: z.number().min(0).optional(),
  cascade: z.object({ tried: z.array(z.string()).readonly(), stoppedAt: z.string(), savedUsd: z.number().optional() }).optional(),
  final: z.object({ changeSet: changeSetSchema.optional(), validation: validationSchema.optional(), text: z.string().optional(), plan: planSchema.optional() }).optional(),
  stoppedReason: z.string().optional(),
  resumeFrom: z.string().optional(),
  createdAt: z.number(),
});

export type StoredTaskMessage = z.infer<typeof storedTaskMessageSchema>;

/**
 * A card read back after the window closed mid-task: the engine that ran it is gone, so whatever
 * was running (or waiting for the plan's approval) is shown as stopped, never as still running.
 */
export function interruptedTask(card: StoredTaskMessage): StoredTaskMessage {
  if (card.status !== 'running' && card.status !== 'awaiting-approval') return card;
  const why = card.status === 'awaiting-approval' ? 'The window closed while the plan waited for approval.' : 'Stopped when the window closed.';
  // Resume starts again at the first phase that had not finished (the task controller keeps the
  // finished ones with the card's session and reuses them); a plan that waited is shown again first.
  const next = card.status === 'awaiting-approval' ? PLAN_APPROVAL : card.phases.find((p) => p.status === 'running' || p.status === 'waiting')?.key;
  return {
    ...card,
    status: 'cancelled',
    stoppedReason: card.stoppedReason ?? why,
    ...(next && !card.resumeFrom ? { resumeFrom: next } : {}),
    phases: card.phases.map((p) => (p.status === 'running' ? { ...p, status: 'cancelled' as const } : p.status === 'waiting' ? { ...p, status: 'skipped' as const, error: 'not run' } : p)),
  };
}
