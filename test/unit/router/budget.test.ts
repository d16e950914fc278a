import assert from 'node:assert/strict';
import { BudgetGuard } from '../../../src/core/budget/budgetGuard';
import { calendarDayStart, calendarMonthStart } from '../../../src/core/metrics/timeKeys';
import { InMemorySpendLedger, type SpendSource } from '../../../src/core/budget/spendSource';
import type { BudgetQuestion, RouteEvent } from '../../../src/core/router/routeEvents';
import { registered } from './fakeModel';
import { FakeClock, T0, ask, makeRouter, route } from './harness';

/** Spend that the test sets directly, as the metrics store would report it. */
class FixedSpend implements SpendSource {
  constructor(public daily: number, public monthly = daily) {}
  spentUsd(_workspace: string | undefined, fromMs: number): number {
    return fromMs === calendarDayStart(T0) ? this.daily : this.monthly;
  }
}

// 1 USD per million input and 1000 USD per million output: the worst case of a request is dominated
// by its output allowance (maxOutputTokens 100 → 0.1 USD).
const EXPENSIVE = { input: 1, output: 1000 };

function models() {
  const big = registered({ id: 'big', provider: 'openai', price: EXPENSIVE, maxOutputTokens: 100 });
  const mid = registered({ id: 'mid', provider: 'anthropic', price: { input: 1, output: 100 }, maxOutputTokens: 100 });
  const local = registered({ id: 'local', provider: 'ollama' });
  return { big, mid, local };
}

