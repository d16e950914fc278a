import { tierPrior } from '../router/adaptiveScore';

/** What the cascade knows of each model of the tier when it decides where to start. */
export interface CascadeFacts {
  /** Worst-case USD of the request on the model; undefined when unpriced (counted as 0, as before). */
  worstCaseCostUsd(modelId: string): number | undefined;
  /** The router's measured success rate (0..1); undefined while unmeasured (its tier place then gives a prior). */
  successRate(modelId: string): number | undefined;
}

export interface CascadeLimits {
  /** Most models tried per task: a weak step's wrong drafts that pass the verifier are never escalated. */
  readonly maxSteps?: number;
  /** Chance the verifier (validation and judge) gets a verdict right; a perfect one is never assumed. */
  readonly verifierAccuracy?: number;
}

export const CASCADE_MAX_STEPS = 2;
/** The judge and the type-check together, as the routing replay measures the cascade (issue 15). */
export const ASSUMED_VERIFIER_ACCURACY = 0.8;
/**
 * Success an early step may lose to its wrong drafts passing the verifier: a step `d` below the best
 * loses about d × (1 − accuracy) of the tasks for good, so with 0.8 a step may be 0.1 below the best.
 */
export const EARLY_STEP_LOSS = 0.02;
/** The last step is the cheapest model this close to the best measured (noise between near-equals). */
export const LAST_STEP_MARGIN = 0.02;
const EPSILON = 1e-9;

/**
 * The cascade's order: at most `maxSteps` models, ending with the cheapest model within
 * LAST_STEP_MARGIN of the best measured success, and starting with the cheapest models within
 * EARLY_STEP_LOSS / (1 − verifierAccuracy) of it that cost less than that last step (when none
 * does, the cheapest not measured yet). A model measured far below the best is skipped: the drafts
 * it gets wrong and the verifier lets through would cost more success than its low price saves.
 * `preferred` (the composer's model) goes first. Pure, so the task engine and the routing replay
 * bench order by the same rule.
 */
export function cascadeOrder(tier: readonly string[], facts: CascadeFacts, preferred?: string, limits: CascadeLimits = {}): string[] {
  const maxSteps = Math.max(1, limits.maxSteps ?? CASCADE_MAX_STEPS);
  const accuracy = Math.min(1, Math.max(0, limits.verifierAccuracy ?? ASSUMED_VERIFIER_ACCURACY));
  const earlyMargin = accuracy >= 1 ? Infinity : EARLY_STEP_LOSS / (1 - accuracy);
  const models = tier.map((id, index) => {
    const measured = facts.successRate(id);
    return { id, index, price: facts.worstCaseCostUsd(id) ?? 0, rate: measured ?? tierPrior(index, tier.length), measured: measured !== undefined };
  });
  if (models.length === 0) return [];
  const best = Math.max(...models.map((m) => m.rate));
  const byPrice = [...models].sort((a, b) => a.price - b.price || a.index - b.index);
  const last = byPrice.find((m) => m.rate >= best - LAST_STEP_MARGIN - EPSILON) as (typeof models)[number];
  const cheaper = byPrice.filter((m) => m !== last && m.price < last.price);
  let early = cheaper.filter((m) => m.rate >= best - earlyMargin - EPSILON).slice(0, maxSteps - 1);
  // With no cheaper step near the best, an unmeasured cheaper model is the one to try: it is not
  // known to be far below, and skipped for its tier prior it would never be asked, so never measured.
  // A cascade over a tier whose dear model had answered a task or two then stopped trying the cheap
  // one for good (tried in VS Code: after one critique task, a cascade over strong and cheap drafted
  // with strong alone). Only then: beside a measured step near the best, exploring the unmeasured
  // too cost the routing replay 1.2 points of success and 7% more per task (5 seeds).
  if (early.length === 0) early = cheaper.filter((m) => !m.measured).slice(0, maxSteps - 1);
  let order = [...early, last].map((m) => m.id);
  if (early.length === 0 && maxSteps >= 2) {
    // The best measured is also the cheapest: a rejected draft still escalates once, to the most
    // successful dearer model. (A model only asked after rejections is measured on the hard tasks,
    // so its rate reads low; within twice the early margin it is still the better bet.) An unmeasured
    // model is not known to be below anything: its tier prior (0.55 at most) would otherwise sit
    // "far below" a cheap model after one success and its passed checks (0.875), ending the cascade.
    const above = byPrice.filter((m) => m.price > last.price && (!m.measured || m.rate >= best - 2 * earlyMargin - EPSILON)).sort((a, b) => b.rate - a.rate || a.index - b.index)[0];
    if (above) order = [last.id, above.id];
  }
  if (!preferred || !tier.includes(preferred)) return order;
  const withPreferred = [preferred, ...order.filter((id) => id !== preferred)];
  // Over the cap, the preferred model takes an early step's place; the last step stays the strongest.
  return withPreferred.length <= maxSteps ? withPreferred : [...withPreferred.slice(0, maxSteps - 1), withPreferred.at(-1) as string].slice(0, maxSteps);
}
