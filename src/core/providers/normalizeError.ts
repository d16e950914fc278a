import { oneLine } from '../../shared/oneLine';
import { isRetryableKind, ModelError, type ModelErrorKind, type ProviderKind, type Usage } from './contract';
import type { AbortCause } from './callGuard';
import { type KeySlot, keySlotFor } from '../secrets/keySlots';

/**
 * Maps whatever an SDK, the HTTP layer or the network throws into one {@link ModelError}, so the
 * router decides from `kind` alone and the UI can offer the right action. Messages say what to do
 * next and never contain a secret: text taken from a provider is scrubbed first, because some
 * providers echo the key they rejected.
 */

/** A stream the SDK accepted but that broke the wire protocol (thrown by the adapters). */
export class ProviderProtocolError extends Error {
  constructor(
    readonly reason: 'malformed-chunk' | 'ended-early',
    detail: string,
  ) {
    super(detail);
    this.name = 'ProviderProtocolError';
  }
}

export interface NormalizeContext {
  readonly provider: ProviderKind;
  readonly modelId: string;
  readonly baseURL?: string;
  /** Set when our own guard aborted the call: the SDK's error then only says "aborted". */
  readonly abortCause?: AbortCause;
  readonly timeoutMs?: number;
  readonly firstTokenTimeoutMs?: number;
  /** Scrubbed from every text taken from the provider. */
  readonly secrets?: readonly string[];
  /** Whether text had already streamed: a network failure then is a connection dropped mid-answer. */
  readonly streamStarted?: boolean;
  /** What the failed call used so far, when tokens had streamed. */
  readonly usage?: Usage;
  /** Status and headers of the response, for SDKs whose errors drop them (Ollama). */
  readonly response?: { readonly status: number; readonly headers: HeaderReader };
}

export interface HeaderReader {
  get(name: string): string | null;
}

const PROVIDER_NAMES: Readonly<Record<ProviderKind, string>> = {
  openai: 'OpenAI',
  'openai-compatible': 'the OpenAI-compatible server',
  anthropic: 'Anthropic',
  ollama: 'Ollama',
  'vscode-lm': 'the VS Code language model',
};

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

const CONTEXT_PATTERN =
  /context[_ ]length[_ ]exceeded|prompt is too long|maximum context length|context window|exceeds (the )?(maximum )?context|context length|too many tokens|input length exceeds|request_too_large/i;
const CONTENT_PATTERN = /content[_ ]?(policy|filter|management)|content_policy_violation|blocked by content filtering|safety system/i;
const MODEL_PATTERN = /model[_ ]not[_ ]found|model .* (does not exist|not found)|no such model|unknown model|try pulling it first/i;
const NETWORK_PATTERN = /socket hang up|other side closed|terminated|fetch failed|network|connection (reset|refused|closed|error)|bad port/i;

const MAX_DETAIL_CHARS = 300;

export function normalizeError(error: unknown, context: NormalizeContext): ModelError {
  if (error instanceof ModelError) {
    return error;
  }
  const facts = readFacts(error, context);
  const kind = classify(error, facts, context);
  const message = describe(kind, facts, context, isMalformedChunk(error, facts));
  const init = {
    kind,
    message,
    provider: context.provider,
    modelId: context.modelId,
    ...(facts.status !== undefined ? { status: facts.status } : {}),
    // 503 and 529 may carry retry-after too; the router decides whether to wait.
    ...(isRetryableKind(kind) && facts.retryAfterMs !== undefined ? { retryAfterMs: facts.retryAfterMs } : {}),
    ...(context.usage ? { usage: context.usage } : {}),
    ...(facts.detail ? { detail: facts.detail } : {}),
    // The raw error is kept for debugging only when it cannot leak a secret.
    ...(mentionsSecret(error, context.secrets) ? {} : { cause: error }),
  };
  return new ModelError(init);
}

