import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BudgetGuard, type BudgetReservation } from '../budget/budgetGuard';
import { InMemorySpendLedger, type AttemptSink, type SpendSource } from '../budget/spendSource';
import { cacheKey } from '../cache/cacheKey';
import type { ResponseCache } from '../cache/responseCache';
import { assignVariant, type VariantAssignment } from '../experiments/variantAssignment';
import type { Disposable } from '../lifecycle/disposable';
import { Emitter, type Event } from '../lifecycle/emitter';
import type { AttemptOrigin, AttemptRecord } from '../metrics/attemptRecord';
import {
  ModelError,
  isModelError,
  type FinishReason,
  type ModelRequest,
  type StreamPart,
  type ToolCall,
  type Usage,
} from '../providers/contract';
import { abortableSleep, untilAborted } from './abort';
import type { Capability } from './capabilities';
import { budgetWords, fallbackWords, formatExplanation, healthWords } from './explanation';
import { ModelHealth, countsAgainstHealth, type BreakerKind, type HealthPermit, type HealthSnapshot } from './health';
import { ModelStats } from './modelStats';
import { catalogCost, catalogPriceLookup, costFunctionFrom, type CostFunction, type PriceLookup } from '../pricing/priceLookup';
import type { ModelRegistry } from './registry';
import type { Random } from './rng';
import type { BudgetAnswer, BudgetQuestion, RouteDecision, RouteErrorInfo, RouteEvent, RouteResult } from './routeEvents';
import { DEFAULT_TOKEN_ESTIMATOR, RoutePlanner, preferFirst, type Candidate, type Plan, type TokenEstimator } from './routePlanner';
import type { RouterSettings } from '../config/settings/router';
import { runTestCall, type TestCallResult } from './testCall';
import { overBudgetFirst, ruleOnBudget } from './budgetPolicy';
import { buildAttemptRecord, type AttemptRecordDeps, type AttemptRequestFacts } from './attemptRecordBuilder';

export interface ModelRouterOptions {
  readonly registry: ModelRegistry;
  readonly settings: RouterSettings;
  /** Where spend is read (the metrics store). Without it the router keeps its own in-memory ledger. */
  readonly spend?: SpendSource;
  /**
   * Receives every attempt, cached ones included (the metrics store, whose `onDidRecordAttempt`
   * is how the rest of the extension hears of them). Must update `spend` before returning.
   */
  readonly recorder?: AttemptSink;
  /** The workspace's response cache; used only while `settings.cache.enabled`. */
  readonly cache?: ResponseCache;
  /** Prices for budgets and the `cheapest` strategy; defaults to the `price` override, else @pydantic/genai-prices. */
  readonly price?: PriceLookup;
  /** Cost of a finished call; defaults to one computed from `price` (or the catalog when `price` is not given). */
  readonly costOf?: CostFunction;
  readonly estimator?: TokenEstimator;
  readonly now?: () => number;
  /** Randomness for the adaptive strategy's exploration. */
  readonly random?: Random;
  /** Waits before a retry; injectable so tests and benches need not sleep. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly breaker?: BreakerKind;
  readonly newRequestId?: () => string;
}

export interface RouteOptions {
  readonly signal?: AbortSignal;
  readonly conversationId?: string;
  readonly workspace?: string;
  /** Try this model first if it is a candidate (e.g. a previous result's `continueWith`). */
  readonly preferModel?: string;
  /** Models not to use for this request. */
  readonly exclude?: readonly string[];
  /** Answers the budget's question under policy 'ask'; without it the answer is 'block'. */
  readonly askBudget?: (question: BudgetQuestion) => Promise<BudgetAnswer>;
  /** Recorded with every attempt: where the request came from, and the task and phase it serves. */
  readonly origin?: AttemptOrigin;
  readonly taskId?: string;
  readonly phase?: string;
  /** Ask only this model (a structured-output repair goes back to the model that answered). */
  readonly onlyModel?: string;
  /**
   * Checks a finished answer (structured output against its schema): a problem it returns makes the
   * attempt `schema-failed` and the result an error of that kind, with the text kept; the router does
   * not move on by itself (generateObject repairs once, then excludes the model).
   */
  readonly validate?: (text: string) => string | undefined;
}

