import type { FinishReason, ModelRequest, StreamPart } from './contract';
import type { CallGuard } from './callGuard';
import type { ResponseInfo } from './guardedFetch';
import { normalizeError, ProviderProtocolError, type NormalizeContext } from './normalizeError';
import { buildUsage, type ReportedCounts } from './usageBuilder';

/** What an adapter supplies: how to read its SDK's stream, and what it learned by the end. */
export interface GuardedStreamSpec {
  readonly guard: CallGuard;
  readonly request: ModelRequest;
  readonly context: NormalizeContext;
  /** Reads the SDK's stream, yielding answer text (the adapter marks the first token on the guard). */
  read(): AsyncIterable<string>;
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

/**
 * The part of a streamed call every provider shares: text deltas as they come, then one usage part
 * (reported figures, estimated where missing) and one finish part; or one normalized ModelError
 * that keeps the partial text's usage once the first token was seen. The guard is disposed however
 * the stream ends, the consumer stopping early included.
 */
export async function* guardedStream(spec: GuardedStreamSpec): AsyncGenerator<StreamPart> {
  const { guard, request } = spec;
  let text = '';
  try {
    for await (const delta of spec.read()) {
      text += delta;
      yield { type: 'text-delta', text: delta };
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
    throw normalizeError(error, {
      ...spec.context,
      streamStarted: guard.firstTokenSeen,
      ...(guard.firstTokenSeen ? { usage: buildUsage(spec.counts(false), request.messages, text) } : {}),
      ...(guard.cause ? { abortCause: guard.cause } : {}),
      ...(response && response.status >= 400 ? { response } : {}),
    });
  } finally {
    guard.dispose();
  }
  yield { type: 'usage', usage: buildUsage(spec.counts(true), request.messages, text) };
  yield { type: 'finish', reason: spec.finishReason() };
}
