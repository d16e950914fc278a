import type { VariantAssignment } from '../experiments/variantAssignment';
import type { AttemptOrigin, AttemptOutcome, AttemptRecord, RecordedCapability } from '../metrics/attemptRecord';
import type { ModelError, ProviderKind, Usage } from '../providers/contract';
import type { CostFunction, PriceLookup } from '../pricing/priceLookup';
import type { Complexity } from './capabilities';
import type { RegisteredModel } from './registry';
import type { TokenEstimator } from './promptSize';
import type { Writable } from '../../shared/writable';

/** Who asked for the call and why: copied onto the record as it is. */
export interface AttemptRequestFacts {
  readonly requestId: string;
  readonly capability: RecordedCapability;
  readonly conversationId?: string | undefined;
  readonly assignment?: VariantAssignment | undefined;
  /** The answer had to be structured output. */
  readonly structured?: boolean;
  readonly origin?: AttemptOrigin | undefined;
  readonly taskId?: string | undefined;
  readonly phase?: string | undefined;
  readonly complexity?: Complexity | undefined;
  readonly workspace?: string | undefined;
}

/** A call that was made, and what was measured while it ran. */
export interface CalledAttempt {
  readonly entry: RegisteredModel;
  /** Epoch milliseconds when the attempt started. */
  readonly time: number;
  readonly latencyMs: number;
  readonly ttftMs: number | undefined;
  readonly text: string;
  /** What the provider reported, on `finish` or with its error; undefined when it said nothing. */
  readonly usage: Usage | undefined;
  readonly error: ModelError | undefined;
  /** What `validate` found wrong with a complete answer. */
  readonly schemaProblem?: string | undefined;
  /** The prompt's estimated size, read (and counted) only when the provider reported no usage. */
  readonly prompt: { readonly tokens: number };
}

/** An answer served from the response cache: nothing was called, so nothing was paid. */
export interface CachedAttempt {
  readonly cached: true;
  readonly time: number;
  readonly modelId: string;
  readonly provider: ProviderKind;
  readonly providerModel: string;
  readonly usage: Usage | undefined;
}

export interface AttemptRecordDeps {
  readonly costOf: CostFunction;
  readonly price: PriceLookup;
  readonly estimator: TokenEstimator;
}

/**
 * The one place an attempt record is made, for routed calls, cached answers and Test Model calls
 * alike: the outcome, the billing assumption, the estimate of usage the provider did not report,
 * the cost and the throughput are decided here and nowhere else.
 */
export function buildAttemptRecord(request: AttemptRequestFacts, attempt: CalledAttempt | CachedAttempt, deps: AttemptRecordDeps): AttemptRecord {
  const cached = 'cached' in attempt;
  let usage: Usage | undefined;
  let costUsd: number | undefined;
  let outcome: AttemptOutcome = 'success';
  let errorKind: ModelError['kind'] | undefined;
  let latencyMs = 0;
  let ttftMs: number | undefined = 0;
  let tokensPerSecond: number | undefined;
  if (cached) {
    usage = attempt.usage;
    costUsd = 0;
  } else {
    const { config } = attempt.entry;
    usage = attempt.usage ?? (mayHaveBeenBilled(attempt) ? estimatedUsage(attempt, deps.estimator) : undefined);
    costUsd = usage ? deps.costOf(config, usage) : deps.price(config) ? 0 : undefined;
    outcome = outcomeOf(attempt);
    errorKind = attempt.error?.kind;
    latencyMs = attempt.latencyMs;
    ttftMs = attempt.ttftMs;
    const outputTokens = usage?.output.tokens ?? 0;
    const streamingMs = ttftMs === undefined ? 0 : latencyMs - ttftMs;
    if (outputTokens > 0 && streamingMs > 0) tokensPerSecond = outputTokens / (streamingMs / 1000);
  }
  // Built by assignment, not by a spread per optional field: this runs once per call, mostly before
  // V8 has optimized it, where each spread is an object made and copied (bench/structured).
  const record: Writable<AttemptRecord> = {
    time: attempt.time,
    requestId: request.requestId,
    capability: request.capability,
    modelId: cached ? attempt.modelId : attempt.entry.config.id,
    provider: cached ? attempt.provider : attempt.entry.model.provider,
    providerModel: cached ? attempt.providerModel : attempt.entry.model.modelId,
    outcome,
    latencyMs,
  };
  if (request.conversationId !== undefined) record.conversationId = request.conversationId;
  if (request.assignment) {
    record.experiment = request.assignment.experiment;
    record.variant = request.assignment.variant;
  }
  if (errorKind) record.errorKind = errorKind;
  if (ttftMs !== undefined) record.ttftMs = ttftMs;
  if (usage) record.usage = usage;
  if (tokensPerSecond !== undefined) record.tokensPerSecond = tokensPerSecond;
  if (costUsd !== undefined) record.costUsd = costUsd;
  if (cached) record.cached = true;
  if (request.structured) record.structured = true;
  if (request.origin) record.origin = request.origin;
  if (request.taskId) record.taskId = request.taskId;
  if (request.phase) record.phase = request.phase;
  if (request.complexity) record.complexity = request.complexity;
  if (request.workspace !== undefined) record.workspace = request.workspace;
  return record;
}

function outcomeOf(a: CalledAttempt): AttemptOutcome {
  if (!a.error) return a.schemaProblem !== undefined ? 'schema-failed' : 'success';
  if (a.error.kind === 'cancelled') return 'cancelled';
  return a.text.length > 0 ? 'partial' : 'error';
}

/**
 * A call that streamed, was cancelled or timed out may have been billed; one refused with an error
 * status was not (by any provider we support).
 */
function mayHaveBeenBilled(a: CalledAttempt): boolean {
  if (!a.error || a.text.length > 0) return true;
  const kind = a.error.kind;
  return kind === 'cancelled' || kind === 'timeout-first-token' || kind === 'timeout-total';
}

/** The provider did not say: the prompt was sent and the streamed text was received. */
function estimatedUsage(a: CalledAttempt, estimator: TokenEstimator): Usage {
  return {
    input: { tokens: a.prompt.tokens, source: 'estimated' },
    output: { tokens: estimator.text(a.text), source: 'estimated' },
    cacheRead: { tokens: 0, source: 'estimated' },
    cacheWrite: { tokens: 0, source: 'estimated' },
  };
}
