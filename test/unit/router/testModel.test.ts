import assert from 'node:assert/strict';
import type { AttemptRecord } from '../../../src/core/metrics/attemptRecord';
import { MetricsStore } from '../../../src/core/metrics/metricsStore';
import { TEST_REQUEST } from '../../../src/core/router/testCall';
import { registered } from './fakeModel';
import { tempDir } from '../metrics/helpers';
import { makeRouter, reportedUsage, route } from './harness';

describe('router testModel (the Models view\'s Test Model)', () => {
  // 10 000 USD per million tokens each way: 20 input + 30 output tokens cost 0.5 USD.
  const PRICE = { input: 10_000, output: 10_000 };

  const opened: { store: MetricsStore; cleanup: () => void }[] = [];
  afterEach(() => {
    for (const { store, cleanup } of opened.splice(0)) {
      store.dispose();
      cleanup();
    }
  });

  async function setup() {
    const gpt = registered({ id: 'gpt', provider: 'openai', price: PRICE, maxOutputTokens: 10 });
    const other = registered({ id: 'other', provider: 'anthropic', price: PRICE, maxOutputTokens: 10 });
    const recorded: AttemptRecord[] = [];
    const fired: AttemptRecord[] = [];
    // The views hear of attempts from the metrics store the router records into.
    const tmp = tempDir();
    const store = await MetricsStore.open(tmp.dir);
    opened.push({ store, cleanup: tmp.cleanup });
    store.onDidRecordAttempt((a) => fired.push(a));
    const { router } = makeRouter({
      models: [gpt, other],
      tiers: { review: ['gpt', 'other'] },
      recorder: {
        record: (a) => {
          recorded.push(a);
          store.record(a);
        },
      },
      settings: { budget: { daily: 1, policy: 'block' }, routing: { circuit: { consecutiveFailures: 2, halfOpenAfterMs: 30_000 } } },
    });
    return { gpt, other, router, recorded, fired };
  }

  it('records the call under capability "test" with its cost, so spend and the budget count it', async () => {
    const { gpt, router, recorded, fired } = await setup();
    gpt.model.then({ type: 'answer', chunks: ['OK'], usage: reportedUsage(20, 30) });
    assert.match(router.explain('review', { workspace: 'w' }).explanation, /budget 0% of daily/);

    const result = await router.testModel('gpt', { workspace: 'w' });
    assert.ok(result);
    assert.equal(result.text, 'OK');
    assert.equal(result.error, undefined);
    assert.deepEqual(gpt.model.calls[0]?.request, TEST_REQUEST, 'the tiny test request goes straight to the model');
    assert.equal(recorded.length, 1, 'the metrics receive the attempt');
    assert.deepEqual(fired, recorded, 'and the views hear of it');
    const record = recorded[0] as AttemptRecord;
    assert.equal(record.capability, 'test');
    assert.equal(record.modelId, 'gpt');
    assert.equal(record.outcome, 'success');
    assert.equal(record.workspace, 'w');
    assert.equal(record.costUsd, 0.5);
    assert.deepEqual(record.usage, reportedUsage(20, 30));

    // The half dollar now counts against the daily budget of this workspace.
    assert.match(router.explain('review', { workspace: 'w' }).explanation, /budget 50% of daily/);
  });

  it('records a failed test without moving the circuit or the routed choice', async () => {
    const { gpt, router, recorded } = await setup();
    gpt.model.then({ type: 'fail', kind: 'auth' }, { type: 'fail', kind: 'auth' }, { type: 'fail', kind: 'auth' });
    for (let i = 0; i < 3; i++) {
      const result = await router.testModel('gpt');
      assert.equal(result?.error?.kind, 'auth');
    }
    assert.deepEqual(recorded.map((r) => [r.capability, r.outcome, r.errorKind, r.costUsd]), [
      ['test', 'error', 'auth', 0],
      ['test', 'error', 'auth', 0],
      ['test', 'error', 'auth', 0],
    ], 'a refused request is recorded at no cost');
    assert.equal(router.healthOf('gpt').state, 'closed', 'a test is not a routed call: its failures open no circuit');
    const { result } = await route(router, 'review');
    assert.equal(result.modelId, 'gpt');
  });

  it('answers undefined for a model that is not registered, and records nothing', async () => {
    const { router, recorded } = await setup();
    assert.equal(await router.testModel('nope'), undefined);
    assert.equal(recorded.length, 0);
  });
});
