import type { BudgetReservation } from '../budget/budgetGuard';
import type { AttemptRecord } from '../metrics/attemptRecord';
import { ModelError, isModelError, type FinishReason, type StreamPart, type ToolCall, type Usage } from '../providers/contract';
import { buildAttemptRecord, type AttemptRecordDeps, type CalledAttempt } from './attemptRecordBuilder';
import { countsAgainstHealth, type HealthPermit } from './health';
import type { ModelStats } from './modelStats';
import type { RouteEvent } from './routeEvents';
import { requestFacts, type RequestContext } from './routeOptions';
import type { Candidate } from './routePlanner';
import type { Writable } from '../../shared/writable';

/** How one attempt ended: its record, and what the candidate loop needs to decide what comes next. */
export interface AttemptResult {
  readonly record: AttemptRecord;
  readonly error?: ModelError;
  /** What `validate` found wrong with a complete answer. */
  readonly schemaProblem?: string;
  readonly text: string;
  readonly usage?: Usage;
  readonly finishReason?: FinishReason;
  readonly toolCalls?: readonly ToolCall[];
}

export interface AttemptDeps {
  readonly now: () => number;
  /** Monotonic milliseconds for latency and time to first token (the router's `clock` option). */
  readonly clock: () => number;
  readonly records: AttemptRecordDeps;
  /** The adaptive scores, fed every attempt that says something about how well the model serves. */
  readonly stats: ModelStats;
  /** Hands the record to the spend source and the recorder. */
  readonly commit: (record: AttemptRecord) => void;
}

const ABORTED = Symbol('aborted');

/**
 * One call. `start` is yielded only once the request is under way: nothing may run between the
 * circuit's permit and the request, or a circuit that opened meanwhile would still be called.
 */
