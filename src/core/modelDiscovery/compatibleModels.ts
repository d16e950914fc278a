import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { z } from 'zod';
import { causeWords, innermostCause, redactSecrets } from '../providers/normalizeError';

/** A model a server lists: its id and, where the server says, how many tokens its context holds. */
export interface ListedModel {
  readonly id: string;
  readonly contextWindow?: number;
  /** Who offers it, where the id alone does not say (a VS Code language model: its vendor and name). */
  readonly offeredBy?: string;
}

/** What an OpenAI-compatible server says it serves, or why it could not say. */
export type CompatibleModelList =
  | { readonly kind: 'listed'; readonly models: readonly ListedModel[] }
  | { readonly kind: 'failed'; readonly reason: string };

const windowField = z.number().int().positive().optional().catch(undefined);

/**
 * One entry of a `/models` list, read past the SDK's types (it passes the server's fields through):
 * the id, and the context window under each name a server is known to report it by (vLLM's
 * `max_model_len`, OpenRouter's and Together's `context_length`, Groq's `context_window`). A window
 * that is not a positive integer is left out; the entry still counts.
 */
const listedModelSchema = z.object({
  id: z.string().min(1),
  max_model_len: windowField,
  context_length: windowField,
  context_window: windowField,
});

export interface CompatibleModelListOptions {
  /** The server's base URL as the person typed it (`…/v1`); the SDK asks `${baseURL}/models`. */
  readonly baseURL: string;
  /** Sent only when given: a local server usually needs none. */
  readonly apiKey?: string;
  /** A listing is a convenience in a dialog: it must not keep the person waiting. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
}

const DEFAULT_LIST_TIMEOUT_MS = 5000;

/**
 * Asks an OpenAI-compatible server for its `/models` list through the OpenAI SDK, for "Add Model…"
 * to offer the names it really serves. Never throws: a failure comes back with a reason a person
 * can read, so the caller can fall back to typing the name and say why.
 */
export async function listCompatibleModels(options: CompatibleModelListOptions): Promise<CompatibleModelList> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LIST_TIMEOUT_MS;
  const client = new OpenAI({
    // Every option explicit, so the SDK never reads OPENAI_* environment variables; without a key
    // the placeholder is kept off the wire by the null Authorization header.
    apiKey: options.apiKey ?? 'unused',
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    baseURL: options.baseURL,
    maxRetries: 0,
    timeout: timeoutMs,
    logLevel: 'off',
    defaultHeaders: options.apiKey ? {} : { Authorization: null },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const where = `${options.baseURL.replace(/\/+$/, '')}/models`;
  try {
    const page = await client.models.list(options.signal ? { signal: options.signal } : undefined);
    const byId = new Map<string, ListedModel>();
    for (const entry of page.data as unknown[]) {
      const parsed = listedModelSchema.safeParse(entry);
      if (!parsed.success || byId.has(parsed.data.id)) continue;
      const { id, max_model_len, context_length, context_window } = parsed.data;
      const contextWindow = max_model_len ?? context_length ?? context_window;
      byId.set(id, contextWindow !== undefined ? { id, contextWindow } : { id });
    }
    const models = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
    if (models.length === 0) return { kind: 'failed', reason: `The server lists no models at ${where}.` };
    return { kind: 'listed', models };
  } catch (error) {
    return { kind: 'failed', reason: explain(error, where, options) };
  }
}

function explain(error: unknown, where: string, options: CompatibleModelListOptions): string {
  const secrets = options.apiKey ? [options.apiKey] : [];
  if (error instanceof APIConnectionTimeoutError) return `The server did not list its models within ${options.timeoutMs ?? DEFAULT_LIST_TIMEOUT_MS} ms (${where}).`;
  if (error instanceof APIConnectionError) {
    const code = networkCode(error);
    // Without a code, the innermost cause says why (a port fetch will not call is only "bad port").
    const cause = code ?? innermostCause(error);
    return `Could not reach ${where}${cause ? ` (${causeWords(redactSecrets(cause, secrets))})` : ''}.`;
  }
  if (error instanceof APIError && error.status !== undefined) {
    if (error.status === 401 || error.status === 403) {
      return options.apiKey
        ? `The server refused the key for its model list (HTTP ${error.status}).`
        : `The server needs an API key to list its models (HTTP ${error.status}); set one afterwards with 'Switchboard: Set API Key…'.`;
    }
    if (error.status === 404) return `The server has no model list at ${where} (HTTP 404).`;
    return `The server failed to list its models (HTTP ${error.status}): ${redactSecrets(error.message, secrets)}`;
  }
  // An answer that is not a model list (an HTML page, another protocol) fails inside the SDK.
  const message = error instanceof Error ? error.message : String(error);
  return `The answer from ${where} is not a model list: ${redactSecrets(message, secrets)}`;
}

/** ECONNREFUSED, ENOTFOUND…: the code somewhere in the cause chain, as Node's fetch nests it. */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
