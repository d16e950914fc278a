/**
 * The one provider contract (version 2). Everything above a provider — router, metrics, UI — reads
 * only these shapes, never a provider's raw response. Modelled on the Vercel AI SDK's
 * LanguageModel spec (v3 stream parts): a model streams typed parts — answer text, reasoning, whole
 * tool calls — and ends with one `finish` part that carries the reason and the one usage shape.
 */

export const PROVIDER_KINDS = ['openai', 'openai-compatible', 'anthropic', 'ollama', 'vscode-lm'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** A JSON Schema object (draft 2020-12 as zod's `toJSONSchema` writes it), for tools and structured output. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** A tool the model may call. `name` follows the strictest provider's rule: 1-64 of [A-Za-z0-9_-]. */
export interface ToolDefinition {
  readonly name: string;
  readonly description?: string;
  /** JSON Schema of the arguments object. */
  readonly inputSchema: JsonSchema;
}

/** `auto`: the model decides; `none`: no tool; `required`: some tool; or exactly the named one. */
export type ToolChoice = 'auto' | 'none' | 'required' | { readonly type: 'tool'; readonly name: string };

/** One call of a tool, its arguments parsed from the provider's (possibly streamed) JSON. */
export interface ToolCall {
  /** The provider's id for the call (one is made up where a provider has none, e.g. Ollama). */
  readonly id: string;
  readonly name: string;
  readonly arguments: unknown;
}

export type ChatMessage =
  | { readonly role: 'system'; readonly content: string }
  | { readonly role: 'user'; readonly content: string }
  /** An assistant turn: its text (may be empty) and the tools it called, in order. */
  | { readonly role: 'assistant'; readonly content: string; readonly toolCalls?: readonly ToolCall[] }
  /** A tool's result, answering the assistant's call `toolCallId`. */
  | { readonly role: 'tool'; readonly toolCallId: string; readonly toolName: string; readonly content: string; readonly isError?: boolean };

/** Structured output: the answer must be one JSON value valid against `schema`. */
export interface ResponseSchema {
  /** Short identifier ([A-Za-z0-9_-], ≤ 64): OpenAI's json_schema name, Anthropic's forced tool name. */
  readonly name: string;
  readonly description?: string;
  readonly schema: JsonSchema;
}

export interface ModelRequest {
  readonly messages: readonly ChatMessage[];
  /** Upper bound on generated tokens; the adapter falls back to the model's configured maximum. */
  readonly maxOutputTokens?: number;
  readonly temperature?: number;
  /**
   * 'json' asks for any JSON object where a provider supports that (OpenAI json_object, Ollama
   * format). Prefer `responseSchema`, which names the shape.
   */
  readonly responseFormat?: 'text' | 'json';
  /** Asks for output valid against a schema, through each provider's native mechanism. */
  readonly responseSchema?: ResponseSchema;
  readonly tools?: readonly ToolDefinition[];
  /** Defaults to `auto` when tools are given. */
  readonly toolChoice?: ToolChoice;
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

/** One usage shape that every provider fills in; each figure says where it came from. */
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
  /** The model thinking before (or between) its answer: progress, shown folded, never answer text. */
  | { readonly type: 'reasoning-delta'; readonly text: string }
  /** A whole tool call: the adapter assembles the provider's streamed argument fragments first. */
  | { readonly type: 'tool-call'; readonly call: ToolCall }
  /** Exactly one, last, when the model finishes normally. */
  | { readonly type: 'finish'; readonly reason: FinishReason; readonly usage: Usage };

/** How a `responseSchema` reaches a model: natively, as JSON mode plus the schema in the prompt, or in the prompt alone. */
export type StructuredOutputMode = 'json-schema' | 'json-object' | 'prompt';

/**
 * What an adapter knows, or has learned from the model's answers, about the model's support for
 * tools and structured output (a compatible server may refuse either). Named "features" because
 * `Capability` already names the kinds of work a model is routed for.
 */
export interface ModelFeatures {
  /** `unknown` until the model has called a tool or its server refused tools. */
  readonly tools: 'native' | 'unsupported' | 'unknown';
  readonly structuredOutput: StructuredOutputMode;
}

export interface LanguageModel {
  readonly specificationVersion: 'v2';
  readonly provider: ProviderKind;
  /** The provider's own model name, e.g. "gpt-4o-mini". */
  readonly modelId: string;
  /**
   * Streams the answer. Ends with exactly one `finish` part (with usage, reported or estimated)
   * when the model finishes normally. Failures throw a {@link ModelError}; adapters never retry.
   */
  stream(request: ModelRequest, options?: StreamOptions): AsyncIterable<StreamPart>;
  /** Optional: what the adapter has learned so far (changes as the model answers). */
  features?(): ModelFeatures;
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
  /** The provider's own words about the failure, when it sent any (redacted, shortened; `message` quotes them too). */
  readonly detail?: string;
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
  readonly detail: string | undefined;

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
    this.detail = init.detail;
  }
}

export function isModelError(value: unknown): value is ModelError {
  return value instanceof ModelError;
}

export function isRetryableKind(kind: ModelErrorKind): boolean {
  return RETRYABLE[kind];
}
