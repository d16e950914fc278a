import { z } from 'zod';
import { changeSetSchema, validationReportSchema } from '../tasks/storedTaskSession';

/*
 * The messages between the extension host and the validation thread (validationWorker.ts), each
 * side checking what it receives: a thread is a boundary like any other.
 */

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Which folder's validator a message is for, and where its TypeScript libs are. */
const folderSchema = z.object({ root: z.string().min(1), libDirectory: z.string().optional() });

export const toThreadSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('validate'), id: z.number().int(), folder: folderSchema, changes: changeSetSchema.shape.changes }),
  /** Loads the compiler and the folder's project before a change set arrives. */
  z.object({ type: z.literal('prepare'), id: z.number().int(), folder: folderSchema, paths: z.array(z.string()) }),
  z.object({ type: z.literal('abort'), id: z.number().int() }),
  z.object({ type: z.literal('invalidate'), root: z.string(), paths: z.array(z.string()) }),
  z.object({ type: z.literal('close'), root: z.string() }),
]);
export type ToThread = z.infer<typeof toThreadSchema>;

export const fromThreadSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('report'), id: z.number().int(), report: validationReportSchema }),
  z.object({ type: z.literal('prepared'), id: z.number().int() }),
  z.object({ type: z.literal('failed'), id: z.number().int(), message: z.string(), aborted: z.boolean() }),
  z.object({ type: z.literal('log'), level: z.enum(LOG_LEVELS), message: z.string() }),
]);
export type FromThread = z.infer<typeof fromThreadSchema>;