export interface ExplainOptions {
  readonly workspace?: string;
  readonly conversationId?: string;
  /** With a request, context fit and cost estimates use its size. */
  readonly request?: ModelRequest;
}

interface AttemptResult {
  readonly record: AttemptRecord;
  readonly error?: ModelError;
  /** What `validate` found wrong with a complete answer. */
  readonly schemaProblem?: string;
  readonly text: string;
  readonly usage?: Usage;
  readonly finishReason?: FinishReason;
  readonly toolCalls?: readonly ToolCall[];
}

interface RequestContext {
  readonly requestId: string;
  readonly capability: Capability;
  readonly request: ModelRequest;
  readonly options: RouteOptions;
  readonly assignment?: VariantAssignment;
  readonly promptTokens: number;
}

const ABORTED = Symbol('aborted');

/**
 * Chooses the model for each request and streams its answer, reporting every attempt. Depends only
 * on the provider contract: each configured model is a {@link LanguageModel} in the registry.
 */
export class ModelRouter implements Disposable {
  private registry: ModelRegistry;
  private settings: RouterSettings;
  private readonly health: ModelHealth;
  private readonly stats: ModelStats;
  private readonly budget: BudgetGuard;
  private readonly ledger: InMemorySpendLedger | undefined;
  private readonly now: () => number;
  private readonly price: PriceLookup;
  private readonly costOf: CostFunction;
  private readonly estimator: TokenEstimator;
  private readonly random: Random;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly newRequestId: () => string;
  private readonly planner: RoutePlanner;
  private readonly recordDeps: AttemptRecordDeps;
  private readonly healthEmitter = new Emitter<HealthSnapshot>();

  /** Fires when a model's circuit changes state. */
  readonly onDidChangeHealth: Event<HealthSnapshot> = this.healthEmitter.event;

  constructor(private readonly options: ModelRouterOptions) {
    this.registry = options.registry;
    this.settings = options.settings;
    this.now = options.now ?? Date.now;
    this.price = options.price ?? catalogPriceLookup();
    // With an injected price the costs follow it; otherwise the catalog prices both.
    this.costOf = options.costOf ?? (options.price ? costFunctionFrom(options.price) : catalogCost);
    this.estimator = options.estimator ?? DEFAULT_TOKEN_ESTIMATOR;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? abortableSleep;
    this.newRequestId = options.newRequestId ?? randomUUID;
    this.recordDeps = { costOf: this.costOf, price: this.price, estimator: this.estimator };
    this.health = new ModelHealth(this.settings.routing.circuit, {
      now: this.now,
      ...(options.breaker ? { breaker: options.breaker } : {}),
      onChange: (s) => this.healthEmitter.fire(s),
    });
    this.stats = new ModelStats(this.settings.routing.decayHalfLifeMinutes * 60_000, this.now);
    this.ledger = options.spend ? undefined : new InMemorySpendLedger();
    this.budget = new BudgetGuard(options.spend ?? (this.ledger as InMemorySpendLedger), this.now);
    this.planner = new RoutePlanner({
      registry: () => this.registry,
      settings: () => this.settings,
      health: this.health,
      stats: this.stats,
      budget: this.budget,
      price: this.price,
      estimator: this.estimator,
      random: this.random,
    });
  }

  /** New models, tiers or settings take effect for the next request; health and measurements are kept. */
  update(change: { readonly registry?: ModelRegistry; readonly settings?: RouterSettings }): void {
    if (change.registry) this.registry = change.registry;
    if (change.settings) {
      this.settings = change.settings;
      this.health.updateSettings(change.settings.routing.circuit);
      this.stats.setHalfLife(change.settings.routing.decayHalfLifeMinutes * 60_000);
      this.options.cache?.setLimits(cacheLimits(change.settings));
    }
  }

  /** Feeds stored attempts (e.g. the last days from the metrics store) into the adaptive scores. */
  observe(record: AttemptRecord): void {
    this.stats.observe(record);
  }

  /** The circuit state of every registered model: state, last error, when it will probe again. */
  healthSnapshot(): HealthSnapshot[] {
    return this.registry.all().map((m) => this.health.snapshot(m.config.id));
  }

  healthOf(modelId: string): HealthSnapshot {
    return this.health.snapshot(modelId);
  }