describe('router budget', () => {
  it('estimates a prompt over 200k tokens at the long-context rates, so it cannot slip under the limit', async () => {
    // Claude Sonnet 4.5 doubles its rates above 200k prompt tokens: 250k tokens + 1000 output cost
    // 0.765 USD at the base rates but 1.5225 USD as billed; 0.9 USD of headroom must refuse it.
    const sonnet = registered({ id: 'sonnet', provider: 'anthropic', model: 'claude-sonnet-4-5', maxOutputTokens: 1_000 });
    const { router } = makeRouter({
      models: [sonnet],
      tiers: { review: ['sonnet'] },
      spend: new FixedSpend(0.1),
      estimator: { messages: () => 250_000, text: (t) => t.length },
      settings: { budget: { daily: 1, policy: 'block' } },
    });
    const { result } = await route(router, 'review');
    assert.equal(sonnet.model.callCount, 0);
    assert.equal(result.outcome, 'blocked');
    assert.match(result.explanation, /worst case \$1\.52/);
  });

  it('block: skips what would pass the limit and names the budget in the explanation', async () => {
    const { big, mid, local } = models();
    const { router } = makeRouter({ models: [big, mid, local], tiers: { generate: ['big', 'mid'] }, spend: new FixedSpend(0.95), settings: { budget: { daily: 1, policy: 'block' } } });
    const { result } = await route(router, 'generate');
    assert.equal(big.model.callCount, 0);
    assert.equal(result.modelId, 'mid');
    assert.match(result.explanation, /^generate → mid \(fallback #1\); big skipped: would pass the budget \(worst case \$0\.10\); budget 95% of daily$/);
  });

  it('block: refuses the request when nothing fits, and calls nothing', async () => {
    const { big, mid, local } = models();
    const { router } = makeRouter({ models: [big, mid, local], tiers: { generate: ['big'] }, spend: new FixedSpend(0.999), settings: { budget: { daily: 1, policy: 'block' } } });
    const { result, events } = await route(router, 'generate');
    assert.equal(result.outcome, 'blocked');
    assert.equal(result.error?.kind, 'budget');
    // The worst case that would pass, and the limit: not only a percentage (which read "0% used").
    assert.match(result.error?.message ?? '', /^The budget does not allow this request: big may cost up to \$0\.10, which would pass the daily budget of \$1\.00 \(\$1\.00 spent\)\./);
    assert.equal(big.model.callCount + mid.model.callCount + local.model.callCount, 0);
    const decision = events[0];
    assert.ok(decision?.type === 'decision');
    assert.equal(decision.decision.blocked, true);
  });

  it('step-down: goes to the cheapest allowed model when the tier does not fit', async () => {
    const { big, mid, local } = models();
    const { router } = makeRouter({ models: [big, mid, local], tiers: { generate: ['big', 'mid', 'local'] }, spend: new FixedSpend(0.95), settings: { budget: { daily: 1, policy: 'step-down' } } });
    const { result, events } = await route(router, 'generate');
    assert.equal(result.modelId, 'local');
    assert.equal(big.model.callCount, 0);
    const decision = events[0];
    assert.ok(decision?.type === 'decision');
    assert.equal(decision.decision.steppedDown, true);
    assert.deepEqual(decision.decision.order, ['local', 'mid']);
    assert.match(result.explanation, /^generate → local \(stepped down to the cheapest allowed model for the budget\); budget 95% of daily$/);
  });

  it('uses the monthly limit when it is the tighter one', async () => {
    const { big, local } = models();
    const { router } = makeRouter({ models: [big, local], tiers: { generate: ['big', 'local'] }, spend: new FixedSpend(0, 49.95), settings: { budget: { daily: 10, monthly: 50, policy: 'step-down' } } });
    const { result } = await route(router, 'generate');
    assert.equal(result.modelId, 'local');
    assert.match(result.explanation, /budget 100% of monthly$/);
  });

  it('ask: emits the question and follows the answer', async () => {
    const { big, mid, local } = models();
    const questions: BudgetQuestion[] = [];
    const setup = { models: [big, mid, local], tiers: { generate: ['big', 'mid', 'local'] }, spend: new FixedSpend(0.95), settings: { budget: { daily: 1, policy: 'ask' as const } } };
    const { router } = makeRouter(setup);

    const allowed = await route(router, 'generate', ask(), { askBudget: async (q: BudgetQuestion) => (questions.push(q), 'allow') });
    assert.equal(allowed.result.modelId, 'big');
    assert.ok(allowed.events.some((e) => e.type === 'budget-ask'));
    assert.equal(questions[0]?.modelId, 'big');
    assert.equal(questions[0]?.stepDownTo, 'local');
    assert.match(questions[0]?.message ?? '', /big may cost up to \$0\.10, which would pass the daily budget/);
    // The spend and the limit as figures, not a percentage that rounds a tiny spend to 0% (issue 14 item 11).
    assert.match(questions[0]?.message ?? '', /\(\$0\.95 of the daily limit of \$1\.00 spent or in flight\)/);

    const steppedDown = await route(router, 'generate', ask(), { askBudget: async () => 'step-down' });
    assert.equal(steppedDown.result.modelId, 'local');

    const blocked = await route(router, 'generate', ask(), { askBudget: async () => 'block' });
    assert.equal(blocked.result.outcome, 'blocked');
    // The model the question was about, not local (which fits, at $0) as if it had passed the budget.
    assert.match(blocked.result.error?.message ?? '', /^The budget does not allow this request: big may cost up to \$0\.10, which would pass the daily budget/);

    const unanswered = await route(router, 'generate');
    assert.equal(unanswered.result.outcome, 'blocked', 'without a callback the answer is block');
    assert.equal(big.model.callCount, 1);
  });

  it('ask: a cancel while the question is open ends the request', async () => {
    const { big, local } = models();
    const { router } = makeRouter({ models: [big, local], tiers: { generate: ['big', 'local'] }, spend: new FixedSpend(0.95), settings: { budget: { daily: 1, policy: 'ask' } } });
    const controller = new AbortController();
    const result = await router.complete('generate', ask(), {
      signal: controller.signal,
      askBudget: () => {
        controller.abort();
        return new Promise(() => undefined); // never answered
      },
    });
    assert.equal(result.outcome, 'cancelled');
    assert.equal(big.model.callCount + local.model.callCount, 0);
  });

  it('counts calls in flight, so concurrent requests cannot together pass the limit', async () => {
    const { big, local } = models();
    big.model.always({ type: 'hang', chunks: [] });
    const ledger = new InMemorySpendLedger();
    // Each call may cost up to 0.1 USD; 0.15 USD of headroom allows exactly one in flight.
    const { router } = makeRouter({ models: [big, local], tiers: { generate: ['big', 'local'] }, spend: ledger, recorder: ledger, settings: { budget: { daily: 0.15, policy: 'step-down' }, routing: { firstTokenTimeoutMs: 600_000 } } });
    const first = router.complete('generate', ask());
    await new Promise((r) => setImmediate(r));
    const second = await router.complete('generate', ask());
    assert.equal(second.modelId, 'local', 'the second request sees the first one in flight');
    big.model.release();
    const firstResult = await first;
    assert.equal(firstResult.modelId, 'big');
    assert.ok(ledger.spentUsd(undefined, 0, Infinity) <= 0.15);
  });

  it('keeps spend within one call of the limit over many calls', async () => {
    const { big, local } = models();
    const ledger = new InMemorySpendLedger();
    const { router } = makeRouter({ models: [big, local], tiers: { generate: ['big', 'local'] }, spend: ledger, recorder: ledger, settings: { budget: { daily: 1, policy: 'step-down' } } });
    let maxCall = 0;
    for (let i = 0; i < 100; i++) {
      const r = await router.complete('generate', ask('x'.repeat(50)));
      maxCall = Math.max(maxCall, r.costUsd ?? 0);
    }
    const spent = ledger.spentUsd(undefined, 0, Infinity);
    assert.ok(spent <= 1 + maxCall, `spent ${spent}`);
    assert.ok(local.model.callCount > 0, 'stepped down once the budget ran low');
  });

  it('step-down: steps down at call time when spend grew after the decision', async () => {
    const { big, mid, local } = models();
    const spend = new FixedSpend(0);
    // Another window's calls are recorded while this request is on its first candidate.
    big.model.always({ type: 'fail', kind: 'server' });
    const original = big.model.stream.bind(big.model);
    big.model.stream = (request, options) => {
      spend.daily = 0.99;
      return original(request, options);
    };
    const { router } = makeRouter({ models: [big, mid, local], tiers: { generate: ['big', 'mid', 'local'] }, spend, settings: { budget: { daily: 1, policy: 'step-down' } } });
    const { result, events } = await route(router, 'generate');
    assert.equal(mid.model.callCount, 0);
    assert.equal(result.modelId, 'local');
    assert.ok(events.some((e) => e.type === 'fallback' && e.errorKind === 'budget' && e.from === 'mid' && e.to === 'local'));
  });

  it('step-down stays inside the tier: a model outside it is never asked, and nothing fits is said (issue 14 item 10)', async () => {
    const { big, mid, local } = models();
    const { router } = makeRouter({ models: [big, mid, local], tiers: { generate: ['big'] }, spend: new FixedSpend(0.95), settings: { budget: { daily: 1, policy: 'step-down' } } });
    const { result } = await route(router, 'generate');
    assert.equal(result.outcome, 'blocked');
    assert.equal(big.model.callCount + mid.model.callCount + local.model.callCount, 0, 'local and mid are not in the generate tier');
    assert.match(result.error?.message ?? '', /^The budget does not allow this request: big may cost up to \$0\.10/);
  });

  it('ask: the question is about the model the request will try first (onlyModel, preferModel), not the tier\'s first', async () => {
    // big does not fit the headroom (0.05 USD), mid does: a request pinned to mid (a cascade step, a
    // structured-output repair) or continuing on it needs no question, and without a callback was blocked.
    const { big, mid, local } = models();
    const questions: BudgetQuestion[] = [];
    const { router } = makeRouter({ models: [big, mid, local], tiers: { generate: ['big', 'mid', 'local'] }, spend: new FixedSpend(0.95), settings: { budget: { daily: 1, policy: 'ask' } } });
    const askBudget = async (q: BudgetQuestion): Promise<'block'> => (questions.push(q), 'block');

    const pinned = await route(router, 'generate', ask(), { onlyModel: 'mid', askBudget });
    assert.equal(pinned.result.outcome, 'success', pinned.result.error?.message);
    assert.equal(pinned.result.modelId, 'mid');
    const preferred = await route(router, 'generate', ask(), { preferModel: 'mid', askBudget });
    assert.equal(preferred.result.modelId, 'mid');
    assert.equal(questions.length, 0, 'no question about big, which neither request would try first');
    assert.equal(big.model.callCount, 0);

    // Pinned to big, which does not fit: the question names big, and "block" blocks.
    const pinnedBig = await route(router, 'generate', ask(), { onlyModel: 'big', askBudget });
    assert.equal(pinnedBig.result.outcome, 'blocked');
    assert.equal(questions[0]?.modelId, 'big');
    assert.equal(big.model.callCount + local.model.callCount, 0);
  });

  it('step-down at call time keeps to the model a request is pinned to (onlyModel)', async () => {
    const { big, mid, local } = models();
    const spend = new FixedSpend(0);
    const { router } = makeRouter({ models: [big, mid, local], tiers: { generate: ['big', 'mid', 'local'] }, spend, settings: { budget: { daily: 1, policy: 'step-down' } } });
    const events: RouteEvent[] = [];
    for await (const e of router.route('generate', ask(), { onlyModel: 'big' })) {
      events.push(e);
      // Another window's calls are recorded between the decision and the call: big no longer fits.
      if (e.type === 'decision') spend.daily = 0.99;
    }
    const done = events.at(-1);
    assert.ok(done?.type === 'done');
    assert.equal(mid.model.callCount + local.model.callCount, 0, 'no model but big may answer this request');
    assert.equal(big.model.callCount, 0);
    assert.notEqual(done.result.outcome, 'success');
  });

  it('budgets per workspace', () => {
    const clock = new FakeClock();
    const ledger = new InMemorySpendLedger();
    const guard = new BudgetGuard(ledger, clock.now);
    ledger.record({ time: clock.t, requestId: 'r', capability: 'generate', modelId: 'm', provider: 'openai', providerModel: 'm', outcome: 'success', latencyMs: 1, costUsd: 0.9, workspace: 'w1' });
    assert.equal(guard.fits('w1', { daily: 1 }, 0.2), false);
    assert.equal(guard.fits('w2', { daily: 1 }, 0.2), true);
    const r = guard.reserve('w2', 0.9);
    assert.equal(guard.fits('w2', { daily: 1 }, 0.2), false);
    r.release();
    r.release();
    assert.equal(guard.fits('w2', { daily: 1 }, 0.2), true);
    assert.equal(guard.fits('w1', { daily: 1 }, undefined), true, 'unknown cost cannot be bounded and is let through');
  });

  it('resets with the day and the month', () => {
    const day = new Date(2026, 10, 24, 10, 42).getTime();
    assert.equal(calendarDayStart(day), new Date(2026, 10, 24).getTime());
    assert.equal(calendarMonthStart(day), new Date(2026, 10, 1).getTime());
  });
});
