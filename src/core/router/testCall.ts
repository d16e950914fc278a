import { performance } from 'node:perf_hooks';
import type { AttemptOutcome, AttemptRecord } from '../metrics/attemptRecord';
import { ModelError, isModelError, type ModelRequest, type Usage } from '../providers/contract';
import type { CostFunction, PriceLookup } from '../pricing/priceLookup';
import type { RegisteredModel } from './registry';
import type { TokenEstimator } from './routePlanner';

/** The request "Test Model" sends: tiny, so a test costs next to nothing, but not nothing. */
export const TEST_REQUEST: ModelRequest = { messages: [{ role: 'user', content: 'Reply with the single word OK.' }], maxOutputTokens: 8, temperature: 0 };

export interface TestCallResult {
  /** The attempt to record, with capability `test`. */
  readonly record: AttemptRecord;
  readonly text: string;
  readonly error?: ModelError;
}

export interface TestCallDeps {
  readonly now: () => number;
  readonly costOf: CostFunction;
  readonly price: PriceLookup;
  readonly estimator: TokenEstimator;
  readonly requestId: string;
}

/**
 * One tiny request straight to a model, outside routing (no tier, budget or circuit decides, and
 * its outcome feeds no circuit or score), measured like any attempt so that what it cost is counted.
 */
export async function runTestCall(
  entry: RegisteredModel,
  deps: TestCallDeps,
  options: { readonly signal?: AbortSignal; readonly workspace?: string } = {},
): Promise<TestCallResult> {
  const { config, model } = entry;
  const time = deps.now();
  const t0 = performance.now();
  let ttftMs: number | undefined;
  let text = '';
  let usage: Usage | undefined;
  let error: ModelError | undefined;
  try {
    for await (const part of model.stream(TEST_REQUEST, options.signal ? { signal: options.signal } : {})) {
      if (part.type === 'text-delta') {
        if (part.text.length === 0) continue;
        ttftMs ??= performance.now() - t0;
        text += part.text;
      } else if (part.type === 'finish') {
        usage = part.usage;
      }
    }
  } catch (thrown) {
    error = isModelError(thrown)
      ? thrown
      : options.signal?.aborted
        ? new ModelError({ kind: 'cancelled', message: 'The test was cancelled.', provider: model.provider, modelId: model.modelId })
        : new ModelError({ kind: 'server', message: `${config.id} failed unexpectedly: ${thrown instanceof Error ? thrown.message : String(thrown)}`, provider: model.provider, modelId: model.modelId, cause: thrown });
  }
  const latencyMs = performance.now() - t0;
  const outcome: AttemptOutcome = !error ? 'success' : error.kind === 'cancelled' ? 'cancelled' : text.length > 0 ? 'partial' : 'error';
  usage ??= error?.usage;
  // Same billing assumptions as a routed attempt: a call that streamed, was cancelled or timed out
  // may have been billed; one refused with an error status was not.
  const mayHaveBeenBilled = !error || text.length > 0 || error.kind === 'cancelled' || error.kind === 'timeout-first-token' || error.kind === 'timeout-total';
  if (!usage && mayHaveBeenBilled) {
    usage = {
      input: { tokens: deps.estimator.messages(TEST_REQUEST.messages), source: 'estimated' },
      output: { tokens: deps.estimator.text(text), source: 'estimated' },
      cacheRead: { tokens: 0, source: 'estimated' },
      cacheWrite: { tokens: 0, source: 'estimated' },
    };
  }
  const costUsd = usage ? deps.costOf(config, usage) : deps.price(config) ? 0 : undefined;
  const outputTokens = usage?.output.tokens ?? 0;
  const streamingMs = ttftMs === undefined ? 0 : latencyMs - ttftMs;
  const record: AttemptRecord = {
    time,
    requestId: deps.requestId,
    capability: 'test',
    modelId: config.id,
    provider: model.provider,
    providerModel: model.modelId,
    outcome,
    ...(error ? { errorKind: error.kind } : {}),
    latencyMs,
    ...(ttftMs !== undefined ? { ttftMs } : {}),
    ...(usage ? { usage } : {}),
    ...(outputTokens > 0 && streamingMs > 0 ? { tokensPerSecond: outputTokens / (streamingMs / 1000) } : {}),
    ...(costUsd !== undefined ? { costUsd } : {}),
    ...(options.workspace !== undefined ? { workspace: options.workspace } : {}),
  };
  return { record, text, ...(error ? { error } : {}) };
}
