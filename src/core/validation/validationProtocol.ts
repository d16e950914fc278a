import { z } from 'zod';
import { APPLY_STRATEGIES } from '../chat/applyText';
import { changeSetSchema, validationReportSchema } from '../tasks/storedTaskSession';

/*
 * The messages between the extension host and the validation thread (validationWorker.ts), each
 * side checking what it receives: a thread is a boundary like any other.
 */

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A code block to merge into a file's text (ApplyRequest), and the merge's answer (ApplyPlan). */
const lineRangeSchema = z.object({ start: z.number().int().min(0), end: z.number().int().min(0) });
const applyRequestSchema = z.object({ fileText: z.string(), code: z.string(), path: z.string(), selection: lineRangeSchema.optional() });
const applyPlanSchema = z.object({ text: z.string(), strategy: z.enum(APPLY_STRATEGIES), description: z.string(), reason: z.string().optional(), warning: z.string().optional() });

/** Which folder's validator a message is for, and where its TypeScript libs are. */
const folderSchema = z.object({ root: z.string().min(1), libDirectory: z.string().optional() });

export const toThreadSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('validate'), id: z.number().int(), folder: folderSchema, changes: changeSetSchema.shape.changes }),
  /** Loads the compiler and the folder's project before a change set arrives. */
  z.object({ type: z.literal('prepare'), id: z.number().int(), folder: folderSchema, paths: z.array(z.string()) }),
  z.object({ type: z.literal('abort'), id: z.number().int() }),
  /** Merges a code block into a file (applyMerge.ts): the parser is loaded here already, and a parse holds no one else. */
  z.object({ type: z.literal('merge'), id: z.number().int(), request: applyRequestSchema }),
  z.object({ type: z.literal('invalidate'), root: z.string(), paths: z.array(z.string()) }),
  z.object({ type: z.literal('close'), root: z.string() }),
]);
export type ToThread = z.infer<typeof toThreadSchema>;

export const fromThreadSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('report'), id: z.number().int(), report: validationReportSchema }),
  z.object({ type: z.literal('prepared'), id: z.number().int() }),
  z.object({ type: z.literal('merged'), id: z.number().int(), plan: applyPlanSchema }),
  z.object({ type: z.literal('failed'), id: z.number().int(), message: z.string(), aborted: z.boolean() }),
  z.object({ type: z.literal('log'), level: z.enum(LOG_LEVELS), message: z.string() }),
]);
export type FromThread = z.infer<typeof fromThreadSchema>;
