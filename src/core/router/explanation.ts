import type { BudgetStatus } from '../budget/budgetGuard';
import type { ModelError, ModelErrorKind } from '../providers/contract';
import type { AdaptiveScore } from './adaptiveScore';
import type { Capability } from './capabilities';
import type { HealthSnapshot } from './health';
import type { BudgetSummary, SkippedModel } from './routeEvents';
import { formatUsd } from './usd';

export interface ExplanationParts {
  readonly capability: Capability;
  readonly chosen?: string | undefined;
  readonly role?: string | undefined;
  readonly skipped: readonly SkippedModel[];
  readonly budget?: BudgetSummary | undefined;
  readonly experiment?: { readonly id: string; readonly variant: string } | undefined;
  readonly cachedFrom?: string | undefined;
  readonly blocked?: boolean | undefined;
  readonly noneReason?: string | undefined;
}

/** e.g. "review → claude-sonnet (primary); gpt-4o skipped: circuit open since 10:42; budget 62% of daily". */
export function formatExplanation(p: ExplanationParts): string {
  const head =
    p.cachedFrom !== undefined
      ? `${p.capability} → cached answer from ${p.cachedFrom}`
      : p.chosen !== undefined
        ? `${p.capability} → ${p.chosen}${p.role ? ` (${p.role})` : ''}`
        : `${p.capability} → no model${p.blocked ? ' (blocked by budget)' : ''}${p.noneReason ? `: ${p.noneReason}` : ''}`;
  // Most requests have nothing more to say: no list to build and join then (it ran on every request).
  if (p.skipped.length === 0 && !p.experiment && !p.budget) return head;
  const parts = [head];
  for (const s of p.skipped) parts.push(`${s.modelId} skipped: ${s.detail}`);
  if (p.experiment) parts.push(`experiment ${p.experiment.id}: variant ${p.experiment.variant}`);
  if (p.budget) parts.push(budgetUseWords(p.budget));
  return parts.join('; ');
}

/**
 * Why no model may answer, for the error a person reads: each skipped model with its reason (the
 * explanation folds them away), and what to change when local-only privacy is what shut them all
 * out, e.g. "Every review model was skipped: cloud: not local (privacy.localOnly is on). Add a local
 * model to switchboard.tiers.review, or turn off switchboard.privacy.localOnly."
 */
export function noCandidateWords(capability: Capability, noneReason: string | undefined, skipped: readonly SkippedModel[], experiment?: { readonly id: string; readonly variant: string }): string {
  if (skipped.length === 0) return noneReason ?? `No model may answer ${capability} now.`;
  const each = skipped.map((s) => `${s.modelId}: ${s.detail}`).join('; ');
  // Where the models came from: the tier, or the A/B experiment's variant that replaced it.
  const where = experiment ? `variant ${experiment.variant} of experiment ${experiment.id} (switchboard.experiments)` : `switchboard.tiers.${capability}`;
  const advice = skipped.every((s) => s.reason === 'privacy') ? ` Add a local model to ${where}, or turn off switchboard.privacy.localOnly.` : '';
  return `Every ${capability} model was skipped: ${each}.${advice}`;
}

/**
 * "budget 62% of daily"; past the limit, what was spent against it: a tiny test budget once read
 * "budget 11015720% of daily" under an answer the person had allowed over it.
 */
function budgetUseWords(b: BudgetSummary): string {
  if (b.fraction <= 1) return `budget ${Math.round(b.fraction * 100)}% of ${b.period}`;
  return `over the ${b.period} budget (${formatUsd(b.spentUsd)} spent of ${formatUsd(b.limitUsd)})`;
}

/**
 * "86% accepted over 41 answers": what the quality signals say of a model on a capability, as the
 * adaptive strategy weighs them (decayed with age, so the count is of recent answers, rounded).
 * Undefined when no signal has been seen.
 */
export function acceptanceWords(signals: { readonly count: number; readonly acceptedShare: number } | undefined): string | undefined {
  if (!signals || signals.count < 0.5) return undefined;
  const count = Math.round(signals.count);
  return `${Math.round(signals.acceptedShare * 100)}% accepted over ${count} answer${count === 1 ? '' : 's'}`;
}

/** "10:42" in local time: the explanation is read by the person at this machine. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export function budgetSummary(status: BudgetStatus | undefined): BudgetSummary | undefined {
  const t = status?.tightest;
  if (!t) return undefined;
  return { period: t.period, fraction: t.fraction, spentUsd: t.spentUsd, limitUsd: t.limitUsd };
}

/**
 * Why a request was refused for the budget, in figures a person can check: the cheapest worst case
 * among the models that could answer, and the limit it would pass ("fast may cost up to $0.0012,
 * which would pass the daily budget of $0.000010 ($0.000000 spent)").
 */
export function budgetRefusalWords(summary: BudgetSummary | undefined, cheapest: { readonly modelId: string; readonly worstCaseUsd: number | undefined } | undefined): string {
  if (!summary) return 'the budget does not allow it';
  const limit = `the ${summary.period} budget of ${formatUsd(summary.limitUsd)} (${formatUsd(summary.spentUsd)} spent)`;
  if (!cheapest || cheapest.worstCaseUsd === undefined) return `it would pass ${limit}`;
  return `${cheapest.modelId} may cost up to ${formatUsd(cheapest.worstCaseUsd)}, which would pass ${limit}`;
}

