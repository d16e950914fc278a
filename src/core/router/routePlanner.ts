import { fitsStatus, type BudgetGuard, type BudgetLimits, type BudgetStatus } from '../budget/budgetGuard';
import { isLocal } from '../models/modelLocality';
import type { VariantAssignment } from '../experiments/variantAssignment';
import type { ModelRequest } from '../providers/contract';
import { reasoningAllowance } from '../providers/reasoning';
import type { Capability, Complexity } from './capabilities';
import { acceptanceWords, budgetSummary, budgetWords, formatExplanation, healthWords } from './explanation';
import type { ModelHealth } from './health';
import { mayCallTools, requestCarriesTools } from './modelFeatures';
import type { ModelStats, ModelStatsView } from './modelStats';
import { worstCaseCost, type PriceLookup } from '../pricing/priceLookup';
import type { ModelRegistry, RegisteredModel } from './registry';
import type { Random } from './rng';
import type { BudgetQuestion, RouteDecision, SkippedModel } from './routeEvents';
import type { RouterSettings } from '../config/settings/router';
import { formatUsd, rankCandidates } from './strategies';
import { PromptSize, type TokenEstimator } from './promptSize';
import type { Writable } from '../../shared/writable';

export { DEFAULT_TOKEN_ESTIMATOR, type TokenEstimator } from './promptSize';

/** Output allowance assumed when neither the request nor the model sets one. */
export const DEFAULT_OUTPUT_ALLOWANCE = 1024;

/** A model that may be called for this request, with what it would cost at worst. */
export interface Candidate {
  readonly entry: RegisteredModel;
  readonly outputAllowance: number;
  /** Worked out (and the prompt counted) the first time it is read; see {@link PromptSize}. */
  readonly estimatedCostUsd: number | undefined;
  readonly note?: string;
}

/**
 * A candidate whose worst-case cost is worked out when first read, once. A class, not an object
 * literal with a getter: V8 builds such a literal through the runtime on every call (a new accessor
 * pair each time), which made candidates the router's costliest allocation (bench/structured).
 */
class PlannedCandidate implements Candidate {
  private known = false;
  private usd: number | undefined;
  readonly note?: string;

  constructor(
    readonly entry: RegisteredModel,
    readonly outputAllowance: number,
    private readonly cost: () => number | undefined,
    note?: string,
  ) {
    if (note) this.note = note;
  }

  get estimatedCostUsd(): number | undefined {
    if (!this.known) {
      this.usd = this.cost();
      this.known = true;
    }
    return this.usd;
  }
}

function plannedCandidate(entry: RegisteredModel, out: number, cost: () => number | undefined, note?: string): Candidate {
  return new PlannedCandidate(entry, out, cost, note);
}

/** The same candidate with the ranking's note; its cost is still worked out only when read. */
function withNote(candidate: Candidate, note: string): Candidate {
  return note ? plannedCandidate(candidate.entry, candidate.outputAllowance, () => candidate.estimatedCostUsd, note) : candidate;
}

/** Everything decided before the first call: who may answer, in which order, and who was skipped why. */
export interface Plan {
  readonly requestId: string;
  readonly capability: Capability;
  readonly tierIds: readonly string[];
  readonly assignment?: VariantAssignment;
  readonly prompt: PromptSize;
  readonly ranked: readonly Candidate[];
  readonly explored?: string;
  readonly skipped: SkippedModel[];
  readonly limits?: BudgetLimits;
  readonly budget?: BudgetStatus;
  /** Every allowed model (any tier) that fits the budget, cheapest first. */
  readonly stepDown: readonly Candidate[];
  readonly noneReason?: string;
}

export function outputAllowance(request: ModelRequest, entry: RegisteredModel): number {
  return (request.maxOutputTokens ?? entry.config.maxOutputTokens ?? DEFAULT_OUTPUT_ALLOWANCE) + reasoningAllowance(entry.config);
}

/** Moves `modelId` to the front when it is a candidate (a previous partial answer's `continueWith`). */
export function preferFirst(order: readonly Candidate[], modelId: string): readonly Candidate[] {
  const index = order.findIndex((c) => c.entry.config.id === modelId);
  if (index <= 0) return order;
  return [order[index] as Candidate, ...order.slice(0, index), ...order.slice(index + 1)];
}

export interface RoutePlannerDeps {
  readonly registry: () => ModelRegistry;
  readonly settings: () => RouterSettings;
  readonly health: ModelHealth;
  readonly stats: ModelStats;
  readonly budget: BudgetGuard;
  readonly price: PriceLookup;
  readonly estimator: TokenEstimator;
  readonly random: Random;
}