  /** Closes a model's circuit now (e.g. after the user fixed its key): the next call goes through. */
  resetHealth(modelId: string): void {
    this.health.reset(modelId);
    this.healthEmitter.fire(this.health.snapshot(modelId));
  }

  /**
   * "Test Model": one tiny request straight to `modelId` (not routed: no tier, budget or circuit
   * decides, and its outcome moves no circuit or adaptive score). It is recorded like any attempt,
   * under capability `test`, so what it cost counts in spend and budgets. Undefined when no such
   * model is registered.
   */
  async testModel(modelId: string, options: { readonly signal?: AbortSignal; readonly workspace?: string } = {}): Promise<TestCallResult | undefined> {
    const entry = this.registry.get(modelId);
    if (!entry) return undefined;
    const result = await runTestCall(entry, { now: this.now, costOf: this.costOf, price: this.price, estimator: this.estimator, requestId: this.newRequestId() }, options);
    this.commit(result.record);
    return result;
  }

  /** Which model would answer now, and why, without calling anything or spending randomness. */
  explain(capability: Capability, options: ExplainOptions = {}): RouteDecision {
    const request = options.request ?? { messages: [] };
    const requestId = 'explain';
    const assignment = assignVariant(this.settings.experiments, capability, options.conversationId ?? requestId);
    const plan = this.planner.plan(capability, request, { workspace: options.workspace }, requestId, assignment, false);
    const ruling = ruleOnBudget(plan, this.settings.budget.policy, undefined, (order) => this.planner.budgetFiltered(plan, order, options.workspace));
    return this.planner.decision(plan, ruling.order, ruling);
  }

  /**
   * Streams the answer as events: `budget-ask` (only under policy 'ask'), then `decision`, then per
   * attempt `attempt-start`, `text-delta`s, `attempt-end`, with `retry`/`fallback` between attempts;
   * ends with exactly one `done`. Never throws for model failures. Stopping the iteration early
   * cancels the request like the signal does.
   */
  route(capability: Capability, request: ModelRequest, options: RouteOptions = {}): AsyncIterable<RouteEvent> {
    return this.run(capability, request, options);
  }

  /** route() consumed to the end, for callers that want only the result. */
  async complete(capability: Capability, request: ModelRequest, options: RouteOptions = {}): Promise<RouteResult> {
    let result: RouteResult | undefined;
    for await (const event of this.run(capability, request, options)) {
      if (event.type === 'done') result = event.result;
    }
    if (!result) throw new Error('The router ended without a result.');
    return result;
  }

  dispose(): void {
    this.healthEmitter.dispose();
  }

