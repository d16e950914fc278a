import type { AttemptRecord } from '../metrics/attemptRecord';
import { ModelError, isModelError, type ModelRequest, type Usage } from '../providers/contract';
import type { CostFunction, PriceLookup } from '../pricing/priceLookup';
import { buildAttemptRecord } from './attemptRecordBuilder';
import type { RegisteredModel } from './registry';
import { PromptSize, type TokenEstimator } from './promptSize';

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
  /** Monotonic milliseconds for latency and time to first token. */
  readonly clock: () => number;
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
  const t0 = deps.clock();
  let ttftMs: number | undefined;
  let text = '';
  let usage: Usage | undefined;
  let error: ModelError | undefined;
  try {
    for await (const part of model.stream(TEST_REQUEST, options.signal ? { signal: options.signal } : {})) {
      if (part.type === 'text-delta') {
        if (part.text.length === 0) continue;
        ttftMs ??= deps.clock() - t0;
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
  const record = buildAttemptRecord(
    { requestId: deps.requestId, capability: 'test', workspace: options.workspace },
    { entry, time, latencyMs: deps.clock() - t0, ttftMs, text, usage: usage ?? error?.usage, error, prompt: new PromptSize(TEST_REQUEST.messages, deps.estimator) },
    deps,
  );
  return { record, text, ...(error ? { error } : {}) };
}
