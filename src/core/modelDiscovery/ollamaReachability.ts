import type { ModelConfig } from '../models/modelConfig';
import { discoverOllamaModels } from './ollamaDiscovery';
import { OLLAMA_BASE_URL } from '../providers/ollamaModel';

/** What one probe of an Ollama server's /api/tags found. */
export type OllamaReachability =
  | { readonly kind: 'reachable'; readonly baseURL: string; readonly pulled: readonly string[]; readonly at: number }
  /** `cause`: why it did not answer, in a few words ("connection refused", "bad port"). */
  | { readonly kind: 'unreachable'; readonly baseURL: string; readonly cause: string; readonly at: number };

/** Probe results keyed by {@link ollamaBaseUrlOf}. */
export type OllamaChecks = ReadonlyMap<string, OllamaReachability>;

/** What the views and the chat say about a configured Ollama model; undefined when there is nothing to say. */
export interface OllamaModelProblem {
  readonly state: 'not-running' | 'not-pulled';
  /** One line for a row's description and the chat's unavailable reason. */
  readonly reason: string;
  /** The longer story for a tooltip. */
  readonly detail: string;
}

export interface OllamaCheckOptions {
  /** Per server; a running Ollama answers /api/tags locally in milliseconds. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

const DEFAULT_CHECK_TIMEOUT_MS = 1500;

/** The server a configured model talks to, in one spelling so models sharing a server share a probe. */
export function ollamaBaseUrlOf(model: Pick<ModelConfig, 'baseUrl'>): string {
  return (model.baseUrl ?? OLLAMA_BASE_URL).replace(/\/+$/, '');
}

/** The distinct servers among the configured Ollama models. */
export function ollamaBaseUrls(models: readonly Pick<ModelConfig, 'provider' | 'baseUrl'>[]): string[] {
  return [...new Set(models.filter((m) => m.provider === 'ollama').map(ollamaBaseUrlOf))];
}

/**
 * Probes each server once, in parallel, through the discovery's /api/tags request (the real `ollama`
 * SDK). Never throws: an unreachable server is an answer.
 */
export async function checkOllamaServers(baseURLs: readonly string[], options: OllamaCheckOptions = {}): Promise<Map<string, OllamaReachability>> {
  const now = options.now ?? Date.now;
  const entries = await Promise.all(
    baseURLs.map(async (baseURL): Promise<[string, OllamaReachability]> => {
      const found = await discoverOllamaModels({
        baseURL,
        timeoutMs: options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return [
        baseURL,
        found.reachable
          ? { kind: 'reachable', baseURL, pulled: found.models.map((m) => m.name), at: now() }
          : { kind: 'unreachable', baseURL, cause: found.cause ?? 'no answer', at: now() },
      ];
    }),
  );
  return new Map(entries);
}

/**
 * The log's line when a server the configured models use stops answering: the server, why, which
 * models that leaves without an answer, and what to do. It once said the server twice ("Ollama is
 * not running at http://127.0.0.1:9: Could not list Ollama models at http://127.0.0.1:9: fetch failed.").
 */
export function ollamaDownLine(check: Extract<OllamaReachability, { kind: 'unreachable' }>, models: readonly Pick<ModelConfig, 'id' | 'provider' | 'baseUrl'>[]): string {
  const ids = models.filter((m) => m.provider === 'ollama' && ollamaBaseUrlOf(m) === check.baseURL).map((m) => m.id);
  const which = ids.length === 0 ? 'its models' : ids.join(', ');
  return `Ollama does not answer at ${check.baseURL} (${check.cause}): ${which} cannot answer until it does. Start it with 'ollama serve', or correct the baseUrl.`;
}

/**
 * What to tell the person about a configured model from the last probe. Only advice for the views and
 * the chat's picker: the router still tries the model, because a probe can be wrong or stale and the
 * circuit breaker (fed by real calls) is the authority on whether a model answers.
 */
export function ollamaModelProblem(model: Pick<ModelConfig, 'provider' | 'model' | 'baseUrl'>, checks: OllamaChecks | undefined): OllamaModelProblem | undefined {
  if (model.provider !== 'ollama' || !checks) return undefined;
  const check = checks.get(ollamaBaseUrlOf(model));
  if (!check) return undefined;
  if (check.kind === 'unreachable') {
    const reason = `Ollama is not running at ${check.baseURL}`;
    return { state: 'not-running', reason, detail: `${reason} (${check.cause}): start it with 'ollama serve', or correct this model's baseUrl.` };
  }
  if (isPulled(model.model, check.pulled)) return undefined;
  const reason = `not pulled: run \`ollama pull ${model.model}\``;
  const have = check.pulled.length > 0 ? `It has ${check.pulled.join(', ')}.` : 'It has no models.';
  return { state: 'not-pulled', reason, detail: `Ollama at ${check.baseURL} does not have ${model.model}: run \`ollama pull ${model.model}\`. ${have}` };
}

/** Ollama reads a name without a tag as ":latest". */
function isPulled(name: string, pulled: readonly string[]): boolean {
  const wanted = name.includes(':') ? name : `${name}:latest`;
  return pulled.some((p) => p === name || p === wanted);
}

/** While a configured Ollama model has a problem, its server is probed again this often. */
export const OLLAMA_RECHECK_MS = 30_000;

/**
 * When to probe again after `checks`: in OLLAMA_RECHECK_MS while some model's server is down or
 * lacks it (so the views clear by themselves once Ollama starts or the model is pulled), never
 * while all is well (a call that fails will say so, and the circuit breaker takes over).
 */
export function ollamaRecheckDelay(models: readonly Pick<ModelConfig, 'id' | 'provider' | 'model' | 'baseUrl'>[], checks: OllamaChecks): number | undefined {
  return ollamaProblems(models, checks).size > 0 ? OLLAMA_RECHECK_MS : undefined;
}

/** Model id → its one-line problem, for the models whose Ollama server is down or lacks them. */
export function ollamaProblems(models: readonly Pick<ModelConfig, 'id' | 'provider' | 'model' | 'baseUrl'>[], checks: OllamaChecks | undefined): Map<string, string> {
  const problems = new Map<string, string>();
  for (const m of models) {
    const problem = ollamaModelProblem(m, checks);
    if (problem) problems.set(m.id, problem.reason);
  }
  return problems;
}

/** Whether two sets of checks would show the same thing (so a repeated probe need not refresh the views). */
export function sameOllamaChecks(a: OllamaChecks, b: OllamaChecks): boolean {
  if (a.size !== b.size) return false;
  for (const [url, check] of a) {
    const other = b.get(url);
    if (!other || other.kind !== check.kind) return false;
    if (check.kind === 'reachable' && other.kind === 'reachable' && check.pulled.join('\n') !== other.pulled.join('\n')) return false;
  }
  return true;
}
