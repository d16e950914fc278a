import assert from 'node:assert/strict';
import type { ModelConfig } from '../../../src/core/models/modelConfig';
import { costOf } from '../../../src/core/pricing/costOf';
import { catalogCost, catalogPriceLookup, costFromPrice, worstCaseCost } from '../../../src/core/pricing/priceLookup';
import { reportedUsage } from '../router/harness';

describe('router pricing', () => {
  const lookup = catalogPriceLookup();
  const cfg = (c: Partial<ModelConfig> & Pick<ModelConfig, 'provider' | 'model'>): ModelConfig => ({ id: c.model, ...c }) as ModelConfig;

  it('reads per-million prices from the catalog, the override, or local', () => {
    assert.deepEqual(lookup(cfg({ provider: 'openai', model: 'gpt-4o-mini' })), { input: 0.15, output: 0.6 });
    assert.deepEqual(lookup(cfg({ provider: 'openai', model: 'gpt-4o-mini', price: { input: 1, output: 2 } })), { input: 1, output: 2 });
    assert.deepEqual(lookup(cfg({ provider: 'ollama', model: 'llama3.2' })), { input: 0, output: 0 });
    assert.equal(lookup(cfg({ provider: 'openai-compatible', model: 'my-finetune', baseUrl: 'https://llm.example.com/v1' })), undefined);
  });

  it('prices calls with the catalog and keeps unknown unknown', () => {
    assert.equal(catalogCost(cfg({ provider: 'openai', model: 'gpt-4o-mini' }), reportedUsage(1_000_000, 0)), 0.15);
    assert.equal(catalogCost(cfg({ provider: 'vscode-lm', model: 'copilot-gpt-4o' }), reportedUsage(10, 10)), undefined);
  });

  it('bounds a request by its prompt and whole output allowance', () => {
    assert.equal(worstCaseCost({ input: 1, output: 10 }, 1000, 100), (1000 + 1000) / 1e6);
    assert.equal(worstCaseCost(undefined, 1000, 100), undefined);
  });

  it('estimates a prompt over a long-context threshold at the tier it will be billed at', () => {
    for (const config of [cfg({ provider: 'anthropic', model: 'claude-sonnet-4-5' }), cfg({ provider: 'openai-compatible', model: 'gemini-2.5-pro', baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai' })]) {
      const price = lookup(config);
      for (const promptTokens of [1_000, 200_000, 200_001, 250_000]) {
        const actual = costOf(reportedUsage(promptTokens, 1_000), config).usd as number;
        const estimate = worstCaseCost(price, promptTokens, 1_000) as number;
        assert.ok(Math.abs(estimate - actual) < 1e-9, `${config.model} at ${promptTokens} prompt tokens: estimate ${estimate} vs billed ${actual}`);
        assert.ok(Math.abs(costFromPrice(price as NonNullable<typeof price>, reportedUsage(promptTokens, 1_000)) - actual) < 1e-9);
      }
    }
    // Flat-priced models keep one set of rates.
    assert.equal(lookup(cfg({ provider: 'openai', model: 'gpt-4o-mini' }))?.tiers, undefined);
  });
});