interface ErrorFacts {
  status: number | undefined;
  retryAfterMs: number | undefined;
  /** Provider's own error type/code, e.g. "context_length_exceeded", "overloaded_error". */
  code: string;
  /** Provider's message, scrubbed of secrets and shortened. */
  detail: string;
  networkCode: string | undefined;
  /**
   * The innermost cause's message where no network code says it (scrubbed, shortened): the openai
   * SDK's "Connection error." for a port fetch will not call has "fetch failed", then "bad port".
   */
  cause: string | undefined;
  errorName: string;
}

function readFacts(error: unknown, context: NormalizeContext): ErrorFacts {
  const record = asRecord(error);
  const statusValue = record?.['status'] ?? record?.['status_code'];
  const status = typeof statusValue === 'number' ? statusValue : context.response?.status;
  const headers = isHeaderReader(record?.['headers']) ? record['headers'] : context.response?.headers;
  const body = asRecord(record?.['error']);
  // OpenAI: error = { message, type, code }. Anthropic: error = { type: 'error', error: { type, message } }.
  const inner = asRecord(body?.['error']) ?? body;
  const codes = [record?.['code'], record?.['type'], inner?.['code'], inner?.['type']].filter(
    (v): v is string => typeof v === 'string' && v !== 'error',
  );
  const providerMessage =
    (typeof inner?.['message'] === 'string' ? inner['message'] : undefined) ??
    (typeof record?.['error'] === 'string' ? record['error'] : undefined) ??
    (error instanceof Error ? error.message : typeof error === 'string' ? error : '');
  const networkCode = findNetworkCode(error);
  return {
    status,
    retryAfterMs: headers ? parseRetryAfter(headers) : undefined,
    code: codes.join(' '),
    detail: shorten(redactSecrets(providerMessage, context.secrets)),
    networkCode,
    cause: networkCode ? undefined : scrubbedCause(error, context.secrets),
    errorName: error instanceof Error ? error.name : '',
  };
}

/**
 * fetch calls no port on its blocked list (6000, 6665–6669, 10080, …) and says only "bad port",
 * as the innermost cause of "fetch failed".
 */
const BLOCKED_PORT_WORDS = 'bad port: fetch refuses to call that port';

function isBlockedPort(causeMessage: string): boolean {
  return /^bad port$/i.test(causeMessage);
}

/** A cause's message as the person reads it: fetch's "bad port" says what it means. */
export function causeWords(causeMessage: string): string {
  return isBlockedPort(causeMessage) ? BLOCKED_PORT_WORDS : causeMessage;
}

function scrubbedCause(error: unknown, secrets: readonly string[] | undefined): string | undefined {
  const message = innermostCause(error);
  return message ? shorten(redactSecrets(message, secrets)) : undefined;
}

/** The message of the deepest Error in `error`'s cause chain (not `error`'s own); undefined without one. */
export function innermostCause(error: unknown): string | undefined {
  let message: string | undefined;
  let current = error instanceof Error ? error.cause : undefined;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    message = current.message;
    current = current.cause;
  }
  return message;
}

function classify(error: unknown, facts: ErrorFacts, context: NormalizeContext): ModelErrorKind {
  if (context.abortCause) {
    return context.abortCause;
  }
  if (isMalformedChunk(error, facts)) {
    return 'server';
  }
  if (error instanceof ProviderProtocolError) {
    return 'network';
  }
  if (facts.errorName === 'APIUserAbortError' || facts.errorName === 'AbortError') {
    return 'cancelled';
  }
  if (facts.errorName === 'APIConnectionTimeoutError') {
    return 'timeout-total';
  }
  const text = `${facts.code} ${facts.detail}`;
  const status = facts.status;
  if (status === undefined) {
    // Errors sent inside a 200 stream (Anthropic `error` events, OpenAI `data: {"error": …}`).
    if (/rate_limit/i.test(facts.code)) return 'rate-limit';
    if (/authentication_error|permission_error|invalid_api_key/i.test(facts.code)) return 'auth';
    if (CONTEXT_PATTERN.test(text)) return 'context-window';
    if (CONTENT_PATTERN.test(text)) return 'content-policy';
    if (MODEL_PATTERN.test(text)) return 'model-not-found';
    if (/overloaded/i.test(text)) return 'server';
    if (facts.networkCode || facts.errorName === 'APIConnectionError' || NETWORK_PATTERN.test(text) || (facts.cause !== undefined && NETWORK_PATTERN.test(facts.cause))) return 'network';
    if (/did not receive done/i.test(text)) return 'network';
    if (/invalid_request_error/i.test(facts.code)) return 'bad-request';
    return 'server';
  }
  if (status === 429) return 'rate-limit';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout-total';
  if (status === 413) return 'context-window';
  if (CONTEXT_PATTERN.test(text)) return 'context-window';
  if (CONTENT_PATTERN.test(text)) return 'content-policy';
  if (status === 404 || MODEL_PATTERN.test(text)) return 'model-not-found';
  if (status >= 500 || status === 409) return 'server';
  return 'bad-request';
}

