import type { ReasoningEffort } from './reasoning';

/**
 * Explicit settings every provider factory takes. The core never reads environment variables or
 * secret stores: the VS Code layer looks the key up and hands it in here.
 */
export interface ModelSettings {
  /** Secret; used only to authenticate the HTTP request, never logged or put in messages. */
  readonly apiKey?: string;
  readonly baseURL?: string;
  /** The provider's own model name, e.g. "gpt-4o-mini". */
  readonly model: string;
  readonly maxOutputTokens?: number;
  readonly temperature?: number;
  /** Reasoning asked of the model before it answers; unset, the provider's default. */
  readonly reasoning?: ReasoningEffort;
  /** Budget for the whole call, headers to last token. */
  readonly timeoutMs?: number;
  /** Budget from the start of the call to the first text token. */
  readonly firstTokenTimeoutMs?: number;
  /** Replaces the global fetch (tests, proxies, the VS Code layer). */
  readonly fetch?: typeof fetch;
  readonly headers?: Readonly<Record<string, string>>;
}

export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_FIRST_TOKEN_TIMEOUT_MS = 30_000;
/** Local models may have to load into memory before their first token. */
export const DEFAULT_LOCAL_FIRST_TOKEN_TIMEOUT_MS = 90_000;
/** Anthropic requires max_tokens on every request. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;
