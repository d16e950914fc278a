import assert from 'node:assert/strict';
import type { LanguageModel, StreamPart } from '../../../src/core/providers/contract';
import type { ModelConfig } from '../../../src/core/models/modelConfig';
import { makeRouter, reportedUsage, route } from './harness';

/** Answers on a simulated clock: 700 ms to the first token, 1,500 ms in all. */
class TimedModel implements LanguageModel {
  readonly specificationVersion = 'v2' as const;
  readonly provider = 'openai' as const;
  readonly modelId = 'timed';
  constructor(private readonly clock: { t: number }) {}

  async *stream(): AsyncGenerator<StreamPart> {
    this.clock.t += 700;
    yield { type: 'text-delta', text: 'hello' };
    this.clock.t += 800;
    yield { type: 'finish', reason: 'stop', usage: reportedUsage(10, 1) };
  }
}

describe('the router measures latency on its injected clock', () => {
  it('sets latencyMs and ttftMs from the `clock` option, not from the machine', async () => {
    const monotonic = { t: 5_000 };
    const config: ModelConfig = { id: 'timed', provider: 'openai', model: 'timed' };
    const { router } = makeRouter({ models: [{ config, model: new TimedModel(monotonic) }], tiers: { generate: ['timed'] }, clock: () => monotonic.t });
    const { result } = await route(router, 'generate');
    const [record] = result.attempts;
    assert.equal(record?.ttftMs, 700);
    assert.equal(record?.latencyMs, 1_500);
    // The adaptive scores learn the same figure.
    assert.equal(router.measured('generate', 'timed').latencyMs, 700);
  });

  it('Test Model is measured on the same clock', async () => {
    const monotonic = { t: 0 };
    const config: ModelConfig = { id: 'timed', provider: 'openai', model: 'timed' };
    const { router } = makeRouter({ models: [{ config, model: new TimedModel(monotonic) }], clock: () => monotonic.t });
    const tested = await router.testModel('timed');
    assert.equal(tested?.record.ttftMs, 700);
    assert.equal(tested?.record.latencyMs, 1_500);
  });
});