/** SDKs surface a stream chunk they cannot parse as a bare SyntaxError from JSON.parse. */
function isMalformedChunk(error: unknown, facts: ErrorFacts): boolean {
  return (error instanceof ProviderProtocolError && error.reason === 'malformed-chunk') || facts.errorName === 'SyntaxError';
}

function describe(kind: ModelErrorKind, facts: ErrorFacts, context: NormalizeContext, malformed: boolean): string {
  const name = PROVIDER_NAMES[context.provider];
  const who = name.charAt(0).toUpperCase() + name.slice(1);
  const at = context.baseURL ? ` at ${context.baseURL}` : '';
  const model = `"${context.modelId}"`;
  const statusText = facts.status !== undefined ? ` (HTTP ${facts.status})` : '';
  const detail = facts.detail ? ` Provider said: ${facts.detail}` : '';
  switch (kind) {
    case 'rate-limit': {
      const wait = facts.retryAfterMs !== undefined ? ` It asks to wait ${formatSeconds(facts.retryAfterMs)}.` : '';
      return `${who} says the rate limit is reached for model ${model}.${wait} Switchboard moves to another model; raise the limits of your plan if this happens often.${detail}`;
    }
    case 'auth':
      return context.provider === 'ollama'
        ? `Ollama refused the request for model ${model}${statusText}. Check the Ollama server's access settings or the base URL.${detail}`
        : `${who} rejected the API key${statusText} for model ${model}. ${setKeyAdvice(context.provider, context.baseURL)}${detail}`;
    case 'model-not-found':
      return context.provider === 'ollama'
        ? `Ollama has no model ${model}. Pull it with 'ollama pull ${context.modelId}', or fix "model" in switchboard.models.${detail}`
        : `${who} does not offer model ${model}${statusText}. Fix "model" in switchboard.models, or check that your key has access to it.${detail}`;
    case 'context-window':
      return `The request is too long for the context window of model ${model}. Shorten the conversation or the attached context, or route to a model with a larger window.${detail}`;
    case 'content-policy':
      return `${who} refused the request under its content policy. Rephrase the request or use another model.${detail}`;
    case 'timeout-first-token':
      return `Model ${model} sent no token within ${formatSeconds(context.firstTokenTimeoutMs)}. It may be overloaded or still loading; Switchboard moves to another model.`;
    case 'timeout-total':
      return `Model ${model} did not finish within ${formatSeconds(context.timeoutMs)}. Raise "timeoutMs" for it in switchboard.models or ask for a shorter answer.`;
    case 'network': {
      const code = facts.networkCode ? ` (${facts.networkCode})` : '';
      if (context.streamStarted) {
        return `The connection to ${name}${at} dropped in the middle of the answer from model ${model}${code}. The text so far is kept; check the network and continue with this or another model.`;
      }
      const cause = facts.cause && isBlockedPort(facts.cause) ? `${BLOCKED_PORT_WORDS}, so serve the model on another` : facts.cause;
      const why = cause && cause !== facts.detail ? `${facts.detail.replace(/\.+$/, '')} (${cause.replace(/\.+$/, '')})` : facts.detail.replace(/\.+$/, '');
      const reason = why ? `: ${why}` : '';
      return `Could not reach ${name}${at}${code}${reason}. Check the network${context.provider === 'ollama' ? ', that Ollama is running,' : ''} and the base URL.`;
    }
    case 'server':
      if (malformed) {
        return `${who}${at} sent a malformed stream chunk for model ${model}, so the answer cannot be read. Try again or use another model; if it persists, the server or a proxy in front of it does not speak the protocol correctly.${detail}`;
      }
      return `${who} failed with a server error${statusText} for model ${model}. Try again later or use another model.${detail}`;
    case 'bad-request':
      return `${who} rejected the request${statusText} for model ${model}. Check the model's settings in switchboard.models.${detail}`;
    case 'cancelled':
      return `The request to model ${model} was cancelled.`;
  }
}

