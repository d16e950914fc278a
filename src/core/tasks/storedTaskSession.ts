import { z } from 'zod';
import { checkRelativePath } from '../chat/relativePath';
import { CAPABILITIES } from '../router/capabilities';
import { ATTEMPT_ORIGINS } from '../metrics/attemptRecord';
import { ANSWER_PHASE, GENERATE_PATTERNS, PHASES, type ChangeSet, type PhaseResult, type TaskInput, type TaskResult } from './taskTypes';

/*
 * Public surface:
 *   storedTaskSessionSchema, StoredTaskSession   what a task card needs after a window reload
 *   changeSetSchema, validationReportSchema       a change set and its check, as a chat button hands them back
 *   parseTaskSessions(raw) → { sessions, problems }
 *   interruptedResult(session) → TaskResult | undefined   a result to resume from for a task the reload cut short
 *
 * The chat stores a task's card (what a person sees); this is what the card's buttons need behind it:
 * the task's input (to resume it), the phases it finished (each as the engine reported it, so a
 * resume pays for none of them again), its result with the change set (to Preview and Accept it) and
 * whether it was accepted. Read back from a file that may be stale or hand-edited, so every part is
 * checked with zod; `satisfies` keeps each schema in step with the engine's own types.
 */

const capability = z.enum(CAPABILITIES);
const count = z.number().int().min(0);

const phaseSettingsSchema = z.object({
  enabled: z.boolean(),
  critical: z.boolean(),
  tier: capability.optional(),
  instructions: z.string().optional(),
  timeoutMs: z.number().int().min(1).optional(),
});

const profileSchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  description: z.string().optional(),
  builtIn: z.boolean(),
  phases: z.array(z.enum(PHASES)).readonly(),
  phaseSettings: z.partialRecord(z.enum(PHASES), phaseSettingsSchema),
  pattern: z.enum(GENERATE_PATTERNS),
  maxCostUsd: z.number().positive().optional(),
  maxRefineRounds: count,
  maxParallel: z.number().int().min(1),
  approvePlan: z.boolean(),
});

/**
 * A path a change set writes: workspace-relative by its spelling (checkRelativePath: no absolute
 * path, drive, URI or `..`), as resolveChangeSet made it. Checked again wherever a change set comes back: a stored
 * file may be hand-edited, and a command's arguments may come from anywhere.
 */
const changePath = z.string().superRefine((path, ctx) => {
  const checked = checkRelativePath(path);
  if (!checked.ok) ctx.addIssue({ code: 'custom', message: `not a workspace-relative path: ${checked.reason}` });
});

const fileChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('edit'), path: changePath, before: z.string(), after: z.string() }),
  z.object({ kind: z.literal('create'), path: changePath, after: z.string() }),
  z.object({ kind: z.literal('delete'), path: changePath, before: z.string() }),
  z.object({ kind: z.literal('rename'), path: changePath, newPath: changePath, before: z.string(), after: z.string() }),
]);

/** A change set as stored with a task session or handed back by a chat button. */
export const changeSetSchema = z.object({ summary: z.string(), changes: z.array(fileChangeSchema).readonly() }) satisfies z.ZodType<ChangeSet>;

/** A task's validation report, as stored or handed back by a chat button. */
export const validationReportSchema = z.object({
  status: z.enum(['passed', 'failed', 'not-validated']),
  diagnostics: z.array(z.object({ path: z.string(), line: z.number(), column: z.number(), code: z.string(), message: z.string() })).readonly(),
  files: z.array(z.object({ path: z.string(), check: z.enum(['types', 'syntax', 'none']) })).readonly(),
  timeMs: z.number().min(0),
});

const planSchema = z.object({ summary: z.string(), steps: z.array(z.object({ title: z.string(), detail: z.string().optional(), files: z.array(z.string()).readonly() })).readonly() });

const inputSchema = z.object({
  instruction: z.string(),
  profile: profileSchema,
  files: z
    .array(z.object({ path: z.string(), languageId: z.string().optional(), text: z.string(), startLine: z.number().int().min(1).optional(), endLine: z.number().int().min(1).optional() }))
    .readonly(),
  problems: z
    .array(z.object({ path: z.string(), line: z.number().int(), message: z.string(), code: z.string().optional(), severity: z.enum(['error', 'warning', 'info']) }))
    .readonly()
    .optional(),
  preferModel: z.string().optional(),
  conversationId: z.string().optional(),
  draft: changeSetSchema.optional(),
  feedback: z.string().optional(),
  draftValidation: validationReportSchema.optional(),
  plan: planSchema.optional(),
}) satisfies z.ZodType<TaskInput>;

const outputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('plan'), plan: planSchema }),
  z.object({ kind: z.literal('research'), context: z.string(), sources: z.array(z.string()).readonly(), toolCalls: count }),
  z.object({ kind: z.literal('change-set'), changeSet: changeSetSchema }),
  z.object({
    kind: z.literal('findings'),
    findings: z
      .array(z.object({ file: z.string(), startLine: z.number(), endLine: z.number(), severity: z.enum(['error', 'warning', 'info']), message: z.string(), suggestedFix: z.string().optional() }))
      .readonly(),
  }),
  z.object({ kind: z.literal('verdict'), verdict: z.object({ accept: z.boolean(), reason: z.string() }) }),
  z.object({ kind: z.literal('validation'), report: validationReportSchema }),
]);

