import assert from 'node:assert/strict';
import type { ModelConfig } from '../../../src/core/models/modelConfig';
import type { AttemptRecord } from '../../../src/core/metrics/attemptRecord';
import { estimateRequestTokens } from '../../../src/core/providers/tokenEstimate';
import { ModelRouter } from '../../../src/core/router/modelRouter';
import { ModelStats } from '../../../src/core/router/modelStats';
import { ModelRegistry } from '../../../src/core/router/registry';
import { createTaskCatalogue } from '../../../src/core/tasks/taskCatalogue';
import { FakeClock, settingsWith } from '../router/harness';

const cloud: ModelConfig = { id: 'cloud', provider: 'openai', model: 'gpt-4o-mini', price: { input: 2, output: 10 }, maxOutputTokens: 500 };
const local: ModelConfig = { id: 'local', provider: 'ollama', model: 'llama3.2' };
const unpriced: ModelConfig = { id: 'odd', provider: 'openai-compatible', model: 'mystery', baseUrl: 'https://example.invalid/v1' };

function observed(modelId: string, outcome: AttemptRecord['outcome'], time: number): Parameters<ModelStats['observe']>[0] {
  return { capability: 'generate', modelId, outcome, latencyMs: 100, time, cached: false } as Parameters<ModelStats['observe']>[0];
}

describe('Task catalogue', () => {
  const clock = new FakeClock();
  let stats: ModelStats;
  let localOnly = false;
  const catalogue = () => createTaskCatalogue({ models: () => [cloud, local, unpriced], stats: (c, id) => stats.view(c, id), localOnly: () => localOnly });
  beforeEach(() => {
    stats = new ModelStats(60 * 60_000, clock.now);
    localOnly = false;
  });

  it('prices the worst case as every prompt token plus the model’s whole output allowance', () => {
    const request = { messages: [{ role: 'user' as const, content: 'Add a discount code to the checkout, please.' }] };
    const prompt = estimateRequestTokens(request);
    assert.ok(prompt > 5);
    const cost = catalogue().requestCostUsd('cloud', request);
    assert.ok(Math.abs((cost ?? NaN) - (prompt * 2 + 500 * 10) / 1e6) < 1e-12, `cost ${cost}`);
    // The request's own cap wins over the model's.
    const capped = catalogue().requestCostUsd('cloud', { ...request, maxOutputTokens: 10 });
    assert.ok(Math.abs((capped ?? NaN) - (prompt * 2 + 10 * 10) / 1e6) < 1e-12);
  });

  it('says whether any model in force has a context window, reading the models each time', () => {
    let models: ModelConfig[] = [cloud, local];
    const live = createTaskCatalogue({ models: () => models, stats: (c, id) => stats.view(c, id), localOnly: () => false });
    assert.equal(live.anyContextWindow(), false);
    models = [cloud, { ...local, contextWindow: 8192 }];
    assert.equal(live.anyContextWindow(), true);
  });

  it('counts tools and a response schema in the prompt', () => {
    const plain = { messages: [{ role: 'user' as const, content: 'Plan it.' }] };
    const withSchema = { ...plain, responseSchema: { name: 'plan', schema: { type: 'object', properties: { steps: { type: 'array', items: { type: 'string' } } } } } };
    assert.ok((catalogue().requestCostUsd('cloud', withSchema) ?? 0) > (catalogue().requestCostUsd('cloud', plain) ?? 0));
  });

  it('treats local models as free and unknown prices and models as unknown, never free', () => {
    const request = { messages: [{ role: 'user' as const, content: 'hi' }] };
    assert.equal(catalogue().requestCostUsd('local', request), 0);
    assert.equal(catalogue().requestCostUsd('odd', request), undefined);
    assert.equal(catalogue().requestCostUsd('gone', request), undefined);
  });

  it('reports the measured success rate, and nothing while a model is unmeasured', () => {
    assert.equal(catalogue().successRate('cloud', 'generate'), undefined);
    stats.observe(observed('cloud', 'success', clock.t));
    stats.observe(observed('cloud', 'success', clock.t));
    stats.observe(observed('cloud', 'error', clock.t));
    const rate = catalogue().successRate('cloud', 'generate');
    assert.ok(rate !== undefined && rate > 0.5 && rate < 1, `rate ${rate}`);
    assert.equal(catalogue().successRate('cloud', 'review'), undefined, 'per capability');
  });

  it('knows locality and follows the local-only setting as it changes', () => {
    const c = catalogue();
    assert.equal(c.isLocal('local'), true);
    assert.equal(c.isLocal('cloud'), false);
    assert.equal(c.isLocal('gone'), false);
    assert.equal(c.localOnly, false);
    localOnly = true;
    assert.equal(c.localOnly, true);
    assert.equal(c.model('cloud')?.model, 'gpt-4o-mini');
  });

  it('reads the router’s own measurements through measured()', () => {
    const router = new ModelRouter({ registry: new ModelRegistry([], {}), settings: settingsWith(), now: clock.now });
    const fromRouter = createTaskCatalogue({ models: () => [cloud], stats: (c, id) => router.measured(c, id), localOnly: () => false });
    assert.equal(fromRouter.successRate('cloud', 'generate'), undefined);
    router.observe(observed('cloud', 'error', clock.t) as AttemptRecord);
    const rate = fromRouter.successRate('cloud', 'generate');
    assert.ok(rate !== undefined && rate < 0.5, `rate ${rate}`);
    router.dispose();
  });
});
