import { fitsStatus } from '../budget/budgetGuard';
import type { BudgetPolicy } from '../config/settings/router';
import type { BudgetAnswer } from './routeEvents';
import type { Candidate, Plan } from './routePlanner';

/** The order the budget leaves, and how it got there (for the decision's wording). */
export interface BudgetRuling {
  readonly order: readonly Candidate[];
  readonly steppedDown: boolean;
  readonly blocked: boolean;
  /** The person allowed this request past the budget: no later budget check applies to it. */
  readonly allowed: boolean;
  /** Policy 'ask' and nobody was asked yet (an explanation): the question would come first. */
  readonly askFirst: boolean;
}

/** The plan's first choice when its worst case would pass the budget, so the policy must decide. */
export function overBudgetFirst(plan: Plan): Candidate | undefined {
  const first = plan.ranked[0];
  return plan.budget && first && !fitsStatus(plan.budget, first.estimatedCostUsd) ? first : undefined;
}

/**
 * Applies the budget policy to a plan: within budget, or under policy 'block', the candidates that
 * fit; over it, the cheaper step-down order, nothing (blocked), or the plan as it is (allowed, or
 * not yet asked). `answer` is the person's, under policy 'ask'; the other policies answer for
 * themselves. `fitting` drops the candidates that do not fit the budget now.
 */
export function ruleOnBudget(
  plan: Plan,
  policy: BudgetPolicy,
  answer: BudgetAnswer | undefined,
  fitting: (order: readonly Candidate[]) => readonly Candidate[],
): BudgetRuling {
  const ruling = { order: plan.ranked, steppedDown: false, blocked: false, allowed: false, askFirst: false };
  if (overBudgetFirst(plan)) {
    const decided = policy === 'step-down' ? 'step-down' : policy === 'block' ? 'block' : answer;
    if (decided === undefined) return Object.assign({}, ruling, { askFirst: true });
    if (decided === 'allow') return Object.assign({}, ruling, { allowed: true });
    if (decided === 'step-down') return Object.assign({}, ruling, { order: plan.stepDown, steppedDown: true });
    if (policy !== 'block') return Object.assign({}, ruling, { order: [], blocked: true });
  }
  return Object.assign({}, ruling, { order: fitting(plan.ranked) });
}
