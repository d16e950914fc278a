/**
 * The one provider contract (version 1). Everything above a provider — router, metrics, UI — reads
 * only these shapes, never a provider's raw response. Modelled on the Vercel AI SDK's
 * LanguageModel spec: a model streams typed parts and reports one usage shape.
 */

export const PROVIDER_KINDS = ['openai', 'openai-compatible', 'anthropic', 'ollama', 'vscode-lm'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const CAPABILITIES = ['understand', 'generate', 'review', 'plan', 'classify'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface ModelRequest {
  readonly messages: readonly ChatMessage[];
  /** Upper bound on generated tokens; the adapter falls back to the model's configured maximum. */
  readonly maxOutputTokens?: number;
  readonly temperature?: number;
  /** 'json' asks the provider for a JSON object where it supports that (OpenAI response_format, Ollama format). */
  readonly responseFormat?: 'text' | 'json';
}

export interface StreamOptions {
  /** Ends the HTTP request at once when aborted. */
  readonly signal?: AbortSignal;
}

/** Whether a figure came from the provider or was estimated with a tokenizer. */
export type FigureSource = 'reported' | 'estimated';

export interface TokenFigure {
  readonly tokens: number;
  readonly source: FigureSource;
}

/** One usage shape that every provider fills in. */
export interface Usage {
  /** Every prompt token, including those read from or written to the cache (as genai-prices expects). */
  readonly input: TokenFigure;
  readonly output: TokenFigure;
  readonly cacheRead: TokenFigure;
  readonly cacheWrite: TokenFigure;
}

export type FinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'other';

export type StreamPart =
  | { readonly type: 'text-delta'; readonly text: string }
  | { readonly type: 'usage'; readonly usage: Usage }
  | { readonly type: 'finish'; readonly reason: FinishReason };

export interface LanguageModel {
  readonly specificationVersion: 'v1';
  readonly provider: ProviderKind;
  /** The provider's own model name, e.g. "gpt-4o-mini". */
  readonly modelId: string;
  /**
   * Streams the answer. Ends with exactly one `usage` part (reported or estimated) and one `finish`
   * part when the model finishes normally. Failures throw a {@link ModelError}; adapters never retry.
   */
  stream(request: ModelRequest, options?: StreamOptions): AsyncIterable<StreamPart>;
}

export const ERROR_KINDS = [
  'rate-limit',
  'auth',
  'model-not-found',
  'context-window',
  'content-policy',
  'timeout-first-token',
  'timeout-total',
  'network',
  'server',
  'bad-request',
  'cancelled',
] as const;
export type ModelErrorKind = (typeof ERROR_KINDS)[number];

const RETRYABLE: Readonly<Record<ModelErrorKind, boolean>> = {
  'rate-limit': true,
  auth: false,
  'model-not-found': false,
  'context-window': false,
  'content-policy': false,
  'timeout-first-token': true,
  'timeout-total': true,
  network: true,
  server: true,
  'bad-request': false,
  cancelled: false,
};

export interface ModelErrorInit {
  readonly kind: ModelErrorKind;
  /** A message a person can act on. Never contains an API key. */
  readonly message: string;
  readonly provider: ProviderKind;
  readonly modelId: string;
  readonly status?: number;
  readonly retryAfterMs?: number;
  /** Usage known when a call failed after tokens streamed (cancelled, dropped): what was paid for. */
  readonly usage?: Usage;
  readonly cause?: unknown;
}

/** A normalized provider error: the router decides fallbacks from `kind` and `retryable` alone. */
export class ModelError extends Error {
  readonly kind: ModelErrorKind;
  readonly retryable: boolean;
  readonly provider: ProviderKind;
  readonly modelId: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly usage: Usage | undefined;

  constructor(init: ModelErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ModelError';
    this.kind = init.kind;
    this.retryable = RETRYABLE[init.kind];
    this.provider = init.provider;
    this.modelId = init.modelId;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.usage = init.usage;
  }
}

export function isModelError(value: unknown): value is ModelError {
  return value instanceof ModelError;
}

export function isRetryableKind(kind: ModelErrorKind): boolean {
  return RETRYABLE[kind];
}