/**
 * The decision half of the router: filters a capability's tier (privacy, context fit, health,
 * budget), ranks what is left by the strategy, and words the result. Calls nothing.
 */
export class RoutePlanner {
  private readonly health: ModelHealth;
  private readonly stats: ModelStats;
  private readonly budget: BudgetGuard;
  private readonly price: PriceLookup;
  private readonly estimator: TokenEstimator;
  private readonly random: Random;

  constructor(private readonly deps: RoutePlannerDeps) {
    this.health = deps.health;
    this.stats = deps.stats;
    this.budget = deps.budget;
    this.price = deps.price;
    this.estimator = deps.estimator;
    this.random = deps.random;
  }

  private get registry(): ModelRegistry {
    return this.deps.registry();
  }

  private get settings(): RouterSettings {
    return this.deps.settings();
  }

  plan(
    capability: Capability,
    request: ModelRequest,
    options: { readonly workspace?: string; readonly exclude?: readonly string[]; readonly pickedModel?: string; readonly complexity?: Complexity },
    requestId: string,
    assignment: VariantAssignment | undefined,
    explore: boolean,
  ): Plan {
    const settings = this.settings;
    const tier = this.registry.tier(capability);
    const tierIds = assignment ? assignment.models : tier.ids;
    const prompt = new PromptSize(request.messages, this.estimator);
    const skipped: SkippedModel[] = [];
    const carriesTools = requestCarriesTools(request);
    // One function for the plan, not one per model checked: it runs for every request.
    const refused = (recordSkip: boolean, modelId: string, reason: SkippedModel['reason'], detail: string): boolean => {
      if (recordSkip) skipped.push({ modelId, reason, detail });
      return false;
    };
    const allowed = (entry: RegisteredModel, recordSkip: boolean): boolean => {
      const id = entry.config.id;
      if (options.exclude?.includes(id)) return refused(recordSkip, id, 'excluded', 'excluded by the caller');
      if (settings.privacy.localOnly && !isLocal(entry.config)) return refused(recordSkip, id, 'privacy', 'not local (privacy.localOnly is on)');
      if (carriesTools && !mayCallTools(entry)) return refused(recordSkip, id, 'tools', 'the request carries tools and this model does not support tool calls (its server refused them)');
      const window = entry.config.contextWindow;
      const out = outputAllowance(request, entry);
      if (window !== undefined && !prompt.fitsWithin(window - out)) {
        return refused(recordSkip, id, 'context', `needs ~${prompt.tokens} + ${out} tokens, window ${window}`);
      }
      const h = this.health.snapshot(id);
      if (h.state === 'half-open') return refused(recordSkip, id, 'probe-in-flight', 'circuit half-open, a probe is in flight');
      if (h.state === 'open' && !h.probeDue) return refused(recordSkip, id, 'circuit-open', healthWords(h));
      return true;
    };
    const toCandidate = (entry: RegisteredModel, note?: string): Candidate => {
      const out = outputAllowance(request, entry);
      return plannedCandidate(entry, out, () => worstCaseCost(this.price(entry.config), prompt.tokens, out), note);
    };

    const eligible: Candidate[] = [];
    for (const id of tierIds) {
      const entry = this.registry.get(id);
      if (!entry) {
        skipped.push({ modelId: id, reason: 'unknown-model', detail: 'not in switchboard.models' });
        continue;
      }
      if (allowed(entry, true)) eligible.push(toCandidate(entry));
    }
    const rank = this.ranked(capability, eligible, options.complexity, explore);
    let ranked = rank.ranked;
    if (options.pickedModel !== undefined) ranked = this.withPicked(options.pickedModel, ranked, tierIds, skipped, allowed, toCandidate);

    const limits: BudgetLimits | undefined =
      settings.budget.daily !== undefined || settings.budget.monthly !== undefined
        ? Object.assign({}, settings.budget.daily !== undefined ? { daily: settings.budget.daily } : {}, settings.budget.monthly !== undefined ? { monthly: settings.budget.monthly } : {})
        : undefined;
    const budget = limits ? this.budget.status(options.workspace, limits) : undefined;
    let stepDown: Candidate[] = [];
    if (limits && budget) {
      // Step down within the tier: the person chose which models do this kind of work, and a
      // budget is no reason to hand it to one they did not choose (issue 14 item 10).
      stepDown = tierIds
        .map((id) => this.registry.get(id))
        .filter((e): e is RegisteredModel => e !== undefined && allowed(e, false))
        .map((e) => toCandidate(e, 'cheapest allowed'))
        .filter((c) => c.estimatedCostUsd !== undefined && c.estimatedCostUsd <= budget.headroomUsd)
        .sort((a, b) => (a.estimatedCostUsd as number) - (b.estimatedCostUsd as number));
    }
    const noneReason =
      tierIds.length === 0
        ? tier.source === 'tier' && !assignment
          ? `the ${capability} tier lists no usable model (switchboard.tiers.${capability} is empty or every id in it was skipped; see the settings problems)`
          : `no model is configured for ${capability}`
        : eligible.length === 0
          ? 'every candidate was skipped'
          : undefined;
    // Optional fields by assignment: a spread per field was an object made and copied on every request.
    const plan: Writable<Plan> = { requestId, capability, tierIds, prompt, ranked, skipped, stepDown };
    if (assignment) plan.assignment = assignment;
    if (rank.explored) plan.explored = rank.explored;
    if (limits) plan.limits = limits;
    if (budget) plan.budget = budget;
    if (noneReason) plan.noneReason = noneReason;
    return plan;
  }

