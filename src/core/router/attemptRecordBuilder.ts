import type { VariantAssignment } from '../experiments/variantAssignment';
import type { AttemptOrigin, AttemptOutcome, AttemptRecord, RecordedCapability } from '../metrics/attemptRecord';
import type { ModelError, ProviderKind, Usage } from '../providers/contract';
import type { CostFunction, PriceLookup } from '../pricing/priceLookup';
import type { RegisteredModel } from './registry';
import type { TokenEstimator } from './routePlanner';

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
  /** The prompt's estimated size, used only when the provider reported no usage. */
  readonly promptTokens: number;
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
  if ('cached' in attempt) {
    return {
      ...requestHead(request, attempt.time),
      modelId: attempt.modelId,
      provider: attempt.provider,
      providerModel: attempt.providerModel,
      ...experimentOf(request),
      outcome: 'success',
      latencyMs: 0,
      ttftMs: 0,
      ...(attempt.usage ? { usage: attempt.usage } : {}),
      costUsd: 0,
      cached: true,
      ...requestTail(request),
    };
  }
  const a = attempt;
  const { config, model } = a.entry;
  const usage = a.usage ?? (mayHaveBeenBilled(a) ? estimatedUsage(a, deps.estimator) : undefined);
  const costUsd = usage ? deps.costOf(config, usage) : deps.price(config) ? 0 : undefined;
  const outputTokens = usage?.output.tokens ?? 0;
  const streamingMs = a.ttftMs === undefined ? 0 : a.latencyMs - a.ttftMs;
  return {
    ...requestHead(request, a.time),
    modelId: config.id,
    provider: model.provider,
    providerModel: model.modelId,
    ...experimentOf(request),
    outcome: outcomeOf(a),
    ...(a.error ? { errorKind: a.error.kind } : {}),
    latencyMs: a.latencyMs,
    ...(a.ttftMs !== undefined ? { ttftMs: a.ttftMs } : {}),
    ...(usage ? { usage } : {}),
    ...(outputTokens > 0 && streamingMs > 0 ? { tokensPerSecond: outputTokens / (streamingMs / 1000) } : {}),
    ...(costUsd !== undefined ? { costUsd } : {}),
    ...requestTail(request),
  };
}

function requestHead(request: AttemptRequestFacts, time: number): Pick<AttemptRecord, 'time' | 'requestId' | 'conversationId' | 'capability'> {
  return {
    time,
    requestId: request.requestId,
    ...(request.conversationId !== undefined ? { conversationId: request.conversationId } : {}),
    capability: request.capability,
  };
}

function experimentOf(request: AttemptRequestFacts): Pick<AttemptRecord, 'experiment' | 'variant'> {
  return request.assignment ? { experiment: request.assignment.experiment, variant: request.assignment.variant } : {};
}

function requestTail(request: AttemptRequestFacts): Pick<AttemptRecord, 'structured' | 'origin' | 'taskId' | 'phase' | 'workspace'> {
  return {
    ...(request.structured ? { structured: true } : {}),
    ...(request.origin ? { origin: request.origin } : {}),
    ...(request.taskId ? { taskId: request.taskId } : {}),
    ...(request.phase ? { phase: request.phase } : {}),
    ...(request.workspace !== undefined ? { workspace: request.workspace } : {}),
  };
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
    input: { tokens: a.promptTokens, source: 'estimated' },
    output: { tokens: estimator.text(a.text), source: 'estimated' },
    cacheRead: { tokens: 0, source: 'estimated' },
    cacheWrite: { tokens: 0, source: 'estimated' },
  };
}