export function budgetWords(summary: BudgetSummary | undefined): string {
  if (!summary) return 'no limit set';
  // The figures themselves: a percentage rounds a tiny spend to "0%", which reads as room to spare.
  return `${formatUsd(summary.spentUsd)} of the ${summary.period} limit of ${formatUsd(summary.limitUsd)} spent or in flight`;
}

export function healthWords(s: HealthSnapshot): string {
  if (s.state === 'half-open') return 'circuit half-open, a probe is in flight';
  if (s.state === 'open') {
    const since = s.openedAt !== undefined ? ` since ${formatClock(s.openedAt)}` : '';
    const probe = s.probeAt !== undefined ? `, probes again at ${formatClock(s.probeAt)}` : '';
    const last = s.lastError ? ` (last error: ${s.lastError.kind})` : '';
    return `circuit open${since}${probe}${last}`;
  }
  return 'circuit closed';
}

export function fallbackWords(error: ModelError): string {
  switch (error.kind) {
    case 'rate-limit':
      return error.retryAfterMs !== undefined ? `rate limited (retry after ${Math.ceil(error.retryAfterMs / 1000)} s)` : 'rate limited';
    case 'timeout-first-token':
      return 'no first token in time';
    case 'context-window':
      return 'context window exceeded; trying a larger one';
    default: {
      // What failed and what the provider said, without the advice of the full message ("try
      // another model": the router just did); that message is in the log line of the attempt.
      if (error.detail === undefined) return `${error.kind}: ${error.message}`;
      const status = error.status !== undefined ? ` (HTTP ${error.status})` : '';
      return `${FAILURE_WORDS[error.kind]}${status}: ${error.detail}`;
    }
  }
}

/** A failed attempt's kind as a fallback line names it (the kinds fallbackWords words on their own aside). */
const FAILURE_WORDS: Readonly<Record<Exclude<ModelErrorKind, 'rate-limit' | 'timeout-first-token' | 'context-window'>, string>> = {
  auth: 'API key rejected',
  'model-not-found': 'model not found',
  'content-policy': 'refused under its content policy',
  'timeout-total': 'did not finish in time',
  network: 'network error',
  server: 'server error',
  'bad-request': 'request refused',
  cancelled: 'cancelled',
};

/**
 * Why the adaptive strategy chose a model, in the figures it used: "balanced: 86% succeeded over 41
 * calls, 1/9 the cost of strong"; for a request of a known complexity, "86% succeeded over 41
 * high-complexity calls", or, while that complexity has too few, "… over 41 calls of any complexity
 * (3 at high complexity so far)". Calls are the decayed count (recent calls weigh more); a model not
 * measured yet shows the prior its tier place gave it; a rival cut by a run of failures is named.
 */
export function adaptiveWords(objective: string, chosen: AdaptiveScore, all: readonly AdaptiveScore[]): string {
  const parts = [`${objective}: ${successWords(chosen)}`];
  const rivals = all.filter((s) => s.modelId !== chosen.modelId);
  const better = rivals.filter((s) => s.effectiveSuccess > chosen.effectiveSuccess).sort((a, b) => b.effectiveSuccess - a.effectiveSuccess)[0];
  if (better) {
    parts.push(`${costRatioWords(chosen.costUsd, better.costUsd)} ${better.modelId} (${successWords(better)})`);
  } else if (rivals.length > 0) {
    parts.push('the most successful');
  }
  for (const s of rivals) {
    if (s.effectiveSuccess < s.success / 2) parts.push(`${s.modelId} set back after ${Math.round(s.streak)} failures in a row`);
  }
  return parts.join(', ');
}

function successWords(s: AdaptiveScore): string {
  const calls = Math.round(s.calls);
  const few = s.fellBackFrom ? ` (${Math.round(s.fellBackFrom.calls)} at ${s.fellBackFrom.complexity} complexity so far)` : '';
  if (calls < 1) return `not measured yet (prior ${Math.round(s.success * 100)}% from its place in the tier)`;
  // The measured share itself (the score blends in the prior): the figure a person can check.
  const scope = s.complexity ? `${s.complexity}-complexity ` : '';
  const any = s.fellBackFrom ? ' of any complexity' : '';
  return `${Math.round((s.measured ?? s.success) * 100)}% succeeded over ${calls} ${scope}call${calls === 1 ? '' : 's'}${any}${few}`;
}

function costRatioWords(cost: number | undefined, other: number | undefined): string {
  if (cost === undefined || other === undefined || other <= 0) return 'instead of';
  if (cost <= 0) return 'at no cost, instead of';
  const r = other / cost;
  if (r >= 1.5) return `1/${Math.round(r)} the cost of`;
  if (r > 1 / 1.5) return 'about the cost of';
  return `${Math.round(1 / r)}× the cost of`;
}
