import assert from 'node:assert/strict';
import type { RouteEvent, RouteResult } from '../../../src/core/router/routeEvents';
import type { RouteOptions } from '../../../src/core/router/routeOptions';
import { PhaseRouter } from '../../../src/core/tasks/phaseRouter';

describe('PhaseRouter', () => {
  const result: RouteResult = { requestId: 'r1', outcome: 'success', text: 'ok', modelId: 'a', partial: false, cached: false, attempts: [], explanation: 'generate → a (primary)' };
  /** A router that hands every event straight to onEvent, with no guard of its own. */
  const bare = (events: RouteEvent[]) => ({
    complete: async (_capability: unknown, _request: unknown, options: RouteOptions = {}) => {
      for (const e of events) options.onEvent?.(e);
      return result;
    },
  });

  it('keeps the fallbacks and goes on when its listener throws, whatever router it is given', async () => {
    const events: RouteEvent[] = [
      { type: 'fallback', from: 'a', to: 'b', reason: 'server error (HTTP 503)' },
      { type: 'text-delta', modelId: 'b', text: 'ok' },
    ];
    let heard = 0;
    const router = new PhaseRouter(bare(events), { taskId: 't1', phase: 'generate' }, () => {
      heard++;
      throw new Error('a broken listener');
    });
    assert.equal(await router.complete('generate', { messages: [] }), result);
    assert.equal(heard, 2);
    assert.deepEqual(router.fallbacks, [{ from: 'a', to: 'b', reason: 'server error (HTTP 503)' }]);
  });

  it('adds its own options to each call, with the call\'s exclusions after its own', async () => {
    let seen: RouteOptions | undefined;
    const router = new PhaseRouter(
      { complete: async (_c: unknown, _r: unknown, options: RouteOptions = {}) => ((seen = options), result) },
      { taskId: 't1', phase: 'review', exclude: ['x'] },
      () => undefined,
    );
    await router.complete('review', { messages: [] }, { exclude: ['y'] });
    assert.equal(seen?.taskId, 't1');
    assert.equal(seen?.phase, 'review');
    assert.deepEqual(seen?.exclude, ['x', 'y']);
    assert.equal(typeof seen?.onEvent, 'function');
  });
});
