import { performance } from 'node:perf_hooks';
import { BudgetGuard } from '../budget/budgetGuard';
import { InMemorySpendLedger, type AttemptSink, type SpendSource } from '../budget/spendSource';
import type { CachedAnswer, ResponseCache } from '../cache/responseCache';
import { cacheLimitsFrom, cacheSlot, usableHit } from './routerCache';
import type { BudgetPolicy, RouterSettings } from '../config/settings/router';
import { assignVariant } from '../experiments/variantAssignment';
import type { Disposable } from '../lifecycle/disposable';
import type { Logger } from '../log/logger';
import { Emitter, type Event } from '../lifecycle/emitter';
import type { AttemptRecord } from '../metrics/attemptRecord';
import { catalogCost, catalogPriceLookup, costFunctionFrom, type CostFunction, type PriceLookup } from '../pricing/priceLookup';
import type { ModelRequest } from '../providers/contract';
import { abortableSleep, untilAborted } from './abort';
import { buildAttemptRecord, type AttemptRecordDeps } from './attemptRecordBuilder';
import { overBudgetFirst, ruleOnBudget, type BudgetRuling } from './budgetPolicy';
import { tryCandidates, type CandidateLoopDeps } from './candidateLoop';
import type { Capability, Complexity } from './capabilities';
import { budgetRefusalWords, formatExplanation, noCandidateWords } from './explanation';
import { ModelHealth, type BreakerKind, type HealthSnapshot } from './health';
import { ModelStats, type ModelStatsView } from './modelStats';
import type { QualitySignal } from '../metrics/qualitySignal';
import type { ModelRegistry } from './registry';
import { requestIds } from './requestIds';
import type { Random } from './rng';
import type { AttemptResult } from './routedAttempt';
import type { BudgetAnswer, RouteDecision, RouteErrorInfo, RouteEvent, RouteResult } from './routeEvents';
import { hearing, requestFacts, type RequestContext, type RouteOptions } from './routeOptions';
import { DEFAULT_TOKEN_ESTIMATOR, RoutePlanner, preferFirst, type Candidate, type Plan, type TokenEstimator } from './routePlanner';
import { logHealthChange, routeNote } from './routeLog';
import { routeResult } from './routeResult';
import { runTestCall, type TestCallResult } from './testCall';

export type { RouteOptions } from './routeOptions';

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
  /** Wall-clock epoch ms: when attempts happened, decay, circuits, budgets. */
  readonly now?: () => number;
  /**
   * Monotonic milliseconds for an attempt's latency and time to first token (default
   * performance.now). Injectable so a replay on simulated time measures simulated latencies, not
   * how busy this machine was: the adaptive scores learn from latency.
   */
  readonly clock?: () => number;
  /** Randomness for the adaptive strategy's exploration. */
  readonly random?: Random;
  /** Waits before a retry; injectable so tests and benches need not sleep. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly breaker?: BreakerKind;
  /** Default: one random prefix per router and a counter ({@link requestIds}). */
  readonly newRequestId?: () => string;
  /** Where failed attempts, retries, fallbacks, budget blocks, privacy exclusions and circuit changes are logged. */
  readonly log?: Logger;
}

