import { Ollama } from 'ollama';
import { createGuardedFetch } from '../providers/guardedFetch';
import { causeWords, innermostCause } from '../providers/normalizeError';
import { OLLAMA_BASE_URL } from '../providers/ollamaModel';

export interface DiscoveredOllamaModel {
  /** The name to put in `model`, e.g. "llama3.2:latest". */
  readonly name: string;
  readonly family?: string;
  readonly parameterSize?: string;
  readonly sizeBytes?: number;
  /** From /api/show's model_info; undefined when unknown. */
  readonly contextLength?: number;
}

export interface OllamaDiscoveryResult {
  readonly models: readonly DiscoveredOllamaModel[];
  /** The server answered /api/tags (it may still have no models). */
  readonly reachable: boolean;
  /** Why nothing was found, for the Models view (e.g. "Ollama is not running at …"). */
  readonly reason?: string;
  /** Why the server did not answer, in a few words ("connection refused", "bad port"): set when unreachable. */
  readonly cause?: string;
}

export interface OllamaDiscoveryOptions {
  readonly baseURL?: string;
  /** For the whole discovery; Ollama answers locally in milliseconds when it runs. */
  readonly timeoutMs?: number;
  /** Ask /api/show for each model's context length (one request per model, in parallel). */
  readonly includeContextLength?: boolean;
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
}

const DEFAULT_DISCOVERY_TIMEOUT_MS = 1500;

/** Lists the models of a local Ollama server. Never throws: a missing server is an answer too. */
export async function discoverOllamaModels(options: OllamaDiscoveryOptions = {}): Promise<OllamaDiscoveryResult> {
  const host = options.baseURL ?? OLLAMA_BASE_URL;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_DISCOVERY_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const client = new Ollama({ host, fetch: createGuardedFetch({ ...(options.fetch ? { fetch: options.fetch } : {}), signal }) });
  let names: DiscoveredOllamaModel[];
  try {
    const list = await client.list();
    names = (list.models ?? []).map((m) => ({
      name: m.name,
      ...(m.details?.family ? { family: m.details.family } : {}),
      ...(m.details?.parameter_size ? { parameterSize: m.details.parameter_size } : {}),
      ...(typeof m.size === 'number' ? { sizeBytes: m.size } : {}),
    }));
  } catch (error) {
    const cause = causeOf(error, timeout.aborted ? (options.timeoutMs ?? DEFAULT_DISCOVERY_TIMEOUT_MS) : undefined);
    return { models: [], reachable: false, reason: explain(cause, host), cause: cause.words };
  }
  if (names.length === 0) {
    return { models: [], reachable: true, reason: `Ollama at ${host} has no models. Pull one with 'ollama pull llama3.2'.` };
  }
  if (!options.includeContextLength) {
    return { models: names, reachable: true };
  }
  const models = await Promise.all(
    names.map(async (model) => {
      try {
        const shown = await client.show({ model: model.name });
        const contextLength = readContextLength(shown.model_info);
        return contextLength === undefined ? model : { ...model, contextLength };
      } catch {
        // The list is still useful without a context length.
        return model;
      }
    }),
  );
  return { models, reachable: true };
}

/** model_info is a plain JSON object on the wire, keyed "<architecture>.context_length". */
function readContextLength(info: unknown): number | undefined {
  if (typeof info !== 'object' || info === null) {
    return undefined;
  }
  const entries = info instanceof Map ? [...info.entries()] : Object.entries(info);
  for (const [key, value] of entries) {
    if (typeof key === 'string' && key.endsWith('.context_length') && typeof value === 'number' && value > 0) {
      return value;
    }
  }
  return undefined;
}

interface FailureCause {
  readonly kind: 'timeout' | 'refused' | 'other';
  /** A few words: "connection refused", "no answer within 1500 ms", "ENOTFOUND", "bad port". */
  readonly words: string;
}

/**
 * Why a request to the server failed. Without an error code, the innermost message ("fetch failed"
 * says nothing of why): for a port fetch refuses to call (6000, 6667, 9, …) that is "bad port".
 */
function causeOf(error: unknown, timedOutAfterMs: number | undefined): FailureCause {
  if (timedOutAfterMs !== undefined) return { kind: 'timeout', words: `no answer within ${timedOutAfterMs} ms` };
  const code = findCode(error);
  if (code === 'ECONNREFUSED') return { kind: 'refused', words: 'connection refused' };
  if (code) return { kind: 'other', words: code };
  const inner = innermostCause(error) ?? (error instanceof Error ? error.message : String(error));
  return { kind: 'other', words: causeWords(inner) };
}

function explain(cause: FailureCause, host: string): string {
  if (cause.kind === 'timeout') return `Ollama did not answer at ${host} in time; is it running?`;
  if (cause.kind === 'refused') return `Ollama is not running at ${host}. Start it with 'ollama serve', or set switchboard.discovery.ollamaBaseUrl.`;
  return `Could not list Ollama models at ${host}: ${cause.words}.`;
}

function findCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
