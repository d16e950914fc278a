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

/** A tool call the fake model makes, rendered in each protocol's own framing. */
export interface FakeToolCall {
  /** The call's id on the wire; each server makes one up when absent (Ollama sends none). */
  readonly id?: string;
  readonly name: string;
  /** The arguments as JSON text (it may be invalid on purpose). */
  readonly arguments: string;
  /**
   * How the argument text is cut into streamed fragments (OpenAI `tool_calls[].function.arguments`
   * deltas, Anthropic `input_json_delta`); they must join to `arguments`. Default: cut mid-JSON in two.
   */
  readonly fragments?: readonly string[];
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
      /** Wait between the last reasoning chunk and the first text chunk (a model thinking before it speaks). */
      readonly afterReasoningDelayMs?: number;
      /** Tool calls sent after the text (several make parallel tool calls). */
      readonly toolCalls?: readonly FakeToolCall[];
      readonly usage?: FakeUsage | 'omit';
      /** The provider's own finish reason, e.g. "stop", "length", "end_turn", "content_filter". */
      readonly finishReason?: string;
      /** OpenAI: the model declines, in `delta.refusal` chunks sent before any text (structured outputs' refusal). */
      readonly refusalChunks?: readonly string[];
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
  /** OpenAI only: `delta.refusal` chunks before any text. */
  readonly refusalChunks?: readonly string[];
  readonly afterReasoningDelayMs?: number;
  readonly toolCalls?: readonly FakeToolCall[];
  readonly usage: FakeUsage | 'omit';
  readonly finishReason: string | undefined;
  readonly interruption?: {
    readonly afterChunks: number;
    readonly type: 'drop' | 'malformed' | 'error' | 'hang';
    readonly message?: string;
    readonly errorType?: string;
  };
}

/** The fragments a tool call's arguments stream in: as scripted, or cut in two mid-JSON. */
export function argumentFragments(call: FakeToolCall): readonly string[] {
  if (call.fragments) {
    if (call.fragments.join('') !== call.arguments) throw new Error(`fake tool call ${call.name}: fragments do not join to the arguments`);
    return call.fragments;
  }
  const middle = Math.floor(call.arguments.length / 2);
  return call.arguments.length < 2 ? [call.arguments] : [call.arguments.slice(0, middle), call.arguments.slice(middle)];
}
