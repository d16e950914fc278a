/**
 * What a fake provider server does with one chat request. The same vocabulary serves every wire
 * protocol; each server renders it the way its real counterpart would.
 */

export interface FakeUsage {
  /** Prompt tokens. OpenAI/Ollama report this as the total; Anthropic's server splits off cache figures. */
  readonly input: number;
  readonly output: number;
  readonly cacheRead?: number;
  readonly cacheWrite?: number;
}

export interface StreamTiming {
  /** Wait before sending the response headers. */
  readonly headersDelayMs?: number;
  /** Wait after the headers (and any preamble event) before the first text chunk. */
  readonly firstChunkDelayMs?: number;
  /** Wait between text chunks. */
  readonly chunkDelayMs?: number;
}

export type FakeBehaviour =
  /** A normal answer. `usage: 'omit'` sends no usage at all; undefined derives one from the text. */
  | ({
      readonly kind: 'text';
      readonly chunks: readonly string[];
      /** Reasoning sent before the text (OpenAI-compatible reasoning_content, Anthropic thinking, Ollama thinking). */
      readonly reasoningChunks?: readonly string[];
      readonly usage?: FakeUsage | 'omit';
      /** The provider's own finish reason, e.g. "stop", "length", "end_turn", "content_filter". */
      readonly finishReason?: string;
    } & StreamTiming)
  /** Headers and any preamble, then nothing until the client gives up. */
  | { readonly kind: 'hang' }
  | { readonly kind: 'rate-limit'; readonly retryAfter?: string; readonly retryAfterMs?: string; readonly message?: string }
  /** 500 by default; 502/503/504, or 529 (Anthropic "overloaded"). */
  | { readonly kind: 'server-error'; readonly status?: number; readonly message?: string; readonly retryAfter?: string }
  | { readonly kind: 'auth'; readonly status?: 401 | 403; readonly message?: string }
  | { readonly kind: 'model-not-found' }
  | { readonly kind: 'context-length' }
  | { readonly kind: 'content-policy' }
  | { readonly kind: 'bad-request'; readonly message?: string }
  /** The socket is destroyed before any response byte. */
  | { readonly kind: 'destroy-before-headers' }
  /** Streams `afterChunks` chunks, then destroys the socket. */
  | ({ readonly kind: 'drop-mid-stream'; readonly chunks: readonly string[]; readonly afterChunks: number } & StreamTiming)
  /** Streams `afterChunks` chunks, then one chunk that is not valid JSON, then ends. */
  | ({ readonly kind: 'malformed-chunk'; readonly chunks: readonly string[]; readonly afterChunks: number } & StreamTiming)
  /** Streams `afterChunks` chunks, then the protocol's in-stream error event, then ends. */
  | ({
      readonly kind: 'stream-error';
      readonly chunks: readonly string[];
      readonly afterChunks: number;
      readonly message?: string;
      /** Anthropic error type, e.g. "overloaded_error". */
      readonly errorType?: string;
    } & StreamTiming)
  /** Anything else, byte for byte. */
  | { readonly kind: 'raw'; readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body: string };

export type ErrorBehaviour = Extract<
  FakeBehaviour,
  { kind: 'rate-limit' | 'server-error' | 'auth' | 'model-not-found' | 'context-length' | 'content-policy' | 'bad-request' }
>;

export function isErrorBehaviour(b: FakeBehaviour): b is ErrorBehaviour {
  return ['rate-limit', 'server-error', 'auth', 'model-not-found', 'context-length', 'content-policy', 'bad-request'].includes(b.kind);
}

/** A behaviour that streams text, normalized. */
export interface StreamPlan extends StreamTiming {
  readonly chunks: readonly string[];
  readonly reasoningChunks?: readonly string[];
  readonly usage: FakeUsage | 'omit';
  readonly finishReason: string | undefined;
  readonly interruption?: {
    readonly afterChunks: number;
    readonly type: 'drop' | 'malformed' | 'error' | 'hang';
    readonly message?: string;
    readonly errorType?: string;
  };
}
