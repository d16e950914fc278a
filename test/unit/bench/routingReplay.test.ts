import assert from 'node:assert/strict';
import type { RoutingTask } from '../../../bench/lib/routingData';
import { replayCascade, replayStrategy, type ReplayInput } from '../../../bench/lib/routingReplay';

/** Two models: `good` always passes at 100× the cost of `bad`, which never does. */
function input(tasks: number): ReplayInput {
  const all: RoutingTask[] = Array.from({ length: tasks }, (_, i) => ({ task: `t${i}`, outcomes: { good: 1, bad: 0 }, cost: { good: 0.01, bad: 0.0001 } }));
  const drawn = new Map(all.map((t) => [t, { good: 1 as const, bad: 0 as const }]));
  return { tier: ['bad', 'good'], warmup: all.slice(0, 10), scored: all.slice(10), drawn, warmupCost: new Map([['good', 0.01], ['bad', 0.0001]]), seed: 1 };
}

describe('routing replay through the real router', () => {
  it('ordered keeps the primary; adaptive learns from the replayed outcomes and charges what the file says', async () => {
    const ordered = await replayStrategy(input(60), 'ordered');
    assert.equal(ordered.successes, 0);
    assert.ok(Math.abs(ordered.costUsd - 50 * 0.0001) < 1e-12);
    const adaptive = await replayStrategy(input(60), 'adaptive');
    assert.ok((adaptive.picks.get('good') ?? 0) >= 45, `good got ${adaptive.picks.get('good')} of 50`);
    assert.equal(adaptive.successes, adaptive.picks.get('good'));
  });

  it("the cascade escalates on the verifier's rejection and charges every verdict", async () => {
    const perfect = await replayCascade(input(20), { accuracy: 1, model: 'bad' });
    assert.equal(perfect.successes, 10);
    // Each task: bad (cheapest expected cost of a success) drafts and is rejected, good drafts and is
    // accepted; two verdicts at bad's cost.
    assert.deepEqual([...perfect.picks], [['good', 10]]);
    assert.ok(Math.abs(perfect.verifierUsd - 10 * 2 * 0.0001) < 1e-12);
    assert.ok(Math.abs(perfect.costUsd - 10 * (0.0001 + 0.01 + 2 * 0.0001)) < 1e-12);
  });

  it('drift: the most chosen model scoring 0 from halfway loses its traffic', async () => {
    const all: RoutingTask[] = Array.from({ length: 110 }, (_, i) => ({ task: `t${i}`, outcomes: { a: 1, b: 1 }, cost: { a: 0.001, b: 0.001 } }));
    const drawn = new Map(all.map((t) => [t, { a: 1 as const, b: 1 as const }]));
    const run = await replayStrategy({ tier: ['a', 'b'], warmup: all.slice(0, 10), scored: all.slice(10), drawn, warmupCost: new Map([['a', 0.001], ['b', 0.001]]), seed: 2 }, 'adaptive', { drift: true });
    // a and b differ only in their simulated latency: the drift hits whichever the router preferred.
    assert.ok(run.drift?.model === 'a' || run.drift?.model === 'b');
    assert.ok((run.drift?.callsBeforeMove ?? 99) <= 3, `moved after ${run.drift?.callsBeforeMove} calls`);
  });
});

describe('routing replay is deterministic', () => {
  /** Three models of mixed skill and price, outcomes drawn from a seeded generator. */
  function mixed(seed: number): ReplayInput {
    const models = ['a', 'b', 'c'];
    let x = seed;
    const next = (): number => ((x = (x * 48_271) % 2_147_483_647) / 2_147_483_647);
    const all: RoutingTask[] = Array.from({ length: 120 }, (_, i) => ({ task: `t${i}`, outcomes: { a: 0.9, b: 0.6, c: 0.3 }, cost: { a: 0.05, b: 0.005, c: 0.0005 } }));
    const drawn = new Map(all.map((t) => [t, Object.fromEntries(models.map((m) => [m, next() < (t.outcomes[m] ?? 0) ? 1 : 0])) as Record<string, 0 | 1>]));
    return { tier: models, warmup: all.slice(0, 24), scored: all.slice(24), drawn, warmupCost: new Map([['a', 0.05], ['b', 0.005], ['c', 0.0005]]), seed };
  }

  it('two replays with the same seed give identical results (latency is simulated, not measured)', async () => {
    for (const strategy of ['adaptive', 'fastest'] as const) {
      const first = await replayStrategy(mixed(7), strategy);
      const second = await replayStrategy(mixed(7), strategy);
      assert.deepEqual([...second.picks].sort(), [...first.picks].sort());
      assert.equal(second.successes, first.successes);
      assert.equal(second.costUsd, first.costUsd);
    }
    const c1 = await replayCascade(mixed(7), { accuracy: 0.8, model: 'c' });
    const c2 = await replayCascade(mixed(7), { accuracy: 0.8, model: 'c' });
    assert.deepEqual(c2, c1);
  });

  it('the file\'s latency decides `fastest` where it gives one', async () => {
    const base = mixed(3);
    const withLatency = (t: RoutingTask): RoutingTask => ({ ...t, latency: { a: 100, b: 5_000, c: 9_000 } });
    const warmup = base.warmup.map(withLatency);
    const scored = base.scored.map(withLatency);
    const drawn = new Map([...warmup, ...scored].map((t, i) => [t, [...base.drawn.values()][i] as Record<string, 0 | 1>]));
    const run = await replayStrategy({ ...base, warmup, scored, drawn }, 'fastest');
    assert.deepEqual([...run.picks], [['a', scored.length]]);
  });
});