const phaseResultSchema = z.object({
  key: z.string().min(1),
  phase: z.enum([...PHASES, ANSWER_PHASE]),
  round: z.number().int().min(1).optional(),
  status: z.enum(['succeeded', 'failed', 'skipped', 'cancelled']),
  capability: capability.optional(),
  modelId: z.string().optional(),
  provider: z.string().optional(),
  fallbacks: z.array(z.object({ from: z.string(), to: z.string().optional(), reason: z.string() })).readonly(),
  output: outputSchema.optional(),
  startedAt: z.number(),
  timeMs: z.number().min(0),
  ttftMs: z.number().min(0).optional(),
  inputTokens: count,
  outputTokens: count,
  costUsd: z.number().min(0).optional(),
  error: z.string().optional(),
  note: z.string().optional(),
  requestId: z.string().optional(),
}) satisfies z.ZodType<PhaseResult>;
// `satisfies` lets an optional field of PhaseResult go missing from the schema, and zod then drops
// it on reading back (the request id once did): this fails to compile when the schema lacks a key.
const phaseKeysCovered: [Exclude<keyof PhaseResult, keyof z.infer<typeof phaseResultSchema>>] extends [never] ? true : never = true;
void phaseKeysCovered;

const resultSchema = z.object({
  taskId: z.string().min(1),
  profileId: z.string().min(1),
  pattern: z.enum(GENERATE_PATTERNS),
  status: z.enum(['succeeded', 'failed', 'cancelled', 'awaiting-approval']),
  phases: z.array(phaseResultSchema).readonly(),
  phasesRun: count,
  phasesSucceeded: count,
  final: outputSchema.optional(),
  validation: validationReportSchema.optional(),
  totalMs: z.number().min(0),
  inputTokens: count,
  outputTokens: count,
  costUsd: z.number().min(0).optional(),
  modelsUsed: z.array(z.string()).readonly(),
  cascade: z.object({ tried: z.array(z.string()).readonly(), stoppedAt: z.string(), savedUsd: z.number().optional() }).optional(),
  stoppedReason: z.string().optional(),
  resumeFrom: z.string().optional(),
}) satisfies z.ZodType<TaskResult>;

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const storedTaskSessionSchema = z.object({
  requestId: idSchema,
  conversationId: idSchema,
  messageId: idSchema,
  origin: z.enum(ATTEMPT_ORIGINS),
  /** The engine's task id, once the task has started. */
  taskId: z.string().optional(),
  input: inputSchema,
  /** The phases the engine finished (in order), kept as they end: a window closing mid-task keeps them. */
  finished: z.array(phaseResultSchema).readonly(),
  /** The task's last result, once it ended. */
  result: resultSchema.optional(),
  accepted: z.boolean(),
  savedAt: z.number(),
});

export type StoredTaskSession = z.infer<typeof storedTaskSessionSchema>;

export const TASK_SESSIONS_VERSION = 1;

/** Reads the sessions file's content: a session that does not parse is dropped and said, the others kept. */
export function parseTaskSessions(raw: unknown): { sessions: StoredTaskSession[]; problems: string[] } {
  const file = z.object({ version: z.literal(TASK_SESSIONS_VERSION), sessions: z.array(z.unknown()) }).safeParse(raw);
  if (!file.success) return { sessions: [], problems: [`the task sessions file is not version ${TASK_SESSIONS_VERSION} of its format: ${z.prettifyError(file.error)}`] };
  const sessions: StoredTaskSession[] = [];
  const problems: string[] = [];
  file.data.sessions.forEach((entry, index) => {
    const parsed = storedTaskSessionSchema.safeParse(entry);
    if (parsed.success) sessions.push(parsed.data);
    else problems.push(`task session ${index}: ${z.prettifyError(parsed.error)}`);
  });
  return { sessions, problems };
}

/** The key `reusableFrom` finds in no phase list: every phase that succeeded may be reused. */
export const INTERRUPTED = 'interrupted';

/**
 * What to resume from when the window closed while the task ran (no result was reached): its
 * finished phases, reused as they were, and everything after them run again. Undefined when it did
 * finish (its own result says what may be resumed) or never got a task id.
 */
export function interruptedResult(session: StoredTaskSession): TaskResult | undefined {
  if (session.result || !session.taskId) return undefined;
  const phases = session.finished;
  const succeeded = phases.filter((p) => p.status === 'succeeded');
  const known = phases.map((p) => p.costUsd);
  return {
    taskId: session.taskId,
    profileId: session.input.profile.id,
    pattern: session.input.profile.pattern,
    status: 'cancelled',
    phases,
    phasesRun: phases.length,
    phasesSucceeded: succeeded.length,
    totalMs: phases.reduce((sum, p) => sum + p.timeMs, 0),
    inputTokens: phases.reduce((sum, p) => sum + p.inputTokens, 0),
    outputTokens: phases.reduce((sum, p) => sum + p.outputTokens, 0),
    ...(known.every((c) => c !== undefined) ? { costUsd: known.reduce<number>((sum, c) => sum + (c ?? 0), 0) } : {}),
    modelsUsed: [...new Set(phases.flatMap((p) => (p.modelId ? [p.modelId] : [])))],
    stoppedReason: 'Stopped when the window closed.',
    resumeFrom: INTERRUPTED,
  };
}
