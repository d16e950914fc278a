import assert from 'node:assert/strict';
import { ModelHealth, countsAgainstHealth } from '../../../src/core/router/health';
import { ModelError } from '../../../src/core/providers/contract';
import { registered } from './fakeModel';
import { FakeClock, ask, makeRouter, route, settingsWith } from './harness';

describe('router health (circuit breaker per model)', () => {
  function setup() {
    const a = registered({ id: 'a', provider: 'openai' });
    const b = registered({ id: 'b', provider: 'anthropic' });
    const { router, clock } = makeRouter({
      models: [a, b],
      tiers: { review: ['a', 'b'] },
      settings: { routing: { circuit: { consecutiveFailures: 2, halfOpenAfterMs: 30_000 } } },
    });
    return { a, b, router, clock };
  }

  it('opens after repeated failures, skips the model without calling it, probes after the cool-down, then closes', async () => {
    const { a, b, router, clock } = setup();
    a.model.then({ type: 'fail', kind: 'server' }, { type: 'fail', kind: 'server' });
    await route(router, 'review');
    assert.equal(router.healthOf('a').state, 'closed');
    await route(router, 'review');
    const open = router.healthOf('a');
    assert.equal(open.state, 'open');
    assert.equal(open.openedAt, clock.t);
    assert.equal(open.probeAt, clock.t + 30_000);
    assert.equal(open.lastError?.kind, 'server');
    assert.equal(a.model.callCount, 2);

    // Open: skipped without a call, and the explanation says why.
    clock.advance(29_000);
    const skipped = await route(router, 'review');
    assert.equal(a.model.callCount, 2, 'an open circuit receives nothing');
    assert.equal(skipped.result.modelId, 'b');
    assert.equal(skipped.result.explanation, 'review → b (fallback #1); a skipped: circuit open since 10:42, probes again at 10:42 (last error: server)');
    assert.equal(b.model.callCount, 3);

    // Cool-down over: the next request probes a.
    clock.advance(2_000);
    assert.equal(router.healthOf('a').probeDue, true);
    assert.match(router.explain('review').explanation, /^review → a \(primary; probing its circuit\)/);
    const probe = await route(router, 'review');
    const start = probe.events.find((e) => e.type === 'attempt-start');
    assert.ok(start?.type === 'attempt-start');
    assert.equal(start.probe, true);
    assert.equal(probe.result.modelId, 'a');
    assert.equal(router.healthOf('a').state, 'closed');
  });

  it('probes a model whose cool-down is exactly over even when the real clock ticks during the check', async () => {
    const { a, router, clock } = setup();
    a.model.then({ type: 'fail', kind: 'server' }, { type: 'fail', kind: 'server' });
    await route(router, 'review');
    await route(router, 'review');
    assert.equal(router.healthOf('a').state, 'open');
    clock.advance(30_000);
    // A loaded machine: the wall clock moves a millisecond between any two reads of it. The router's
    // clock alone decides when the probe is due, so this must not matter.
    const realNow = Date.now;
    let wall = realNow();
    Date.now = () => ++wall;
    try {
      await route(router, 'review');
    } finally {
      Date.now = realNow;
    }
    assert.equal(a.model.callCount, 3, 'the probe went out when the cool-down was over on the router clock');
  });

  it('reopens when the probe fails and waits another cool-down', async () => {
    const { a, router, clock } = setup();
    a.model.then({ type: 'fail', kind: 'server' }, { type: 'fail', kind: 'server' }, { type: 'fail', kind: 'network' });
    await route(router, 'review');
    await route(router, 'review');
    clock.advance(31_000);
    const probe = await route(router, 'review');
    assert.equal(probe.result.modelId, 'b');
    const h = router.healthOf('a');
    assert.equal(h.state, 'open');
    assert.equal(h.probeAt, clock.t + 30_000);
    assert.equal(h.lastError?.kind, 'network');
    await route(router, 'review');
    assert.equal(a.model.callCount, 3);
  });

  it('skips a model whose probe is in flight', async () => {
    const { a, b, router, clock } = setup();
    a.model.then({ type: 'fail', kind: 'server' }, { type: 'fail', kind: 'server' }, { type: 'hang', chunks: [] });
    await route(router, 'review');
    await route(router, 'review');
    clock.advance(31_000);
    const probing = router.complete('review', ask());
    // Let the probe start (one macrotask is enough: the fake model awaits one microtask).
    await new Promise((r) => setImmediate(r));
    assert.equal(router.healthOf('a').state, 'half-open');
    const other = await route(router, 'review');
    assert.equal(other.result.modelId, 'b');
    assert.match(other.result.explanation, /a skipped: circuit half-open, a probe is in flight/);
    a.model.release();
    const probed = await probing;
    assert.equal(probed.modelId, 'a');
    assert.equal(router.healthOf('a').state, 'closed');
    assert.equal(b.model.callCount, 3);
  });

  it('does not count request problems or cancellations against a model', async () => {
    const { a, router } = setup();
    a.model.then({ type: 'fail', kind: 'bad-request' }, { type: 'fail', kind: 'content-policy' }, { type: 'fail', kind: 'context-window' });
    await route(router, 'review');
    await route(router, 'review');
    await route(router, 'review');
    assert.equal(router.healthOf('a').state, 'closed');
    assert.equal(countsAgainstHealth(new ModelError({ kind: 'cancelled', message: 'x', provider: 'openai', modelId: 'm' })), false);
    assert.equal(countsAgainstHealth(new ModelError({ kind: 'rate-limit', message: 'x', provider: 'openai', modelId: 'm' })), true);
  });

  it('a success resets the consecutive count', async () => {
    const { a, router } = setup();
    a.model.then({ type: 'fail', kind: 'server' }, { type: 'answer', chunks: ['ok'] }, { type: 'fail', kind: 'server' });
    await route(router, 'review');
    await route(router, 'review');
    await route(router, 'review');
    assert.equal(router.healthOf('a').state, 'closed');
  });

  it('can be reset by the user, closing the circuit at once', async () => {
    const { a, router } = setup();
    const changes: string[] = [];
    router.onDidChangeHealth((s) => changes.push(`${s.modelId}:${s.state}`));
    a.model.then({ type: 'fail', kind: 'auth' }, { type: 'fail', kind: 'auth' });
    await route(router, 'review');
    await route(router, 'review');
    assert.equal(router.healthOf('a').state, 'open');
    router.resetHealth('a');
    assert.equal(router.healthOf('a').state, 'closed');
    const { result } = await route(router, 'review');
    assert.equal(result.modelId, 'a');
    assert.deepEqual(changes, ['a:open', 'a:closed']);
    assert.deepEqual(router.healthSnapshot().map((s) => s.modelId), ['a', 'b']);
  });

  it('supports a sampling breaker', () => {
    const clock = new FakeClock();
    const health = new ModelHealth({ consecutiveFailures: 5, halfOpenAfterMs: 10_000 }, { now: clock.now, breaker: { type: 'sampling', threshold: 0.5, durationMs: 60_000, minimumRps: 0.001 } });
    const err = new ModelError({ kind: 'server', message: 'down', provider: 'openai', modelId: 'm' });
    for (let i = 0; i < 10 && health.snapshot('m').state === 'closed'; i++) {
      const permit = health.acquire('m');
      assert.ok(permit);
      permit.fail(err);
    }
    // cockatiel settles the breaker in a microtask: give it one.
    return Promise.resolve().then(() => new Promise((r) => setImmediate(r))).then(() => {
      assert.equal(health.snapshot('m').state, 'open');
      assert.equal(health.acquire('m'), undefined);
    });
  });

  describe('after a settings change, existing breakers use the new settings', () => {
    const circuit = (consecutiveFailures: number, halfOpenAfterMs: number) => settingsWith({ routing: { circuit: { consecutiveFailures, halfOpenAfterMs } } });

    it('measures the failures counted so far against a lowered threshold', async () => {
      const { a, router } = setup();
      router.update({ settings: circuit(5, 30_000) });
      a.model.then({ type: 'fail', kind: 'server' }, { type: 'fail', kind: 'server' }, { type: 'fail', kind: 'server' });
      await route(router, 'review');
      await route(router, 'review');
      assert.equal(router.healthOf('a').state, 'closed', 'two failures under a threshold of 5');
      router.update({ settings: circuit(3, 30_000) });
      assert.equal(router.healthOf('a').state, 'closed', 'a lower threshold alone opens nothing');
      await route(router, 'review');
      assert.equal(router.healthOf('a').state, 'open', 'the third failure reaches the new threshold');
    });

    it('keeps a closed circuit closed until a raised threshold is reached', async () => {
      const { a, router } = setup();
      a.model.then({ type: 'fail', kind: 'server' }, { type: 'fail', kind: 'server' }, { type: 'fail', kind: 'server' });
      await route(router, 'review');
      router.update({ settings: circuit(3, 30_000) });
      await route(router, 'review');
      assert.equal(router.healthOf('a').state, 'closed', 'two failures under the new threshold of 3');
      await route(router, 'review');
      assert.equal(router.healthOf('a').state, 'open');
    });

    it('shortens an open circuit to a shorter new cool-down, keeps its own when the new one is longer', async () => {
      const { a, router, clock } = setup();
      const changes: string[] = [];
      router.onDidChangeHealth((h) => changes.push(`${h.state}:${h.probeAt ?? '-'}`));
      a.model.then({ type: 'fail', kind: 'server' }, { type: 'fail', kind: 'server' }, { type: 'fail', kind: 'server' });
      await route(router, 'review');
      await route(router, 'review');
      const openedAt = clock.t;
      assert.equal(router.healthOf('a').probeAt, openedAt + 30_000);

      router.update({ settings: circuit(2, 60_000) });
      assert.equal(router.healthOf('a').probeAt, openedAt + 30_000, 'a longer cool-down is not applied to an open circuit');

      router.update({ settings: circuit(2, 10_000) });
      assert.equal(router.healthOf('a').probeAt, openedAt + 10_000, 'a shorter cool-down is');
      assert.equal(changes.at(-1), `open:${openedAt + 10_000}`, 'the new probe time is announced');
      clock.advance(9_000);
      await route(router, 'review');
      assert.equal(a.model.callCount, 2, 'still cooling down');
      clock.advance(1_000);
      const probe = await route(router, 'review');
      assert.equal(a.model.callCount, 3, 'the probe went out at the shorter cool-down');
      assert.equal(probe.result.modelId, 'b');

      // The failed probe reopens the circuit with the cool-down now in force.
      assert.equal(router.healthOf('a').probeAt, clock.t + 10_000);
    });
  });
});
