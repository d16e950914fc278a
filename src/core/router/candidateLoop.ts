import type { BudgetGuard } from '../budget/budgetGuard';
import { asSentence } from '../../shared/oneLine';
import type { RouterSettings } from '../config/settings/router';
import type { AttemptRecord } from '../metrics/attemptRecord';
import type { ModelError } from '../providers/contract';
import { fallbackWords, healthWords } from './explanation';
import type { ModelHealth } from './health';
import { mayCallTools, requestCarriesTools } from './modelFeatures';
import { runAttempt, type AttemptDeps, type AttemptResult } from './routedAttempt';
import type { RouteDecision, RouteEvent } from './routeEvents';
import type { RequestContext } from './routeOptions';
import { routeResult, type RouteEnding } from './routeResult';
import type { Candidate, Plan } from './routePlanner';

export interface CandidateLoopDeps {
  readonly settings: () => RouterSettings;
  readonly health: ModelHealth;
  readonly budget: BudgetGuard;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly attempt: AttemptDeps;
}

/** What the loop starts from: the decided order and how the budget shaped it. */
export interface CandidateQueue {
  readonly plan: Plan;
  readonly decision: RouteDecision;
  readonly order: readonly Candidate[];
  readonly steppedDown: boolean;
  /** The request was allowed past the budget: no budget check before each call. */
  readonly allowed: boolean;
  /** Receives a complete, valid answer (the response cache keeps it). */
  readonly onAnswer?: ((candidate: Candidate, result: AttemptResult) => void) | undefined;
}

/**
 * Calls the candidates in order until one answers: skips a model whose window is too small, that
 * the budget or the caller's `admit` no longer allows or whose circuit is open; retries a short
 * rate limit once; falls back on other failures. Ends with exactly one `done`.
 */
export async function* tryCandidates(ctx: RequestContext, queue: CandidateQueue, attempts: AttemptRecord[], deps: CandidateLoopDeps): AsyncGenerator<RouteEvent, void, undefined> {
  const { plan, decision } = queue;
  const { signal, workspace } = ctx.options;
  const done = (ending: RouteEnding): RouteEvent => ctx.note({ type: 'done', result: routeResult(ctx.requestId, decision, attempts, ending) });
  const cancelled = (): RouteEvent => done({ outcome: 'cancelled', text: '', error: { kind: 'cancelled', message: 'The request was cancelled.' } });
  let order = queue.order;
  let steppedDown = queue.steppedDown;
  // Models retried once after a short rate limit (few, if any: a list, not a set, on every request).
  const retried: string[] = [];
  const failures: Failure[] = [];
  let windowFloor = 0;
  let lastError: ModelError | undefined;
  let attemptNo = 0;
  for (let i = 0; i < order.length; ) {
    if (signal?.aborted) {
      yield cancelled();
      return;
    }
    const candidate = order[i] as Candidate;
    const id = candidate.entry.config.id;
    const next = order[i + 1]?.entry.config.id;
    const window = candidate.entry.config.contextWindow;
    if (windowFloor > 0 && window !== undefined && window <= windowFloor) {
      yield ctx.note({ type: 'fallback', from: id, ...(next ? { to: next } : {}), reason: `${id} skipped: its context window (${window}) is not larger than one that was exceeded` });
      failures.push({ id, words: 'window too small' });
      i++;
      continue;
    }
    if (plan.limits && !queue.allowed && !deps.budget.fits(workspace, plan.limits, candidate.estimatedCostUsd)) {
      // Calls that finished or started since the decision used up the budget.
      if (deps.settings().budget.policy === 'step-down' && !steppedDown) {
        steppedDown = true;
        const inOrder = new Set(order.map((c) => c.entry.config.id));
        order = [...order, ...plan.stepDown.filter((c) => !inOrder.has(c.entry.config.id))];
      }
      const to = order[i + 1]?.entry.config.id;
      yield ctx.note({ type: 'fallback', from: id, ...(to ? { to } : {}), reason: `${id} skipped: the budget no longer allows it`, errorKind: 'budget' });
      failures.push({ id, words: 'over budget' });
      i++;
      continue;
    }
    const refusal = ctx.options.admit?.(id, ctx.request);
    if (refusal !== undefined) {
      // The caller's own limit (a task's cost cap): the same kind of refusal as the budget's.
      yield ctx.note({ type: 'fallback', from: id, ...(next ? { to: next } : {}), reason: `${id} skipped: ${refusal}`, errorKind: 'budget' });
      failures.push({ id, words: refusal });
      i++;
      continue;
    }
    const permit = deps.health.acquire(id);
    if (!permit) {
      const s = deps.health.snapshot(id);
      yield ctx.note({ type: 'fallback', from: id, ...(next ? { to: next } : {}), reason: `${id} skipped: ${healthWords(s)}` });
      failures.push({ id, words: healthWords(s) });
      i++;
      continue;
    }
    // A reservation keeps calls running side by side from passing a budget together: with no budget
    // there is nothing to keep, and no worst case (nor count of the prompt) is needed for it.
    const reservation = deps.budget.reserve(workspace, plan.limits ? candidate.estimatedCostUsd : undefined);
    attemptNo++;
    const start: RouteEvent = { type: 'attempt-start', modelId: id, attempt: attemptNo, probe: permit.probe, retry: retried.includes(id) && attempts.at(-1)?.modelId === id };
    const result: AttemptResult = yield* runAttempt(ctx, candidate, permit, reservation, start, deps.attempt);
    attempts.push(result.record);
    // Two literals, not a spread: this runs on every attempt (see phaseResultOf in tasks/taskTotals.ts).
    const ended = ctx.note(result.error ? { type: 'attempt-end', record: result.record, error: { kind: result.error.kind, message: result.error.message } } : { type: 'attempt-end', record: result.record });
    if (ctx.readsEvents) yield ended;
    else ctx.hear?.(ended);

    const after = afterAttempt(result, id, order, i + 1, deps.health);
    if ('ending' in after) {
      if (after.ending.outcome === 'success') queue.onAnswer?.(candidate, result);
      yield done(after.ending);
      return;
    }
    const error = after.failed;
    lastError = error;
    const limit = deps.settings().routing.retryAfterLimitMs;
    if (error.kind === 'rate-limit' && error.retryAfterMs !== undefined && error.retryAfterMs <= limit && !retried.includes(id)) {
      retried.push(id);
      yield ctx.note({ type: 'retry', modelId: id, delayMs: error.retryAfterMs, reason: `rate limited; retrying once after ${error.retryAfterMs} ms` });
      try {
        await deps.sleep(error.retryAfterMs, signal);
      } catch {
        // only an abort ends the wait early
      }
      if (signal?.aborted) {
        yield cancelled();
        return;
      }
      continue;
    }
    const brief = fallbackWords(error);
    // In a few words when the provider said something of its own; otherwise the message is all there is.
    failures.push({ id, words: error.detail !== undefined ? brief : error.message, message: error.message });
    // A server that refused the tools (its adapter now says so) refused this model, not the request: another may take them.
    const refusedTools = error.kind === 'bad-request' && requestCarriesTools(ctx.request) && !mayCallTools(candidate.entry);
    if (!refusedTools && (error.kind === 'bad-request' || error.kind === 'content-policy')) {
      // The request itself was refused: another model would most likely refuse it too, and
      // shopping a refused request around providers is not ours to decide.
      yield done({ outcome: 'error', text: '', error: { kind: error.kind, message: error.message } });
      return;
    }
    if (error.kind === 'context-window') windowFloor = Math.max(windowFloor, window ?? plan.prompt.tokens);
    yield ctx.note({ type: 'fallback', from: id, ...(next ? { to: next } : {}), reason: refusedTools ? 'does not support tool calls (its server refused them)' : brief, errorKind: error.kind });
    i++;
  }
  const message = asSentence(`No model could answer ${ctx.capability}: ${failureWords(failures)}`);
  yield done({ outcome: 'error', text: '', error: { kind: lastError?.kind ?? 'no-candidate', message } });
}

