import { z } from 'zod';
import { ERROR_KINDS, PROVIDER_KINDS } from '../providers/contract';
import { COMPLEXITIES } from '../router/capabilities';
import { ATTEMPT_ORIGINS, RECORDED_CAPABILITIES, type AttemptRecord } from './attemptRecord';

const count = z.number().int().nonnegative();
const duration = z.number().nonnegative().finite();

const tokenFigureSchema = z.object({ tokens: count, source: z.enum(['reported', 'estimated']) });

export const usageSchema = z.object({
  input: tokenFigureSchema,
  output: tokenFigureSchema,
  cacheRead: tokenFigureSchema,
  cacheWrite: tokenFigureSchema,
});

/** One {@link AttemptRecord} as read back from disk: the log is a file anyone could have edited. */
export const attemptRecordSchema = z.object({
  time: z.number().int().nonnegative(),
  requestId: z.string().min(1),
  conversationId: z.string().optional(),
  // Files written before Test Model calls were recorded hold only capabilities: a subset, so they still parse.
  capability: z.enum(RECORDED_CAPABILITIES),
  modelId: z.string().min(1),
  provider: z.enum(PROVIDER_KINDS),
  providerModel: z.string(),
  experiment: z.string().optional(),
  variant: z.string().optional(),
  outcome: z.enum(['success', 'partial', 'error', 'cancelled', 'schema-failed']),
  errorKind: z.enum(ERROR_KINDS).optional(),
  latencyMs: duration,
  ttftMs: duration.optional(),
  usage: usageSchema.optional(),
  tokensPerSecond: duration.optional(),
  costUsd: z.number().nonnegative().finite().optional(),
  cached: z.boolean().optional(),
  structured: z.boolean().optional(),
  origin: z.enum(ATTEMPT_ORIGINS).optional(),
  taskId: z.string().min(1).max(128).optional(),
  phase: z.string().min(1).max(64).optional(),
  complexity: z.enum(COMPLEXITIES).optional(),
  workspace: z.string().optional(),
});

// Both directions, so the schema and the interface cannot drift apart unnoticed.
type Parsed = z.infer<typeof attemptRecordSchema>;
const _toRecord = (p: Parsed): AttemptRecord => p;
const _toParsed = (r: AttemptRecord): Parsed => r;
void _toRecord;
void _toParsed;