  /**
   * The eligible candidates in the strategy's order, each with its note. An `ordered` tier is its own
   * order: it reads no statistics, and no cost (so the prompt is not counted for it).
   */
  private ranked(capability: Capability, eligible: readonly Candidate[], complexity: Complexity | undefined, explore: boolean): { readonly ranked: readonly Candidate[]; readonly explored?: string } {
    const routing = this.settings.routing;
    if (routing.strategy === 'ordered') return { ranked: eligible };
    const views = comparableViews(this.stats, capability, eligible, complexity);
    const rank = rankCandidates(
      eligible.map((c) => ({
        modelId: c.entry.config.id,
        // Read only by the strategies that weigh cost (and by adaptive only for an unmeasured model).
        get estimatedCostUsd(): number | undefined {
          return c.estimatedCostUsd;
        },
        stats: views.get(c.entry.config.id) as ModelStatsView,
      })),
      { strategy: routing.strategy, capability, explorationRate: routing.explorationRate, objective: routing.objective, ...(explore ? { random: this.random } : {}) },
    );
    const byId = new Map(eligible.map((c) => [c.entry.config.id, c]));
    const ranked = rank.ranked.map((r) => {
      // The adaptive strategy learns from quality signals: its explanation says what they were.
      const accepted = routing.strategy === 'adaptive' ? acceptanceWords(this.stats.view(capability, r.modelId, complexity).signals) : undefined;
      const note = [r.note, accepted].filter((n) => n).join(', ');
      return withNote(byId.get(r.modelId) as Candidate, note);
    });
    return { ranked, ...(rank.explored ? { explored: rank.explored } : {}) };
  }

  /**
   * Puts the model the person picked first, from outside the tier too: what they picked is what is
   * asked (issue 14 item 6). The same checks as the tier's apply; a refusal is recorded as a skip
   * that says the person picked it, so the explanation tells them why the tier answered instead.
   */
  private withPicked(
    picked: string,
    ranked: readonly Candidate[],
    tierIds: readonly string[],
    skipped: SkippedModel[],
    allowed: (entry: RegisteredModel, recordSkip: boolean) => boolean,
    toCandidate: (entry: RegisteredModel, note?: string) => Candidate,
  ): readonly Candidate[] {
    if (tierIds.includes(picked)) {
      // Its checks already ran with the tier's; an ineligible pick has its skip recorded there.
      const index = skipped.findIndex((s) => s.modelId === picked);
      const refusal = skipped[index];
      if (refusal) skipped[index] = Object.assign({}, refusal, { detail: `you picked it, but ${refusal.detail}` });
      return preferFirst(ranked, picked);
    }
    const entry = this.registry.get(picked);
    if (!entry) {
      skipped.push({ modelId: picked, reason: 'unknown-model', detail: 'you picked it, but it is not in switchboard.models' });
      return ranked;
    }
    const before = skipped.length;
    if (!allowed(entry, true)) {
      const refusal = skipped[before];
      if (refusal) skipped[before] = Object.assign({}, refusal, { detail: `you picked it, but ${refusal.detail}` });
      return ranked;
    }
    return [toCandidate(entry, 'picked'), ...ranked];
  }

  /** Drops (and records as skipped) the candidates whose worst case does not fit the budget now. */
  budgetFiltered(plan: Plan, order: readonly Candidate[], workspace: string | undefined): readonly Candidate[] {
    if (!plan.limits) return order;
    const status = this.budget.status(workspace, plan.limits);
    return order.filter((c) => {
      if (fitsStatus(status, c.estimatedCostUsd)) return true;
      const detail = `would pass the budget (worst case ${formatUsd(c.estimatedCostUsd ?? 0)})`;
      plan.skipped.push({ modelId: c.entry.config.id, reason: 'budget', detail: c.note === 'picked' ? `you picked it, but it ${detail}` : detail });
      return false;
    });
  }

