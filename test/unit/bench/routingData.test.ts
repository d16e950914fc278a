import assert from 'node:assert/strict';
import { bernoulli, drawOutcomes, parseRoutingData, ratio, shuffled, spreadOf, warmupSplit, type RoutingTask } from '../../../bench/lib/routingData';
import { generateRoutingJsonl } from '../../../bench/lib/routingSynthetic';
import { frontier, warmupFacts } from '../../../bench/lib/routingWarmup';
import { seededRandom } from '../../../src/core/router/rng';

const line = (task: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ task, outcomes: { a: 1, b: 0.3 }, cost: { a: 0.01, b: 0.001 }, ...extra });

describe('routing replay data', () => {
  describe('parseRoutingData', () => {
    it('reads one task per line, keeps the models of line 1 and ignores blank lines and other fields', () => {
      const data = parseRoutingData(`${line('1', { date: '2024-01-02', difficulty: 'easy' })}\n\n${line('2')}\n`, 'd.jsonl');
      assert.deepEqual(data.models, ['a', 'b']);
      assert.equal(data.tasks.length, 2);
      assert.equal(data.tasks[0]?.date, '2024-01-02');
      assert.equal(data.tasks[1]?.outcomes.b, 0.3);
    });

    it('names the file and line of a bad value, a line that is not JSON, a missing cost and a changed model set', () => {
      const bad = JSON.stringify({ task: '2', outcomes: { a: 1.5, b: 0 }, cost: { a: 0, b: 0 } });
      assert.throws(() => parseRoutingData(`${line('1')}\n${bad}`, 'd.jsonl'), /^Error: d\.jsonl:2: outcomes\.a: .*/);
      assert.throws(() => parseRoutingData(`${line('1')}\n{oops`, 'd.jsonl'), /d\.jsonl:2: not JSON/);
      const unpriced = JSON.stringify({ task: '1', outcomes: { a: 1 }, cost: {} });
      assert.throws(() => parseRoutingData(unpriced, 'd.jsonl'), /d\.jsonl:1: cost is missing for a/);
      const other = JSON.stringify({ task: '2', outcomes: { a: 1, c: 1 }, cost: { a: 0, c: 0 } });
      assert.throws(() => parseRoutingData(`${line('1')}\n${other}`, 'd.jsonl'), /d\.jsonl:2: every line must name the models of line 1; missing b; not on line 1: c/);
      assert.throws(() => parseRoutingData(JSON.stringify({ outcomes: {}, cost: {} }), 'd.jsonl'), /d\.jsonl:1: task: /);
      assert.throws(() => parseRoutingData('\n', 'd.jsonl'), /d\.jsonl: no tasks/);
    });

    it('reads a generated 500 × 24 file', () => {
      const data = parseRoutingData(generateRoutingJsonl(500, 24), 'generated');
      assert.equal(data.tasks.length, 500);
      assert.equal(data.models.length, 24);
    });
  });

  describe('warmupSplit', () => {
    const task = (id: string, date?: string): RoutingTask => ({ task: id, ...(date ? { date } : {}), outcomes: { a: 1 }, cost: { a: 1 } });

    it('takes the oldest 20% by date as the warm-up and scores the rest in the seeded order', () => {
      const tasks = ['2024-05', '2024-01', '2024-03', '2024-02', '2024-04', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10'].map((d, i) => task(`t${i}`, d));
      const order = shuffled(tasks, seededRandom(3));
      const split = warmupSplit(tasks, order);
      assert.equal(split.by, 'date');
      assert.deepEqual(split.warmup.map((t) => t.date), ['2024-01', '2024-02']);
      assert.deepEqual(split.scored, order.filter((t) => !split.warmup.includes(t)));
    });

    it('without a date on every task, the warm-up is the first 20% of the seeded order', () => {
      const tasks = Array.from({ length: 10 }, (_, i) => task(`t${i}`, i === 0 ? '2024-01' : undefined));
      const order = shuffled(tasks, seededRandom(9));
      const split = warmupSplit(tasks, order);
      assert.equal(split.by, 'seeded order');
      assert.deepEqual(split.warmup, order.slice(0, 2));
      assert.deepEqual(split.scored, order.slice(2));
    });
  });

  describe('seeded draws', () => {
    it('the same seed gives the same order and outcomes; a fractional outcome comes out near its rate', () => {
      const tasks = Array.from({ length: 4000 }, (_, i): RoutingTask => ({ task: `t${i}`, outcomes: { a: 0.3, sure: 1, never: 0 }, cost: { a: 0, sure: 0, never: 0 } }));
      const one = drawOutcomes(tasks, ['a', 'sure', 'never'], seededRandom(5));
      const again = drawOutcomes(tasks, ['a', 'sure', 'never'], seededRandom(5));
      assert.deepEqual([...one.values()], [...again.values()]);
      const share = [...one.values()].reduce((n, r) => n + (r.a ?? 0), 0) / tasks.length;
      assert.ok(Math.abs(share - 0.3) < 0.03, `share ${share}`);
      assert.ok([...one.values()].every((r) => r.sure === 1 && r.never === 0));
      assert.deepEqual(shuffled([1, 2, 3, 4, 5], seededRandom(2)), shuffled([1, 2, 3, 4, 5], seededRandom(2)));
      const other = drawOutcomes(tasks, ['a'], seededRandom(6));
      assert.notDeepEqual([...other.values()].map((r) => r.a), [...one.values()].map((r) => r.a));
    });

    it('bernoulli is 1 exactly when the draw is below the rate', () => {
      assert.equal(bernoulli(0.3, () => 0.29), 1);
      assert.equal(bernoulli(0.3, () => 0.3), 0);
    });
  });

  describe('ratios, spread and the warm-up facts', () => {
    it('ratio is value over base, 1 for 0/0 and Infinity over 0', () => {
      assert.equal(ratio(0.3, 0.6), 0.5);
      assert.equal(ratio(0, 0), 1);
      assert.equal(ratio(1, 0), Infinity);
      assert.deepEqual(spreadOf([1, 2, 3]), { mean: 2, min: 1, max: 3, sd: 1 });
      assert.equal(spreadOf([5]).sd, 0, 'one seed has no spread');
    });

    it('builds the tier from the warm-up only: the price/success frontier, most successful first', () => {
      const warm: RoutingTask[] = [0, 1, 2, 3].map((i) => ({ task: `w${i}`, outcomes: {}, cost: { big: 0.1, mid: 0.01, dear: 0.2, small: 0.001 } }));
      const outcomes: Record<string, (0 | 1)[]> = { big: [1, 1, 1, 1], mid: [1, 1, 1, 0], dear: [1, 1, 1, 0], small: [1, 0, 0, 0] };
      const drawn = new Map(warm.map((t, i) => [t, Object.fromEntries(Object.entries(outcomes).map(([m, o]) => [m, o[i] as 0 | 1]))]));
      const facts = warmupFacts(warm, ['big', 'mid', 'dear', 'small'], drawn);
      assert.equal(facts.bestSingle, 'big');
      assert.equal(facts.cheapest, 'small');
      assert.deepEqual(facts.tier, ['big', 'mid', 'small'], 'dear is as good as mid at 20× the cost');
      assert.deepEqual(frontier([{ model: 'x', success: 1, costUsd: 1 }, { model: 'y', success: 0.5, costUsd: 1 }]), ['x']);
    });
  });
});