export async function* runAttempt(
  ctx: RequestContext,
  candidate: Candidate,
  permit: HealthPermit,
  reservation: BudgetReservation,
  start: RouteEvent,
  deps: AttemptDeps,
): AsyncGenerator<RouteEvent, AttemptResult, undefined> {
  const { entry } = candidate;
  const signal = ctx.options.signal;
  // The first-token and total clocks are the adapter's alone (its CallGuard, set per model): the
  // router only forwards the caller's cancel, and ends the request of a consumer that stopped
  // reading the events. complete() without a signal can do neither (it reads to the end, and an
  // adapter that fails ends its own request): no controller then, which spares a signal and the
  // adapter's listener on it, a good part of the router's cost on a short answer (bench/structured).
  const controller = signal || ctx.readsEvents ? new AbortController() : undefined;
  let cancelled = false;
  const onAbort = (): void => {
    cancelled = true;
    controller?.abort();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  // Only a caller's cancel can end the wait for a part early (the router aborts for itself only
  // after the loop): without a signal, no race, which would cost a promise per part.
  const aborted = signal && controller ? new Promise<typeof ABORTED>((resolve) => controller.signal.addEventListener('abort', () => resolve(ABORTED), { once: true })) : undefined;
  const time = deps.now();
  const t0 = deps.clock();
  let ttftMs: number | undefined;
  let text = '';
  let usage: Usage | undefined;
  let finishReason: FinishReason | undefined;
  let error: ModelError | undefined;
  let schemaProblem: string | undefined;
  const toolCalls: ToolCall[] = [];
  let completed = false;
  let iterator: AsyncIterator<StreamPart> | undefined;
  let record: AttemptRecord;
  // The request goes as asked: the output allowance is only an estimate for budgets and context fit.
  const request = ctx.request;
  if (signal?.aborted) onAbort();
  try {
    let started = false;
    try {
      iterator = entry.model.stream(request, controller ? { signal: controller.signal } : {})[Symbol.asyncIterator]();
    } finally {
      // An adapter that throws at once still gets its attempt announced before it is reported.
      if (!iterator) {
        started = true;
        if (ctx.readsEvents) yield start;
        else ctx.hear?.(start);
      }
    }
    // The request is under way before `start` reaches the consumer or listener. Without either
    // nothing runs in between: the loop asks for the first part at once.
    let pending: Promise<IteratorResult<StreamPart>> | undefined;
    if (!started && (ctx.readsEvents || ctx.hear)) {
      pending = iterator.next();
      // Settled later through the race; this only keeps an early rejection from counting as unhandled.
      pending.catch(() => undefined);
      if (ctx.readsEvents) yield start;
      else ctx.hear?.(start);
    }
    for (;;) {
      const next = pending ?? iterator.next();
      const step = aborted ? await Promise.race([next, aborted]) : await next;
      pending = undefined;
      if (step === ABORTED) throw new AbortedByRouter();
      if (step.done) break;
      const part = step.value;
      if (part.type === 'finish') {
        usage = part.usage;
        finishReason = part.reason;
        continue;
      }
      if (part.type !== 'tool-call' && part.text.length === 0) continue;
      // Reasoning and tool calls are progress as much as text: the first of any is the first token.
      ttftMs ??= deps.clock() - t0;
      if (part.type === 'text-delta') {
        text += part.text;
        if (ctx.readsEvents) yield { type: 'text-delta', modelId: entry.config.id, text: part.text };
        else ctx.hear?.({ type: 'text-delta', modelId: entry.config.id, text: part.text });
      } else if (part.type === 'reasoning-delta') {
        if (ctx.readsEvents) yield { type: 'reasoning-delta', modelId: entry.config.id, text: part.text };
        else ctx.hear?.({ type: 'reasoning-delta', modelId: entry.config.id, text: part.text });
      } else {
        toolCalls.push(part.call);
        if (ctx.readsEvents) yield { type: 'tool-call', modelId: entry.config.id, call: part.call };
        else ctx.hear?.({ type: 'tool-call', modelId: entry.config.id, call: part.call });
      }
    }
    completed = true;
    if (ctx.options.validate) schemaProblem = ctx.options.validate(text);
  } catch (thrown) {
    error = normalizeError(thrown, cancelled, candidate);
    // What the provider reported for a failed stream is what was paid for (an estimate only if it said nothing).
    usage ??= error.usage;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!completed) {
      // Either a failure or the caller stopped reading: end the HTTP request now.
      if (controller && !controller.signal.aborted) controller.abort();
      iterator?.return?.().catch(() => undefined);
      error ??= new ModelError({ kind: 'cancelled', message: 'The caller stopped reading the answer.', provider: entry.model.provider, modelId: entry.model.modelId });
    }
    // In `finally`, so the attempt is recorded even when the caller stops reading mid-stream.
    record = settleAttempt(ctx, permit, reservation, deps, { entry, time, latencyMs: deps.clock() - t0, ttftMs, text, usage, error, schemaProblem, prompt: ctx.prompt });
  }
  // Optional fields by assignment: a spread per field is an object made and copied on every call.
  const result: Writable<AttemptResult> = { record, text };
  if (error) result.error = error;
  if (schemaProblem !== undefined) result.schemaProblem = schemaProblem;
  if (usage) result.usage = usage;
  if (finishReason) result.finishReason = finishReason;
  if (toolCalls.length > 0) result.toolCalls = toolCalls;
  return result;
}

function settleAttempt(ctx: RequestContext, permit: HealthPermit, reservation: BudgetReservation, deps: AttemptDeps, a: CalledAttempt): AttemptRecord {
  const record = buildAttemptRecord(requestFacts(ctx), a, deps.records);
  if (a.error) permit.fail(a.error);
  else permit.succeed();
  // A refused or cancelled request says nothing about how well the model serves.
  if (!a.error || countsAgainstHealth(a.error)) deps.stats.observe(record);
  deps.commit(record);
  // Released only after the spend source holds the record, so the call is never counted nowhere.
  reservation.release();
  return record;
}

function normalizeError(thrown: unknown, cancelled: boolean, candidate: Candidate): ModelError {
  const { provider, modelId } = candidate.entry.model;
  if (cancelled) {
    if (isModelError(thrown) && thrown.kind === 'cancelled') return thrown;
    const usage = isModelError(thrown) ? thrown.usage : undefined;
    return new ModelError({ kind: 'cancelled', message: 'The request was cancelled.', provider, modelId, ...(usage ? { usage } : {}) });
  }
  if (isModelError(thrown)) return thrown;
  const detail = thrown instanceof Error ? thrown.message : String(thrown);
  return new ModelError({ kind: 'server', message: `${candidate.entry.config.id} failed unexpectedly: ${detail}`, provider, modelId, cause: thrown });
}

class AbortedByRouter extends Error {
  constructor() {
    super('aborted by the router');
  }
}
