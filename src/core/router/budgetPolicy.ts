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
  if (overBudgetFirst(plan)) {
    const decided = policy === 'step-down' ? 'step-down' : policy === 'block' ? 'block' : answer;
    if (decided === undefined) return ruled(plan.ranked, 'askFirst');
    if (decided === 'allow') return ruled(plan.ranked, 'allowed');
    if (decided === 'step-down') return ruled(plan.stepDown, 'steppedDown');
    if (policy !== 'block') return ruled([], 'blocked');
  }
  return ruled(fitting(plan.ranked));
}

/** A ruling with at most one of its flags set: one literal, one shape, on every request. */
function ruled(order: readonly Candidate[], flag?: 'steppedDown' | 'blocked' | 'allowed' | 'askFirst'): BudgetRuling {
  return { order, steppedDown: flag === 'steppedDown', blocked: flag === 'blocked', allowed: flag === 'allowed', askFirst: flag === 'askFirst' };
}