export interface ExplainOptions {
  readonly workspace?: string;
  readonly conversationId?: string;
  /** A multi-model task's id: its phases share an experiment's variant, as a conversation's requests do. */
  readonly taskId?: string;
  /** With a request, context fit and cost estimates use its size. */
  readonly request?: ModelRequest;
  /** The adaptive scores of this complexity, where they hold enough calls. */
  readonly complexity?: Complexity;
}

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
  private readonly clock: () => number;
  private readonly price: PriceLookup;
  private readonly costOf: CostFunction;
  private readonly estimator: TokenEstimator;
  private readonly random: Random;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly newRequestId: () => string;
  private readonly planner: RoutePlanner;
  private readonly recordDeps: AttemptRecordDeps;
  private readonly loopDeps: CandidateLoopDeps;
  private readonly healthEmitter = new Emitter<HealthSnapshot>();

  /** Fires when a model's circuit changes state. */
  readonly onDidChangeHealth: Event<HealthSnapshot> = this.healthEmitter.event;

  constructor(private readonly options: ModelRouterOptions) {
    this.registry = options.registry;
    this.settings = options.settings;
    this.now = options.now ?? Date.now;
    this.clock = options.clock ?? (() => performance.now());
    this.price = options.price ?? catalogPriceLookup();
    // With an injected price the costs follow it; otherwise the catalog prices both.
    this.costOf = options.costOf ?? (options.price ? costFunctionFrom(options.price) : catalogCost);
    this.estimator = options.estimator ?? DEFAULT_TOKEN_ESTIMATOR;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? abortableSleep;
    this.newRequestId = options.newRequestId ?? requestIds();
    this.health = new ModelHealth(this.settings.routing.circuit, {
      now: this.now,
      ...(options.breaker ? { breaker: options.breaker } : {}),
      onChange: (s) => {
        if (options.log) logHealthChange(options.log, s, this.now());
        this.healthEmitter.fire(s);
      },
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
    this.recordDeps = { costOf: this.costOf, price: this.price, estimator: this.estimator };
    this.loopDeps = {
      settings: () => this.settings,
      health: this.health,
      budget: this.budget,
      sleep: this.sleep,
      attempt: { now: this.now, clock: this.clock, records: this.recordDeps, stats: this.stats, commit: (record) => this.commit(record) },
    };
  }

  /** New models, tiers or settings take effect for the next request; health and measurements are kept. */
  update(change: { readonly registry?: ModelRegistry; readonly settings?: RouterSettings }): void {
    if (change.registry) this.registry = change.registry;
    if (change.settings) {
      this.settings = change.settings;
      this.health.updateSettings(change.settings.routing.circuit);
      this.stats.setHalfLife(change.settings.routing.decayHalfLifeMinutes * 60_000);
      this.options.cache?.setLimits(cacheLimitsFrom(change.settings));
    }
  }

  /** Feeds stored attempts (e.g. the last days from the metrics store) into the adaptive scores. */
  observe(record: AttemptRecord): void {
    this.stats.observe(record);
  }

  /** Feeds a quality signal (an Apply kept, a rating, …) into the adaptive scores; see ModelStats.observeSignal. */
  observeSignal(signal: QualitySignal): void {
    this.stats.observeSignal(signal);
  }

  /** What the adaptive strategy has measured of a model for a capability now (read-only; weight 0 while unmeasured): the cascade orders by its success rate. */
  measured(capability: Capability, modelId: string, complexity?: Complexity): ModelStatsView {
    return this.stats.view(capability, modelId, complexity);
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
    const result = await runTestCall(entry, { now: this.now, clock: this.clock, costOf: this.costOf, price: this.price, estimator: this.estimator, requestId: this.newRequestId() }, options);
    this.commit(result.record);
    return result;
  }

  /** Which model would answer now, and why, without calling anything or spending randomness. */
  explain(capability: Capability, options: ExplainOptions = {}): RouteDecision {
    const request = options.request ?? { messages: [] };
    const requestId = 'explain';
    const assignment = assignVariant(this.settings.experiments, capability, stickyKey(options, requestId));
    const plan = this.planner.plan(capability, request, { workspace: options.workspace, ...(options.complexity ? { complexity: options.complexity } : {}) }, requestId, assignment, false);
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
    return this.events(capability, request, options, true, undefined);
  }

  /**
   * route() consumed to the end, for callers that want the result, and the events as calls to
   * `options.onEvent` if they want those too (the same events, in the same order, as route()'s).
   */
  async complete(capability: Capability, request: ModelRequest, options: RouteOptions = {}): Promise<RouteResult> {
    let result: RouteResult | undefined;
    const hear = hearing(options.onEvent);
    for await (const event of this.events(capability, request, options, false, hear)) {
      if (event.type === 'done') result = event.result;
      hear?.(event);
    }
    if (!result) throw new Error('The router ended without a result.');
    return result;
  }

  dispose(): void {
    this.healthEmitter.dispose();
  }

  private async *events(capability: Capability, request: ModelRequest, options: RouteOptions, readsEvents: boolean, hear: RequestContext['hear']): AsyncGenerator<RouteEvent, void, undefined> {
    const { ctx, plan } = this.planRequest(capability, request, options, readsEvents, hear);
    const attempts: AttemptRecord[] = [];
    if (options.signal?.aborted) {
      yield* this.cancelledBeforeDecision(ctx, plan, 'The request was cancelled before it started.');
      return;
    }

    const cache = cacheSlot(this.settings.cache.enabled && options.cache !== 'bypass' ? this.options.cache : undefined, ctx, plan);
    const hit = cache && options.cache !== 'refresh' ? usableHit(cache.store.get(cache.key), options) : undefined;
    if (hit) {
      yield* this.serveCached(ctx, plan, hit, attempts);
      return;
    }

    // Only a question to ask needs a generator (it yields `budget-ask` and waits); the rest is one call.
    const policy = this.settings.budget.policy;
    const asking = policy === 'ask' ? overBudgetFirst(plan) : undefined;
    const ruling = asking ? yield* this.budgetRuling(ctx, plan, asking) : this.ruling(ctx, plan, policy, undefined);
    if (!ruling) {
      yield* this.cancelledBeforeDecision(ctx, plan, 'The request was cancelled while the budget question was open.');
      return;
    }

    let { order, blocked } = ruling;
    // Every ruling's order comes from the plan's ranked or step-down list, which callersOrder already
    // kept to `onlyModel`; the step-down list is by price, so the preferred and picked models go first again.
    if (options.preferModel) order = preferFirst(order, options.preferModel);
    // The person's pick outranks a suggestion (the plan already put it first; the budget may have dropped it).
    if (options.pickedModel) order = preferFirst(order, options.pickedModel);
    if (plan.limits && order.length === 0 && plan.ranked.length > 0) blocked = true;
    const decision = this.planner.decision(plan, order, { steppedDown: ruling.steppedDown, blocked, preferred: options.preferModel, picked: options.pickedModel });
    const decided = ctx.note({ type: 'decision', decision });
    if (ctx.readsEvents) yield decided;
    else ctx.hear?.(decided);
    if (order.length === 0) {
      // Blocked after the question ('block', or no step-down fits): the refusal names the model it was about, not the cheapest (which may fit).
      const error: RouteErrorInfo = blocked
        ? { kind: 'budget', message: `The budget does not allow this request: ${budgetRefusalWords(decision.budget, asking ? { modelId: asking.entry.config.id, worstCaseUsd: asking.estimatedCostUsd } : cheapestWorstCase(plan))}. Raise switchboard.budget or wait for the next period.` }
        : { kind: 'no-candidate', message: noCandidateWords(capability, plan.noneReason, plan.skipped, plan.assignment ? { id: plan.assignment.experiment, variant: plan.assignment.variant } : undefined) };
      yield ctx.note({ type: 'done', result: routeResult(ctx.requestId, decision, attempts, { outcome: blocked ? 'blocked' : 'error', text: '', error }) });
      return;
    }

    const onAnswer = cache
      ? (candidate: Candidate, result: AttemptResult): void =>
          cache.store.set(cache.key, { text: result.text, modelId: candidate.entry.config.id, provider: candidate.entry.model.provider, providerModel: candidate.entry.model.modelId, ...(result.usage ? { usage: result.usage } : {}) })
      : undefined;
    yield* tryCandidates(ctx, { plan, decision, order, steppedDown: ruling.steppedDown, allowed: ruling.allowed, onAnswer }, attempts, this.loopDeps);
  }

  /** The plan for one request, and the context its attempts carry. */
  private planRequest(capability: Capability, request: ModelRequest, options: RouteOptions, readsEvents: boolean, hear: RequestContext['hear']): { ctx: RequestContext; plan: Plan } {
    const requestId = this.newRequestId();
    const assignment = assignVariant(this.settings.experiments, capability, stickyKey(options, requestId));
    const plan = callersOrder(this.planner.plan(capability, request, options, requestId, assignment, true), options);
    const note = routeNote(this.options.log, requestId, capability);
    return { ctx: { requestId, capability, request, options, prompt: plan.prompt, readsEvents, hear, note, assignment }, plan };
  }

  private *cancelledBeforeDecision(ctx: RequestContext, plan: Plan, message: string): Generator<RouteEvent, void, undefined> {
    const decision = this.planner.decision(plan, [], {});
    yield ctx.note({ type: 'decision', decision });
    yield ctx.note({ type: 'done', result: routeResult(ctx.requestId, decision, [], { outcome: 'cancelled', text: '', error: { kind: 'cancelled', message } }) });
  }

  /**
   * The budget's say on the order when policy 'ask' is over budget with `first`: it asks first (a
   * `budget-ask` event, then the caller's answer); undefined when the request was cancelled meanwhile.
   */
  private async *budgetRuling(ctx: RequestContext, plan: Plan, first: Candidate): AsyncGenerator<RouteEvent, BudgetRuling | undefined, undefined> {
    const { signal, askBudget } = ctx.options;
    const question = this.planner.budgetQuestion(plan, first);
    yield ctx.note({ type: 'budget-ask', question });
    // A cancel while the question is open ends the wait.
    const answer = askBudget ? await untilAborted(askBudget(question).catch((): BudgetAnswer => 'block'), signal, 'block') : 'block';
    if (signal?.aborted) return undefined;
    return this.ruling(ctx, plan, 'ask', answer);
  }

  /** ruleOnBudget with this plan's current budget filter. */
  private ruling(ctx: RequestContext, plan: Plan, policy: BudgetPolicy, answer: BudgetAnswer | undefined): BudgetRuling {
    // Without a question, plan.budget was read in this same synchronous step, so it is still current.
    const workspace = ctx.options.workspace;
    return ruleOnBudget(plan, policy, answer, (candidates) => this.planner.budgetFiltered(plan, candidates, workspace));
  }

  private commit(record: AttemptRecord): void {
    this.ledger?.record(record);
    this.options.recorder?.record(record);
  }

  private *serveCached(ctx: RequestContext, plan: Plan, hit: CachedAnswer, attempts: AttemptRecord[]): Generator<RouteEvent, void, undefined> {
    const { text, modelId, provider, providerModel, usage } = hit;
    const planned = this.planner.decision(plan, plan.ranked, {});
    const decision: RouteDecision = Object.assign({}, planned, {
      cached: true,
      chosen: modelId,
      explanation: formatExplanation({ capability: ctx.capability, cachedFrom: modelId, skipped: [], experiment: planned.experiment }),
    });
    yield ctx.note({ type: 'decision', decision });
    yield { type: 'text-delta', modelId, text };
    const record = buildAttemptRecord(requestFacts(ctx), { cached: true, time: this.now(), modelId, provider, providerModel, usage }, this.recordDeps);
    this.commit(record);
    attempts.push(record);
    yield ctx.note({ type: 'attempt-end', record });
    yield ctx.note({ type: 'done', result: routeResult(ctx.requestId, decision, attempts, { outcome: 'success', text, modelId, usage, cached: true }) });
  }
}

/**
 * What keeps an A/B experiment's variant for a request: its conversation, else its task (every
 * phase of a task in one variant, not each request drawn on its own), else the request alone.
 */
function stickyKey(options: { readonly conversationId?: string | undefined; readonly taskId?: string | undefined }, requestId: string): string {
  return options.conversationId ?? options.taskId ?? requestId;
}

/**
 * The plan in the order this request will try it: the model it continues on or the person picked
 * first, only the model it is pinned to. The budget policy rules on that order (under 'ask' the
 * question is about the model that would be called, not the tier's first one, which a cascade step
 * or a structured-output repair pinned elsewhere never calls).
 */
function callersOrder(plan: Plan, options: RouteOptions): Plan {
  const { preferModel, pickedModel, onlyModel } = options;
  if (preferModel === undefined && pickedModel === undefined && onlyModel === undefined) return plan;
  let ranked = plan.ranked;
  if (preferModel) ranked = preferFirst(ranked, preferModel);
  if (pickedModel) ranked = preferFirst(ranked, pickedModel);
  let stepDown = plan.stepDown;
  if (onlyModel !== undefined) {
    ranked = ranked.filter((c) => c.entry.config.id === onlyModel);
    stepDown = stepDown.filter((c) => c.entry.config.id === onlyModel);
  }
  // The same skipped list: the budget filter records its skips in it.
  return Object.assign({}, plan, { ranked, stepDown });
}

/** The model of the plan whose worst-case cost is lowest: what the refusal compares with the limit. */
function cheapestWorstCase(plan: Plan): { modelId: string; worstCaseUsd: number | undefined } | undefined {
  let best: { modelId: string; worstCaseUsd: number | undefined } | undefined;
  for (const c of plan.ranked) {
    const cost = c.estimatedCostUsd;
    if (!best || (cost !== undefined && (best.worstCaseUsd === undefined || cost < best.worstCaseUsd))) best = { modelId: c.entry.config.id, worstCaseUsd: cost };
  }
  return best;
}
