import assert from 'node:assert/strict';
import type { IndexState } from '../../../../src/core/analysis/indexState';
import { INDEX_WAIT_MS, waitForIndex, type IndexReadiness, type ResearchNote } from '../../../../src/core/tasks/research/indexWait';

const READY: IndexState = { kind: 'ready', files: 12, symbols: 40, skipped: 0, at: 0 };

/** An index whose state the test moves by hand, with a clock and delays that only the test ends. */
function fakeIndex(initial: IndexState, options: { mayStart?: boolean } = {}) {
  let state = initial;
  let starts = 0;
  const waiting: (() => void)[] = [];
  const delays: { ms: number; expire: () => void; signal: AbortSignal }[] = [];
  const notes: ResearchNote[] = [];
  let clock = 1000;
  const readiness: IndexReadiness = {
    state: () => state,
    start() {
      if (options.mayStart === false) return false;
      starts++;
      state = { kind: 'indexing', done: 0, total: 0 };
      return true;
    },
    settled: () => (state.kind === 'indexing' ? new Promise<void>((resolve) => waiting.push(resolve)) : Promise.resolve()),
  };
  return {
    readiness,
    get starts() {
      return starts;
    },
    delays,
    notes,
    /** The delay set for `ms`. */
    delay(ms: number) {
      const found = delays.find((d) => d.ms === ms);
      if (!found) throw new Error(`no delay of ${ms} ms among ${delays.map((d) => d.ms).join(', ')}`);
      return found;
    },
    /** Moves the index to `next` after `ms` on the clock. */
    become(next: IndexState, ms: number) {
      clock += ms;
      state = next;
      if (next.kind !== 'indexing') for (const resolve of waiting.splice(0)) resolve();
    },
    options: (signal?: AbortSignal) => ({
      ...(signal ? { signal } : {}),
      now: () => clock,
      onNote: (note: ResearchNote) => notes.push(note),
      delay: (ms: number, stop: AbortSignal) =>
        new Promise<void>((resolve, reject) => {
          delays.push({ ms, expire: resolve, signal: stop });
          stop.addEventListener('abort', () => reject(new Error('stopped')), { once: true });
        }),
    }),
    tick(ms: number) {
      clock += ms;
    },
  };
}

/** Lets the wait reach its race (its awaits before it are microtasks). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('research waits for the workspace index', () => {
  it('does not wait, start a build or say anything when the index is ready', async () => {
    const fx = fakeIndex(READY);
    await waitForIndex(fx.readiness, fx.options());
    assert.equal(fx.starts, 0);
    assert.equal(fx.delays.length, 0);
    assert.deepEqual(fx.notes, []);
  });

  it('starts a build that was not started, says it is waiting once a second has passed, then how long it waited', async () => {
    const fx = fakeIndex({ kind: 'idle' });
    const waited = waitForIndex(fx.readiness, fx.options());
    await settle();
    assert.equal(fx.starts, 1, 'the build starts when research asks, not only after the background delay');
    assert.deepEqual(fx.delays.map((d) => d.ms).sort((a, b) => a - b), [1000, INDEX_WAIT_MS]);
    fx.become({ kind: 'indexing', done: 340, total: 1200 }, 1000);
    fx.delay(1000).expire();
    await settle();
    assert.deepEqual(fx.notes, [{ text: 'Research is waiting for the workspace index to be built (340 of 1,200 files so far), up to 15 s.', level: 'info' }]);
    fx.become(READY, 1300);
    await waited;
    assert.deepEqual(fx.notes.at(-1), { text: 'Research waited 2.3 s for the workspace index to be built.', level: 'info' });
    assert.ok(fx.delays.every((d) => d.signal.aborted), 'the wait’s timers are ended once the index is ready');
  });

  it('says nothing about a wait shorter than a second', async () => {
    const fx = fakeIndex({ kind: 'indexing', done: 10, total: 12 });
    const waited = waitForIndex(fx.readiness, fx.options());
    await settle();
    fx.become(READY, 400);
    await waited;
    fx.delay(1000).expire();
    await settle();
    assert.deepEqual(fx.notes, [], 'not even when the one-second timer fires late');
    assert.equal(fx.starts, 0, 'a build under way is joined, not started again');
  });

  it('goes on without the index after the limit and says how far the build was', async () => {
    const fx = fakeIndex({ kind: 'indexing', done: 0, total: 0 });
    const waited = waitForIndex(fx.readiness, fx.options());
    await settle();
    fx.delay(1000).expire();
    await settle();
    assert.deepEqual(fx.notes, [{ text: 'Research is waiting for the workspace index to be built, up to 15 s.', level: 'info' }], 'no count before the build has counted its files');
    fx.become({ kind: 'indexing', done: 3400, total: 12000 }, 0);
    fx.tick(INDEX_WAIT_MS);
    fx.delay(INDEX_WAIT_MS).expire();
    await waited;
    assert.deepEqual(fx.notes.at(-1), { text: 'Research went on without the workspace index, still being built after 15 s (3,400 of 12,000 files): its context is the files the task names.', level: 'warn' });
  });

  it('does not start a build when automatic indexing is off, and says how to build it', async () => {
    const fx = fakeIndex({ kind: 'idle' }, { mayStart: false });
    await waitForIndex(fx.readiness, fx.options());
    assert.equal(fx.notes.length, 1);
    assert.equal(fx.notes[0]?.level, 'warn');
    assert.match(fx.notes[0]?.text ?? '', /^Research ran without the workspace index: it is not built and switchboard\.analysis\.autoIndex is off \(run "Switchboard: Analyze Workspace"/);
    assert.equal(fx.delays.length, 0);
  });

  it('names the failure of a build that failed', async () => {
    const fx = fakeIndex({ kind: 'indexing', done: 1, total: 9 });
    const waited = waitForIndex(fx.readiness, fx.options());
    await settle();
    fx.become({ kind: 'failed', message: 'EACCES: permission denied, scandir /w/private.' }, 50);
    await waited;
    assert.deepEqual(fx.notes, [{ text: 'Research ran without the workspace index, which could not be built: EACCES: permission denied, scandir /w/private.', level: 'warn' }]);
  });

  it('ends at once, saying nothing, when the task is stopped during the wait', async () => {
    const fx = fakeIndex({ kind: 'indexing', done: 1, total: 9 });
    const stop = new AbortController();
    const waited = waitForIndex(fx.readiness, fx.options(stop.signal));
    await settle();
    stop.abort();
    await waited;
    assert.deepEqual(fx.notes, []);
    assert.ok(fx.delays.every((d) => d.signal.aborted));
  });
});
