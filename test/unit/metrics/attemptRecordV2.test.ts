import assert from 'node:assert/strict';
import { attemptRecordSchema } from '../../../src/core/metrics/attemptRecordSchema';
import { registered } from '../router/fakeModel';
import { makeRouter, route } from '../router/harness';
import type { AttemptRecord } from '../../../src/core/metrics/attemptRecord';

/** A line as version 1 of the extension wrote it: none of the version-2 fields. */
const V1_LINE = {
  time: 1_790_000_000_000,
  requestId: 'r1',
  capability: 'generate',
  modelId: 'fast',
  provider: 'openai',
  providerModel: 'gpt-4o-mini',
  outcome: 'success',
  latencyMs: 420,
  ttftMs: 80,
  usage: {
    input: { tokens: 120, source: 'reported' },
    output: { tokens: 30, source: 'reported' },
    cacheRead: { tokens: 0, source: 'estimated' },
    cacheWrite: { tokens: 0, source: 'estimated' },
  },
  costUsd: 0.00004,
};

describe('attempt record version 2', () => {
  it('still reads a line written by version 1', () => {
    assert.equal(attemptRecordSchema.safeParse(V1_LINE).success, true);
  });

  it('reads the new outcome and fields, and refuses an origin it does not know', () => {
    const v2 = { ...V1_LINE, outcome: 'schema-failed', structured: true, origin: 'model-picker', taskId: 't-42', phase: 'plan' };
    const parsed = attemptRecordSchema.safeParse(v2);
    assert.ok(parsed.success);
    assert.equal(parsed.data.outcome, 'schema-failed');
    assert.equal(parsed.data.origin, 'model-picker');
    assert.equal(attemptRecordSchema.safeParse({ ...V1_LINE, origin: 'somewhere' }).success, false);
  });

  it('records where a routed request came from, and its task and phase', async () => {
    const a = registered({ id: 'a', provider: 'openai' });
    const recorded: AttemptRecord[] = [];
    const { router } = makeRouter({ models: [a], tiers: { plan: ['a'] }, recorder: { record: (r: AttemptRecord) => recorded.push(r) } });
    await route(router, 'plan', undefined, { origin: 'participant', taskId: 't-1', phase: 'plan' });
    assert.deepEqual(
      recorded.map((r) => [r.origin, r.taskId, r.phase]),
      [['participant', 't-1', 'plan']],
    );
  });
});