  private async *run(capability: Capability, request: ModelRequest, options: RouteOptions): AsyncGenerator<RouteEvent, void, undefined> {
    const requestId = this.newRequestId();
    const signal = options.signal;
    const assignment = assignVariant(this.settings.experiments, capability, options.conversationId ?? requestId);
    const plan = this.planner.plan(capability, request, options, requestId, assignment, true);
    const ctx: RequestContext = { requestId, capability, request, options, promptTokens: plan.promptTokens, ...(assignment ? { assignment } : {}) };
    const attempts: AttemptRecord[] = [];

    if (signal?.aborted) {
      const decision = this.planner.decision(plan, [], {});
      yield { type: 'decision', decision };
      yield { type: 'done', result: this.result(ctx, decision, attempts, { outcome: 'cancelled', text: '', error: { kind: 'cancelled', message: 'The request was cancelled before it started.' } }) };
      return;
    }

    const cache = this.settings.cache.enabled ? this.options.cache : undefined;
    const key = cache
      ? cacheKey({ ...(options.workspace !== undefined ? { workspace: options.workspace } : {}), capability, tier: plan.tierIds, messages: request.messages, ...(request.temperature !== undefined ? { temperature: request.temperature } : {}) })
      : undefined;
    if (cache && key) {
      const hit = cache.get(key);
      if (hit) {
        yield* this.serveCached(ctx, plan, hit.text, hit.modelId, hit.provider, hit.providerModel, hit.usage, attempts);
        return;
      }
    }

    const policy = this.settings.budget.policy;
    const first = overBudgetFirst(plan);
    let answer: BudgetAnswer | undefined;
    // plan.budget was read in this same synchronous step, so it is still current.
    if (first && policy === 'ask') {
      const question = this.planner.budgetQuestion(plan, first);
      yield { type: 'budget-ask', question };
      // A cancel while the question is open ends the wait (the loop below then reports it).
      answer = options.askBudget ? await untilAborted(options.askBudget(question).catch((): BudgetAnswer => 'block'), signal, 'block') : 'block';
      if (signal?.aborted) {
        const decision = this.planner.decision(plan, [], {});
        yield { type: 'decision', decision };
        yield { type: 'done', result: this.result(ctx, decision, attempts, { outcome: 'cancelled', text: '', error: { kind: 'cancelled', message: 'The request was cancelled while the budget question was open.' } }) };
        return;
      }
    }
    const ruling = ruleOnBudget(plan, policy, answer, (candidates) => this.planner.budgetFiltered(plan, candidates, options.workspace));
    const budgetOverride = ruling.allowed;
    let { order, steppedDown, blocked } = ruling;
    if (options.preferModel) order = preferFirst(order, options.preferModel);
    if (options.onlyModel) order = order.filter((c) => c.entry.config.id === options.onlyModel);
    if (plan.limits && order.length === 0 && plan.ranked.length > 0) blocked = true;

    const decision = this.planner.decision(plan, order, { steppedDown, blocked, preferred: options.preferModel });
    yield { type: 'decision', decision };
    if (order.length === 0) {
      const error: RouteErrorInfo = blocked
        ? { kind: 'budget', message: `The budget does not allow this request (${budgetWords(decision.budget)}). Raise switchboard.budget or wait for the next period.` }
        : { kind: 'no-candidate', message: plan.noneReason ?? `No model may answer ${capability} now.` };
      yield { type: 'done', result: this.result(ctx, decision, attempts, { outcome: blocked ? 'blocked' : 'error', text: '', error }) };
      return;
    }

    const retried = new Set<string>();
    const failures: string[] = [];
    let windowFloor = 0;
    let lastError: ModelError | undefined;
    let attemptNo = 0;
    for (let i = 0; i < order.length; ) {
      if (signal?.aborted) {
        yield { type: 'done', result: this.result(ctx, decision, attempts, { outcome: 'cancelled', text: '', error: { kind: 'cancelled', message: 'The request was cancelled.' } }) };
        return;
      }
      const candidate = order[i] as Candidate;
      const id = candidate.entry.config.id;
      const next = order[i + 1]?.entry.config.id;
      const window = candidate.entry.config.contextWindow;
      if (windowFloor > 0 && window !== undefined && window <= windowFloor) {
        yield { type: 'fallback', from: id, ...(next ? { to: next } : {}), reason: `${id} skipped: its context window (${window}) is not larger than one that was exceeded` };
        failures.push(`${id}: window too small`);
        i++;
        continue;
      }
      if (plan.limits && !budgetOverride && !this.budget.fits(options.workspace, plan.limits, candidate.estimatedCostUsd)) {
        // Calls that finished or started since the decision used up the budget.
        if (this.settings.budget.policy === 'step-down' && !steppedDown) {
          steppedDown = true;
          const inOrder = new Set(order.map((c) => c.entry.config.id));
          order = [...order, ...plan.stepDown.filter((c) => !inOrder.has(c.entry.config.id))];
        }
        const to = order[i + 1]?.entry.config.id;
        yield { type: 'fallback', from: id, ...(to ? { to } : {}), reason: `${id} skipped: the budget no longer allows it`, errorKind: 'budget' };
        failures.push(`${id}: over budget`);
        i++;
        continue;
      }
      const permit = this.health.acquire(id);
      if (!permit) {
        const s = this.health.snapshot(id);
        yield { type: 'fallback', from: id, ...(next ? { to: next } : {}), reason: `${id} skipped: ${healthWords(s)}` };
        failures.push(`${id}: ${healthWords(s)}`);
        i++;
        continue;
      }
      const reservation = this.budget.reserve(options.workspace, candidate.estimatedCostUsd);
      attemptNo++;
      const start: RouteEvent = { type: 'attempt-start', modelId: id, attempt: attemptNo, probe: permit.probe, retry: retried.has(id) && attempts.at(-1)?.modelId === id };
      const result: AttemptResult = yield* this.attempt(ctx, candidate, permit, reservation, start);
      attempts.push(result.record);
      const error = result.error;
      yield { type: 'attempt-end', record: result.record, ...(error ? { error: { kind: error.kind, message: error.message } } : {}) };

      if (!error && result.schemaProblem !== undefined) {
        yield {
          type: 'done',
          result: this.result(ctx, decision, attempts, {
            outcome: 'error',
            text: result.text,
            modelId: id,
            usage: result.usage,
            error: { kind: 'schema-failed', message: `${id} answered with output the schema refuses: ${result.schemaProblem}` },
          }),
        };
        return;
      }
      if (!error) {
        if (cache && key) {
          cache.set(key, { text: result.text, modelId: id, provider: candidate.entry.model.provider, providerModel: candidate.entry.model.modelId, ...(result.usage ? { usage: result.usage } : {}) });
        }
        yield { type: 'done', result: this.result(ctx, decision, attempts, { outcome: 'success', text: result.text, modelId: id, usage: result.usage, finishReason: result.finishReason }) };
        return;
      }
      lastError = error;
      if (error.kind === 'cancelled') {
        yield { type: 'done', result: this.result(ctx, decision, attempts, { outcome: 'cancelled', text: result.text, modelId: id, usage: result.record.usage, partial: result.text.length > 0, error: { kind: 'cancelled', message: 'The request was cancelled.' } }) };
        return;
      }
      if (result.text.length > 0) {
        // Tokens reached the caller: restarting elsewhere would pay twice and show a different answer.
        const continueWith = order.slice(i + 1).find((c) => this.health.wouldAllow(c.entry.config.id))?.entry.config.id;
        yield {
          type: 'done',
          result: this.result(ctx, decision, attempts, {
            outcome: 'partial',
            text: result.text,
            modelId: id,
            usage: result.record.usage,
            partial: true,
            ...(continueWith ? { continueWith } : {}),
            error: { kind: error.kind, message: `${error.message} The answer stopped after ${result.text.length} characters${continueWith ? `; it can continue on ${continueWith}` : ''}.` },
          }),
        };
        return;
      }
      const limit = this.settings.routing.retryAfterLimitMs;
      if (error.kind === 'rate-limit' && error.retryAfterMs !== undefined && error.retryAfterMs <= limit && !retried.has(id)) {
        retried.add(id);
        yield { type: 'retry', modelId: id, delayMs: error.retryAfterMs, reason: `rate limited; retrying once after ${error.retryAfterMs} ms` };
        try {
          await this.sleep(error.retryAfterMs, signal);
        } catch {
          // only an abort ends the wait early
        }
        if (signal?.aborted) {
          yield { type: 'done', result: this.result(ctx, decision, attempts, { outcome: 'cancelled', text: '', error: { kind: 'cancelled', message: 'The request was cancelled.' } }) };
          return;
        }
        continue;
      }
      failures.push(`${id}: ${error.message}`);
      if (error.kind === 'bad-request' || error.kind === 'content-policy') {
        // The request itself was refused: another model would most likely refuse it too, and
        // shopping a refused request around providers is not ours to decide.
        yield { type: 'done', result: this.result(ctx, decision, attempts, { outcome: 'error', text: '', error: { kind: error.kind, message: error.message } }) };
        return;
      }
      if (error.kind === 'context-window') windowFloor = Math.max(windowFloor, window ?? plan.promptTokens);
      yield { type: 'fallback', from: id, ...(next ? { to: next } : {}), reason: fallbackWords(error), errorKind: error.kind };
      i++;
    }
    const message = `No model could answer ${capability}: ${failures.join('; ')}.`;
    yield {
      type: 'done',
      result: this.result(ctx, decision, attempts, { outcome: 'error', text: '', error: { kind: lastError?.kind ?? 'no-candidate', message } }),
    };
  }

