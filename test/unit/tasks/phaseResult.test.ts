import assert from 'node:assert/strict';
import { NO_CALL_FIGURES, phaseFigures, phaseResultOf } from '../../../src/core/tasks/taskTotals';
import type { RouteResult } from '../../../src/core/router/routeEvents';

/** A phase's result and figures are built by assignment (Node 20 and spreads, see phaseResultOf): what they hold must not change. */
describe('phase results built by assignment', () => {
  it('holds the fields and figures given, and leaves out every optional one that has no value', () => {
    const result = phaseResultOf(
      { key: 'review', phase: 'review', round: undefined, capability: 'review', startedAt: 5, status: 'failed', error: 'review skipped: no model', note: undefined },
      { requestId: 'r1', modelId: 'm1', provider: 'openai', timeMs: 12, inputTokens: 3, outputTokens: 4, costUsd: 0.5, fallbacks: [{ from: 'm0', to: 'm1', reason: 'timeout' }] },
    );
    assert.deepEqual(result, {
      key: 'review',
      phase: 'review',
      capability: 'review',
      startedAt: 5,
      status: 'failed',
      error: 'review skipped: no model',
      requestId: 'r1',
      modelId: 'm1',
      provider: 'openai',
      timeMs: 12,
      inputTokens: 3,
      outputTokens: 4,
      costUsd: 0.5,
      fallbacks: [{ from: 'm0', to: 'm1', reason: 'timeout' }],
    });
    assert.deepEqual(Object.keys(phaseResultOf({ key: 'validate', phase: 'validate', startedAt: 0, status: 'succeeded' }, NO_CALL_FIGURES)).sort(), ['fallbacks', 'inputTokens', 'key', 'outputTokens', 'phase', 'startedAt', 'status', 'timeMs']);
  });

  it('names the model the phase kept over the figures\' one, and keeps a round, an output and a note', () => {
    const output = { kind: 'text', text: 'ok' } as const;
    const result = phaseResultOf({ key: 'refine#1', phase: 'refine', round: 1, startedAt: 0, status: 'succeeded', modelId: 'kept', output, note: 'picked' }, { ...NO_CALL_FIGURES, modelId: 'last' });
    assert.equal(result.modelId, 'kept');
    assert.equal(result.round, 1);
    assert.equal(result.output, output);
    assert.equal(result.note, 'picked');
  });

  it('sums every attempt of every call, and leaves the cost out when a call\'s price is unknown', () => {
    const call = (costUsd: number | undefined): RouteResult =>
      ({
        requestId: 'q',
        modelId: 'm',
        outcome: 'success',
        text: '',
        ...(costUsd !== undefined ? { costUsd } : {}),
        attempts: [{ modelId: 'm', provider: 'openai', outcome: 'success', latencyMs: 10, ttftMs: 2, usage: { input: { tokens: 5 }, output: { tokens: 7 } } }],
      }) as unknown as RouteResult;
    const priced = phaseFigures([call(0.1), call(0.2)], []);
    assert.deepEqual({ ...priced, costUsd: Math.round((priced.costUsd ?? 0) * 10) / 10 }, { requestId: 'q', modelId: 'm', provider: 'openai', timeMs: 20, ttftMs: 2, inputTokens: 10, outputTokens: 14, costUsd: 0.3, fallbacks: [] });
    assert.equal('costUsd' in phaseFigures([call(0.1), call(undefined)], []), false);
  });
});
