import assert from 'node:assert/strict';
import { calendarDayStart } from '../../../src/core/metrics/timeKeys';
import { fallbackWords, formatExplanation } from '../../../src/core/router/explanation';
import { ModelError } from '../../../src/core/providers/contract';
import { routerSettingsSchema } from '../../../src/core/config/settings/router';
import { registered } from './fakeModel';
import { T0, makeRouter, route } from './harness';

describe('router explanations', () => {
  it('says a budget already passed by what was spent against it, not as a percentage in the millions', () => {
    // Seen in the real VS Code under a tiny test budget the person had allowed an answer over: "budget 11015720% of daily".
    const over = formatExplanation({ capability: 'understand', chosen: 'primary', role: 'primary', skipped: [], budget: { period: 'daily', fraction: 110157.2, spentUsd: 0.11, limitUsd: 0.000001 } });
    assert.equal(over, 'understand → primary (primary); over the daily budget ($0.11 spent of $0.0000010)');
    const full = formatExplanation({ capability: 'understand', chosen: 'primary', skipped: [], budget: { period: 'monthly', fraction: 1, spentUsd: 50, limitUsd: 50 } });
    assert.equal(full, 'understand → primary; budget 100% of monthly');
  });

  it('reads like a sentence: choice, skips with reasons, budget', async () => {
    const sonnet = registered({ id: 'claude-sonnet', provider: 'anthropic', price: { input: 3, output: 15 } });
    const gpt = registered({ id: 'gpt-4o', provider: 'openai', price: { input: 2.5, output: 10 } });
    gpt.model.always({ type: 'fail', kind: 'server' });
    const spend = { spentUsd: (_w: string | undefined, from: number) => (from === calendarDayStart(T0) ? 6.2 : 6.2) };
    const { router, clock } = makeRouter({
      models: [sonnet, gpt],
      tiers: { review: ['gpt-4o', 'claude-sonnet'], generate: ['claude-sonnet', 'gpt-4o'] },
      spend,
      settings: { budget: { daily: 10 }, routing: { circuit: { consecutiveFailures: 1, halfOpenAfterMs: 60_000 } } },
    });
    await route(router, 'review');
    assert.equal(router.healthOf('gpt-4o').state, 'open');
    clock.advance(1000);

    const decision = router.explain('generate');
    assert.equal(decision.chosen, 'claude-sonnet');
    assert.equal(decision.explanation, 'generate → claude-sonnet (primary); gpt-4o skipped: circuit open since 10:42, probes again at 10:43 (last error: server); budget 62% of daily');
    assert.deepEqual(decision.skipped.map((s) => [s.modelId, s.reason]), [['gpt-4o', 'circuit-open']]);
    assert.equal(decision.budget?.period, 'daily');
    assert.equal(sonnet.model.callCount, 1, 'explain() calls nothing');
  });

  it('explains a request that no model can take', () => {
    assert.equal(
      formatExplanation({ capability: 'plan', skipped: [{ modelId: 'gpt', reason: 'privacy', detail: 'not local (privacy.localOnly is on)' }], noneReason: 'every candidate was skipped' }),
      'plan → no model: every candidate was skipped; gpt skipped: not local (privacy.localOnly is on)',
    );
  });

  it('answers nothing from a tier whose ids were all skipped, and says why, instead of using every model', async () => {
    const gpt = registered({ id: 'gpt', provider: 'openai' });
    const { router } = makeRouter({ models: [gpt], tiers: { generate: [] } });
    const { result } = await route(router, 'generate');
    assert.equal(result.outcome, 'error');
    assert.equal(result.error?.kind, 'no-candidate');
    assert.match(result.error?.message ?? '', /the generate tier lists no usable model \(switchboard\.tiers\.generate is empty or every id in it was skipped/);
    assert.equal(gpt.model.callCount, 0, 'no model the person did not choose was asked (issue 14 item 9)');
    // A tier never set still means every model, in settings order.
    assert.equal(router.explain('review').chosen, 'gpt');
  });

  it('explain() under step-down and ask says what would happen', () => {
    const big = registered({ id: 'big', provider: 'openai', price: { input: 1, output: 1000 }, maxOutputTokens: 100 });
    const local = registered({ id: 'local', provider: 'ollama' });
    const spend = { spentUsd: () => 0.99 };
    const step = makeRouter({ models: [big, local], tiers: { plan: ['big', 'local'] }, spend, settings: { budget: { daily: 1, policy: 'step-down' } } }).router;
    assert.equal(step.explain('plan').chosen, 'local');
    const askRouter = makeRouter({ models: [big, local], tiers: { plan: ['big'] }, spend, settings: { budget: { daily: 1, policy: 'ask' } } }).router;
    assert.match(askRouter.explain('plan').explanation, /^plan → big \(would ask before spending: over budget\); budget 99% of daily$/);
  });
});

describe('fallback words', () => {
  const failed = (init: Partial<ConstructorParameters<typeof ModelError>[0]>) =>
    new ModelError({ kind: 'server', provider: 'openai-compatible', modelId: 'gpt-4o-mini', message: 'The OpenAI-compatible server failed with a server error (HTTP 503) for model "gpt-4o-mini". Try again later or use another model. Provider said: The engine is currently overloaded', ...init });

  it('name what failed and what the provider said, without the advice the full message gives', () => {
    assert.equal(fallbackWords(failed({ status: 503, detail: 'The engine is currently overloaded' })), 'server error (HTTP 503): The engine is currently overloaded');
    assert.equal(fallbackWords(failed({ kind: 'auth', status: 401, detail: 'invalid x-api-key' })), 'API key rejected (HTTP 401): invalid x-api-key');
    assert.equal(fallbackWords(failed({ kind: 'network', detail: 'socket hang up' })), 'network error: socket hang up');
  });

  it('keep the whole message when the provider said nothing of its own', () => {
    const error = failed({ kind: 'network', message: 'The connection to OpenAI failed (ECONNREFUSED).' });
    assert.equal(fallbackWords(error), 'network: The connection to OpenAI failed (ECONNREFUSED).');
  });

  it('say a rate limit, a late first token and a full window in a few words', () => {
    assert.equal(fallbackWords(failed({ kind: 'rate-limit', retryAfterMs: 1500, detail: 'slow down' })), 'rate limited (retry after 2 s)');
    assert.equal(fallbackWords(failed({ kind: 'timeout-first-token' })), 'no first token in time');
  });
});

describe('router settings schema', () => {
  it('parses {} to working defaults', () => {
    const s = routerSettingsSchema.parse({});
    assert.equal(s.routing.strategy, 'ordered');
    assert.equal(s.routing.retryAfterLimitMs, 2000);
    assert.equal(s.budget.policy, 'block');
    assert.equal(s.budget.daily, undefined);
    assert.equal(s.cache.enabled, false);
    assert.equal(s.privacy.localOnly, false);
    assert.deepEqual(s.experiments, []);
    assert.equal(s.routing.circuit.consecutiveFailures, 5);
  });

  it('names the path of a bad value', () => {
    const r = routerSettingsSchema.safeParse({ routing: { strategy: 'random' }, budget: { daily: -1 }, cache: { ttlMinutes: 0 }, privacy: { localonly: true } });
    assert.equal(r.success, false);
    const paths = r.error?.issues.map((i) => i.path.join('.')).sort();
    assert.deepEqual(paths, ['budget.daily', 'cache.ttlMinutes', 'privacy', 'routing.strategy']);
  });
});
