import { z } from 'zod';
import type { TaskInput, TaskProfile } from './taskTypes';

/** What another extension passes to `runTask`: a profile by id (one of switchboard.tasks), never a profile of its own. */
export interface ApiTaskInput {
  readonly instruction: string;
  /** `implement`, `fix`, `tests`, `document`, `plan`, or a profile the person defined. */
  readonly profile: string;
  readonly files?: TaskInput['files'];
  readonly problems?: TaskInput['problems'];
  /** Applies to the generate and refine phases. */
  readonly preferModel?: string;
}

const fileSchema = z.object({
  path: z.string().min(1),
  languageId: z.string().optional(),
  text: z.string(),
  startLine: z.number().int().min(1).optional(),
  endLine: z.number().int().min(1).optional(),
});
const problemSchema = z.object({
  path: z.string().min(1),
  line: z.number().int().min(1),
  message: z.string(),
  code: z.string().optional(),
  severity: z.enum(['error', 'warning', 'info']),
});
const apiTaskInputSchema = z.object({
  instruction: z.string().trim().min(1, 'say what the task should do'),
  profile: z.string().min(1),
  files: z.array(fileSchema).default([]),
  problems: z.array(problemSchema).optional(),
  preferModel: z.string().min(1).optional(),
});

/**
 * Checks an API caller's input (another extension is untrusted input like the webview) and resolves
 * its profile among the profiles in force, so settings' restrictions (Restricted Mode) apply to it too.
 */
export function parseApiTaskInput(raw: unknown, profiles: readonly TaskProfile[]): { ok: true; input: TaskInput } | { ok: false; message: string } {
  const parsed = apiTaskInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: `runTask: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}` };
  const { profile: id, files, problems, preferModel, instruction } = parsed.data;
  const profile = profiles.find((p) => p.id === id);
  if (!profile) return { ok: false, message: `runTask: no task profile "${id}" (known: ${profiles.map((p) => p.id).join(', ')}).` };
  return { ok: true, input: { instruction, profile, files, ...(problems ? { problems } : {}), ...(preferModel ? { preferModel } : {}) } };
}
