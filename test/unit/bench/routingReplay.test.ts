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
    assert.equal(run.drift?.model, 'a');
    assert.ok((run.drift?.callsBeforeMove ?? 99) <= 3, `moved after ${run.drift?.callsBeforeMove} calls`);
  });
});
