import { ModelError, type FinishReason, type ModelRequest, type StreamPart, type Usage } from './contract';
import type { CallGuard } from './callGuard';
import type { ResponseInfo } from './guardedFetch';
import { normalizeError, ProviderProtocolError, type NormalizeContext } from './normalizeError';
import { buildUsage, type ReportedCounts } from './usageBuilder';

/** What an adapter supplies: how to read its SDK's stream, and what it learned by the end. */
export interface GuardedStreamSpec {
  readonly guard: CallGuard;
  readonly request: ModelRequest;
  readonly context: NormalizeContext;
  /**
   * Reads the SDK's stream, yielding text, reasoning and whole tool calls as they complete (the
   * adapter marks the first token on the guard; reasoning counts as the first token).
   */
  read(): AsyncIterable<ContentPart>;
  /** Whether the provider said it was done: a stream that just stops is an early end. */
  finished(): boolean;
  /** Why the stream ended early, for the error. */
  readonly endedEarly: string;
  /** The counts the provider reported; `complete` is false when the call failed part-way. */
  counts(complete: boolean): ReportedCounts;
  finishReason(): FinishReason;
  /** Status and headers, for SDKs whose errors drop them. */
  response?(): ResponseInfo | undefined;
}

/** Every part but `finish`, which the skeleton adds with the usage. */
export type ContentPart = Exclude<StreamPart, { type: 'finish' }>;

/**
 * The part of a streamed call every provider shares: content parts as they come, then one finish
 * part with the usage (reported figures, estimated where missing); or one normalized ModelError
 * that keeps the usage of what streamed once the first token was seen. The guard is disposed
 * however the stream ends, the consumer stopping early included.
 */
export async function* guardedStream(spec: GuardedStreamSpec): AsyncGenerator<StreamPart> {
  const { guard, request } = spec;
  // Everything the model generated, for an output estimate when the provider reports no count:
  // answer text, reasoning (billed as output) and the tool calls' JSON.
  let generated = '';
  try {
    for await (const part of spec.read()) {
      generated += part.type === 'tool-call' ? `${part.call.name}${JSON.stringify(part.call.arguments)}` : part.text;
      yield part;
    }
    // The SDKs end their iteration quietly when their signal aborts; only the guard knows.
    if (guard.signal.aborted) {
      throw new Error('aborted');
    }
    if (!spec.finished()) {
      throw new ProviderProtocolError('ended-early', spec.endedEarly);
    }
    guard.markFinished();
  } catch (error) {
    const response = spec.response?.();
    const usage = guard.firstTokenSeen ? buildUsage(spec.counts(false), request, generated) : undefined;
    const normalized = normalizeError(
      error,
      Object.assign(
        {},
        spec.context,
        { streamStarted: guard.firstTokenSeen },
        usage ? { usage } : {},
        guard.cause ? { abortCause: guard.cause } : {},
        response && response.status >= 400 ? { response } : {},
      ),
    );
    // An error the adapter threw itself (a tool call with broken arguments) still carries what was paid for.
    throw usage && !normalized.usage ? withUsage(normalized, usage) : normalized;
  } finally {
    guard.dispose();
  }
  yield { type: 'finish', reason: spec.finishReason(), usage: buildUsage(spec.counts(true), request, generated) };
}

function withUsage(error: ModelError, usage: Usage): ModelError {
  return new ModelError({
    kind: error.kind,
    message: error.message,
    provider: error.provider,
    modelId: error.modelId,
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
    usage,
    ...(error.cause !== undefined ? { cause: error.cause } : {}),
  });
}