/**
 * Where to put the key, named by the slot the model draws it from: an Anthropic-speaking model on
 * another host reads the key of that host's slot, not "the Anthropic API key".
 */
export function setKeyAdvice(provider: ProviderKind, baseURL: string | undefined): string {
  let slot: KeySlot | undefined;
  try {
    slot = keySlotFor({ provider, ...(baseURL ? { baseUrl: baseURL } : {}) });
  } catch {
    slot = undefined; // An unreadable base URL fails elsewhere with its own message.
  }
  return slot ? `Set the key for ${slot.label} with 'Switchboard: Set API Key…'.` : "Set the server's API key with 'Switchboard: Set API Key…'.";
}

function formatSeconds(ms: number | undefined): string {
  if (ms === undefined) {
    return 'the time allowed';
  }
  const seconds = ms / 1000;
  return `${Number(seconds.toFixed(2))} s`;
}

/**
 * Reads `retry-after-ms` (OpenAI) or `retry-after` (seconds or an HTTP date). Returns milliseconds,
 * or undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: HeaderReader, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) {
      return Math.round(value);
    }
  }
  const header = headers.get('retry-after');
  if (header === null || header.trim() === '') {
    return undefined;
  }
  const seconds = Number(header);
  if (Number.isFinite(seconds)) {
    return seconds >= 0 ? Math.round(seconds * 1000) : undefined;
  }
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const KEY_SHAPES = [/\bsk-[A-Za-z0-9_*-]{6,}/g, /\bBearer\s+[^\s"',]+/gi, /\b(x-api-key|api[_-]?key)(["']?\s*[:=]\s*["']?)[^\s"',]+/gi];

/** Removes the given secrets and anything shaped like an API key. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) {
      result = result.split(secret).join('[redacted]');
    }
  }
  result = result.replace(KEY_SHAPES[0]!, '[redacted]');
  result = result.replace(KEY_SHAPES[1]!, 'Bearer [redacted]');
  result = result.replace(KEY_SHAPES[2]!, '$1$2[redacted]');
  return result;
}

function mentionsSecret(error: unknown, secrets: readonly string[] = []): boolean {
  let text = '';
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    text += ` ${String(current)} ${current instanceof Error ? (current.stack ?? '') : ''}`;
    try {
      text += ` ${JSON.stringify(current)}`;
    } catch {
      // Circular structures are not JSON; the string forms above are enough.
    }
    current = asRecord(current)?.['cause'];
  }
  return redactSecrets(text, secrets) !== text;
}

function findNetworkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth++) {
    const code = asRecord(current)?.['code'];
    if (typeof code === 'string' && NETWORK_CODES.has(code)) {
      return code;
    }
    current = asRecord(current)?.['cause'];
  }
  return undefined;
}

function shorten(text: string): string {
  // The detail keeps MAX_DETAIL_CHARS characters of the text, then the ellipsis.
  return oneLine(text, MAX_DETAIL_CHARS + 1);
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function isHeaderReader(value: unknown): value is HeaderReader {
  return typeof asRecord(value)?.['get'] === 'function';
}