/** Why one candidate did not answer: in a few words, and the error's whole message when it failed. */
interface Failure {
  readonly id: string;
  readonly words: string;
  readonly message?: string;
}

/**
 * What the request's error says about its candidates. One that failed alone keeps its whole message
 * (its advice: which key to set, which model to pull). Several say each in a few words, and the
 * models that failed for the same reason share it: six models behind one overloaded server read
 * "a, b, c, d, e, f: server error (HTTP 503): …", not six times a 250-character sentence. Each
 * attempt's whole message is in the log.
 */
export function failureWords(failures: readonly Failure[]): string {
  const only = failures.length === 1 ? failures[0] : undefined;
  if (only) return `${only.id}: ${only.message ?? only.words}`;
  const byWords = new Map<string, string[]>();
  for (const f of failures) {
    const ids = byWords.get(f.words);
    if (ids) ids.push(f.id);
    else byWords.set(f.words, [f.id]);
  }
  return [...byWords].map(([words, ids]) => `${ids.join(', ')}: ${words}`).join('; ');
}

/**
 * How the request ends after this attempt, if it does: an answer (valid or refused by the schema),
 * a cancel, or a failure after text reached the caller. A failure before any text is handed back:
 * a retry or the next candidate follows.
 */
function afterAttempt(result: AttemptResult, id: string, order: readonly Candidate[], restFrom: number, health: ModelHealth): { readonly ending: RouteEnding } | { readonly failed: ModelError } {
  const { error, text } = result;
  if (!error && result.schemaProblem !== undefined) {
    return { ending: { outcome: 'error', text, modelId: id, usage: result.usage, error: { kind: 'schema-failed', message: `${id} answered with output the schema refuses: ${result.schemaProblem}` } } };
  }
  if (!error) return { ending: { outcome: 'success', text, modelId: id, usage: result.usage, finishReason: result.finishReason, toolCalls: result.toolCalls } };
  if (error.kind === 'cancelled') {
    return { ending: { outcome: 'cancelled', text, modelId: id, usage: result.record.usage, partial: text.length > 0, error: { kind: 'cancelled', message: 'The request was cancelled.' } } };
  }
  if (text.length === 0) return { failed: error };
  // Tokens reached the caller: restarting elsewhere would pay twice and show a different answer.
  const continueWith = order.slice(restFrom).find((c) => health.wouldAllow(c.entry.config.id))?.entry.config.id;
  const ending: RouteEnding = {
    outcome: 'partial',
    text,
    modelId: id,
    usage: result.record.usage,
    partial: true,
    ...(continueWith ? { continueWith } : {}),
    error: { kind: error.kind, message: `${asSentence(error.message)} The answer stopped after ${text.length} characters${continueWith ? `; it can continue on ${continueWith}` : ''}.` },
  };
  return { ending };
}
