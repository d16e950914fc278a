import assert from 'node:assert/strict';
import { EventChannel, runLimited } from '../../../src/core/tasks/eventChannel';

describe('EventChannel', () => {
  it('starts at the first next(), not before, and hands over what was pushed in order, then the end', async () => {
    let started = 0;
    const channel: EventChannel<number> = new EventChannel<number>(() => {
      started++;
      channel.push(1);
      channel.push(2);
    });
    assert.equal(started, 0);
    const first = channel.next();
    assert.equal(started, 1);
    assert.deepEqual(await first, { value: 1, done: false });
    channel.push(3);
    channel.close();
    channel.push(4);
    const rest: number[] = [];
    for await (const n of channel) rest.push(n);
    assert.deepEqual(rest, [2, 3], 'what was queued before close, nothing after');
    assert.equal(started, 1);
  });

  it('a reader waiting for the next item gets it when it is pushed', async () => {
    const channel = new EventChannel<string>();
    const waiting = channel.next();
    let settled = false;
    void waiting.then(() => (settled = true));
    await Promise.resolve();
    assert.equal(settled, false);
    channel.push('a');
    assert.deepEqual(await waiting, { value: 'a', done: false });
  });

  it('a reader that leaves early is told once; one that read to the end is not', async () => {
    let left = 0;
    const channel = new EventChannel<number>(() => channel.push(1), () => left++);
    for await (const n of channel) {
      assert.equal(n, 1);
      break;
    }
    assert.equal(left, 1);
    await channel.return();
    assert.equal(left, 1);
    assert.deepEqual(await channel.next(), { value: undefined, done: true });

    let leftAfterEnd = 0;
    const ended = new EventChannel<number>(() => (ended.push(1), ended.close()), () => leftAfterEnd++);
    for await (const n of ended) assert.equal(n, 1);
    assert.equal(leftAfterEnd, 0);
  });
});

describe('runLimited', () => {
  /** Jobs that wait until released, counting how many run at once. */
  function gatedJobs(count: number): { jobs: (() => Promise<number>)[]; running: () => number; most: () => number; release(i: number): void } {
    let running = 0;
    let most = 0;
    const gates: (() => void)[] = [];
    const jobs = Array.from({ length: count }, (_, i) => async () => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => (gates[i] = resolve));
      running--;
      return i * 10;
    });
    return { jobs, running: () => running, most: () => most, release: (i) => gates[i]?.() };
  }
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };

  it('runs at most `limit` jobs at a time and resolves with their results in order', async () => {
    const g = gatedJobs(4);
    const all = runLimited(g.jobs, 2);
    await settle();
    assert.equal(g.running(), 2, 'two started, two wait');
    for (const i of [1, 0, 2, 3]) {
      g.release(i);
      await settle();
    }
    assert.deepEqual(await all, [0, 10, 20, 30]);
    assert.equal(g.most(), 2);
  });

  it('starts every job at once when the limit allows them all', async () => {
    const g = gatedJobs(3);
    const all = runLimited(g.jobs, 3);
    await settle();
    assert.equal(g.running(), 3);
    for (const i of [2, 1, 0]) g.release(i);
    assert.deepEqual(await all, [0, 10, 20]);
  });
});