  /**
   * One call. `start` is yielded only once the request is under way: nothing may run between the
   * circuit's permit and the request, or a circuit that opened meanwhile would still be called.
   */
  private async *attempt(
    ctx: RequestContext,
    candidate: Candidate,
    permit: HealthPermit,
    reservation: BudgetReservation,
    start: RouteEvent,
  ): AsyncGenerator<RouteEvent, AttemptResult, undefined> {
    const { entry } = candidate;
    const signal = ctx.options.signal;
    const controller = new AbortController();
    // The first-token and total clocks are the adapter's alone (its CallGuard, set per model): the
    // router only forwards the caller's cancel.
    let cancelled = false;
    const onAbort = (): void => {
      cancelled = true;
      controller.abort();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const aborted = new Promise<typeof ABORTED>((resolve) => controller.signal.addEventListener('abort', () => resolve(ABORTED), { once: true }));
    const time = this.now();
    const t0 = performance.now();
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
        iterator = entry.model.stream(request, { signal: controller.signal })[Symbol.asyncIterator]();
      } finally {
        // An adapter that throws at once still gets its attempt announced before it is reported.
        if (!iterator) {
          started = true;
          yield start;
        }
      }
      let pending: Promise<IteratorResult<StreamPart>> | undefined = iterator.next();
      // Settled later through the race; this only keeps an early rejection from counting as unhandled.
      pending.catch(() => undefined);
      if (!started) yield start;
      for (;;) {
        const step = await Promise.race([pending ?? iterator.next(), aborted]);
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
        ttftMs ??= performance.now() - t0;
        if (part.type === 'text-delta') {
          text += part.text;
          yield { type: 'text-delta', modelId: entry.config.id, text: part.text };
        } else if (part.type === 'reasoning-delta') {
          yield { type: 'reasoning-delta', modelId: entry.config.id, text: part.text };
        } else {
          toolCalls.push(part.call);
          yield { type: 'tool-call', modelId: entry.config.id, call: part.call };
        }
      }
      completed = true;
      if (ctx.options.validate) schemaProblem = ctx.options.validate(text);
    } catch (thrown) {
      error = this.normalizeError(thrown, cancelled, candidate);
      // What the provider reported for a failed stream is what was paid for (an estimate only if it said nothing).
      usage ??= error.usage;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (!completed) {
        // Either a failure or the caller stopped reading: end the HTTP request now.
        if (!controller.signal.aborted) controller.abort();
        iterator?.return?.().catch(() => undefined);
        error ??= new ModelError({ kind: 'cancelled', message: 'The caller stopped reading the answer.', provider: entry.model.provider, modelId: entry.model.modelId });
      }
      // In `finally`, so the attempt is recorded even when the caller stops reading mid-stream.
      record = this.finishAttempt(ctx, candidate, permit, reservation, { time, latencyMs: performance.now() - t0, ttftMs, text, usage, error, schemaProblem });
    }
    return {
      record,
      text,
      ...(error ? { error } : {}),
      ...(schemaProblem !== undefined ? { schemaProblem } : {}),
      ...(usage ? { usage } : {}),
      ...(finishReason ? { finishReason } : {}),
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
    };
  }

  private finishAttempt(
    ctx: RequestContext,
    candidate: Candidate,
    permit: HealthPermit,
    reservation: BudgetReservation,
    a: { time: number; latencyMs: number; ttftMs: number | undefined; text: string; usage: Usage | undefined; error: ModelError | undefined; schemaProblem?: string | undefined },
  ): AttemptRecord {
    const record = buildAttemptRecord(requestFacts(ctx), { entry: candidate.entry, ...a, promptTokens: ctx.promptTokens }, this.recordDeps);
    if (a.error) permit.fail(a.error);
    else permit.succeed();
    // A refused or cancelled request says nothing about how well the model serves.
    if (!a.error || countsAgainstHealth(a.error)) this.stats.observe(record);
    this.commit(record);
    // Released only after the spend source holds the record, so the call is never counted nowhere.
    reservation.release();
    return record;
  }

  private commit(record: AttemptRecord): void {
    this.ledger?.record(record);
    this.options.recorder?.record(record);
  }

  private *serveCached(
    ctx: RequestContext,
    plan: Plan,
    text: string,
    modelId: string,
    provider: AttemptRecord['provider'],
    providerModel: string,
    usage: Usage | undefined,
    attempts: AttemptRecord[],
  ): Generator<RouteEvent, void, undefined> {
    const decision: RouteDecision = {
      ...this.planner.decision(plan, plan.ranked, {}),
      cached: true,
      chosen: modelId,
      explanation: formatExplanation({ capability: ctx.capability, cachedFrom: modelId, skipped: [], ...(ctx.assignment ? { experiment: { id: ctx.assignment.experiment, variant: ctx.assignment.variant } } : {}) }),
    };
    yield { type: 'decision', decision };
    yield { type: 'text-delta', modelId, text };
    // Kept as it was: a cached answer's record carries no origin, task, phase or structured flag.
    const facts = { requestId: ctx.requestId, capability: ctx.capability, conversationId: ctx.options.conversationId, assignment: ctx.assignment, workspace: ctx.options.workspace };
    const record = buildAttemptRecord(facts, { cached: true, time: this.now(), modelId, provider, providerModel, usage }, this.recordDeps);
    this.commit(record);
    attempts.push(record);
    yield { type: 'attempt-end', record };
    yield { type: 'done', result: this.result(ctx, decision, attempts, { outcome: 'success', text, modelId, usage, cached: true }) };
  }

  private result(
    ctx: RequestContext,
    decision: RouteDecision,
    attempts: readonly AttemptRecord[],
    r: {
      outcome: RouteResult['outcome'];
      text: string;
      modelId?: string;
      usage?: Usage | undefined;
      finishReason?: FinishReason | undefined;
      partial?: boolean;
      cached?: boolean;
      continueWith?: string;
      error?: RouteErrorInfo;
    },
  ): RouteResult {
    let costUsd: number | undefined = 0;
    for (const a of attempts) {
      if (a.costUsd === undefined) {
        costUsd = undefined;
        break;
      }
      costUsd += a.costUsd;
    }
    return {
      requestId: ctx.requestId,
      outcome: r.outcome,
      text: r.text,
      ...(r.modelId !== undefined ? { modelId: r.modelId } : {}),
      ...(r.finishReason ? { finishReason: r.finishReason } : {}),
      ...(r.usage ? { usage: r.usage } : {}),
      ...(costUsd !== undefined ? { costUsd } : {}),
      partial: r.partial ?? false,
      cached: r.cached ?? false,
      ...(r.continueWith ? { continueWith: r.continueWith } : {}),
      ...(r.error ? { error: r.error } : {}),
      attempts: [...attempts],
      explanation: decision.explanation + outcomeWords(decision, r.outcome, r.modelId, attempts),
    };
  }

  private normalizeError(thrown: unknown, cancelled: boolean, candidate: Candidate): ModelError {
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
}