  budgetQuestion(plan: Plan, first: Candidate): BudgetQuestion {
    const summary = budgetSummary(plan.budget);
    const stepDownTo = plan.stepDown[0]?.entry.config.id;
    return {
      requestId: plan.requestId,
      capability: plan.capability,
      modelId: first.entry.config.id,
      estimatedCostUsd: first.estimatedCostUsd,
      budget: plan.budget as BudgetStatus,
      ...(stepDownTo ? { stepDownTo } : {}),
      message:
        `${first.entry.config.id} may cost up to ${formatUsd(first.estimatedCostUsd ?? 0)}, which would pass the ${summary?.period ?? ''} budget ` +
        `(${budgetWords(summary)}). Allow this request${stepDownTo ? `, use ${stepDownTo} instead` : ''}, or stop?`,
    };
  }

  decision(
    plan: Plan,
    order: readonly Candidate[],
    flags: { readonly steppedDown?: boolean; readonly blocked?: boolean; readonly askFirst?: boolean; readonly preferred?: string | undefined; readonly picked?: string | undefined },
  ): RouteDecision {
    const chosen = order[0];
    const chosenId = chosen?.entry.config.id;
    const budget = budgetSummary(plan.budget);
    let role: string | undefined;
    if (chosen && chosenId !== undefined) {
      const tierIndex = plan.tierIds.indexOf(chosenId);
      if (flags.steppedDown) role = 'stepped down to the cheapest allowed model for the budget';
      else if (flags.askFirst) role = 'would ask before spending: over budget';
      else if (flags.picked === chosenId) role = tierIndex < 0 ? 'you picked it; it is not in the tier' : 'you picked it';
      else if (flags.preferred === chosenId) role = 'continuing, as asked';
      else if (plan.explored === chosenId) role = 'exploring, to measure it again';
      else if (this.settings.routing.strategy !== 'ordered') role = `${this.settings.routing.strategy}${chosen.note ? `, ${chosen.note}` : ''}`;
      else role = tierIndex === 0 ? 'primary' : `fallback #${tierIndex}`;
      if (this.settings.routing.strategy !== 'ordered' && tierIndex === 0 && !flags.steppedDown && plan.explored !== chosenId && flags.picked !== chosenId) role = `primary; ${role}`;
      const h = this.health.snapshot(chosenId);
      if (h.probeDue) role += '; probing its circuit';
    }
    const experiment = plan.assignment ? { id: plan.assignment.experiment, variant: plan.assignment.variant } : undefined;
    const explanation = formatExplanation({ capability: plan.capability, chosen: chosenId, role, skipped: plan.skipped, budget, experiment, blocked: flags.blocked, noneReason: plan.noneReason });
    // Optional fields by assignment: a spread per field was an object made and copied on every request.
    const decision: Writable<RouteDecision> = {
      requestId: plan.requestId,
      capability: plan.capability,
      strategy: this.settings.routing.strategy,
      order: order.map((c) => c.entry.config.id),
      skipped: [...plan.skipped],
      steppedDown: flags.steppedDown ?? false,
      cached: false,
      blocked: flags.blocked ?? false,
      explanation,
    };
    if (chosenId !== undefined) decision.chosen = chosenId;
    if (role) decision.role = role;
    if (experiment) decision.experiment = experiment;
    if (budget) decision.budget = budget;
    return decision;
  }
}

/**
 * Every candidate's figures, all of one scope: the complexity's when each candidate has enough calls
 * of it, else the whole capability's for all of them. Mixed, a rival measured over easy and hard
 * requests alike would look better on a hard one than the model measured on hard ones only.
 */
function comparableViews(stats: ModelStats, capability: Capability, candidates: readonly Candidate[], complexity: Complexity | undefined): Map<string, ModelStatsView> {
  const ids = candidates.map((c) => c.entry.config.id);
  const scoped = ids.map((id) => [id, stats.view(capability, id, complexity)] as const);
  if (complexity === undefined || scoped.every(([, v]) => v.complexity !== undefined)) return new Map(scoped);
  return new Map(scoped.map(([id, v]) => [id, v.complexity !== undefined ? Object.assign({}, stats.view(capability, id), { fellBackFrom: { complexity, calls: v.weight } }) : v]));
}