/** What every attempt of this request records about who asked and why. */
function requestFacts(ctx: RequestContext): AttemptRequestFacts {
  const o = ctx.options;
  return {
    requestId: ctx.requestId,
    capability: ctx.capability,
    conversationId: o.conversationId,
    assignment: ctx.assignment,
    structured: o.validate !== undefined,
    origin: o.origin,
    taskId: o.taskId,
    phase: o.phase,
    workspace: o.workspace,
  };
}

class AbortedByRouter extends Error {
  constructor() {
    super('aborted by the router');
  }
}

function cacheLimits(settings: RouterSettings): { ttlMs: number; maxEntries: number; maxBytes: number } {
  return { ttlMs: settings.cache.ttlMinutes * 60_000, maxEntries: settings.cache.maxEntries, maxBytes: settings.cache.maxBytes };
}

/** The cache limits a {@link ResponseCache} should be created with for these settings. */
export function cacheLimitsFrom(settings: RouterSettings): { ttlMs: number; maxEntries: number; maxBytes: number } {
  return cacheLimits(settings);
}

/** What happened after the decision, when it was not simply "the chosen model answered". */
function outcomeWords(decision: RouteDecision, outcome: RouteResult['outcome'], modelId: string | undefined, attempts: readonly AttemptRecord[]): string {
  const failed = attempts.filter((a) => a.outcome === 'error').map((a) => `${a.modelId} ${a.errorKind ?? 'failed'}`);
  switch (outcome) {
    case 'success':
      return modelId !== decision.chosen || failed.length > 0 ? `; answered by ${modelId} after ${failed.join(', ')}` : '';
    case 'partial':
      return `; ${modelId} stopped mid-answer (${attempts.at(-1)?.errorKind ?? 'error'}), partial text kept`;
    case 'error':
      return failed.length > 0 ? `; every attempt failed (${failed.join(', ')})` : '';
    default:
      return '';
  }
}
