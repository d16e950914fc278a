import assert from 'node:assert/strict';
import { type ConditionalPrice, findProvider, type ModelPrice as CatalogPrice } from '@pydantic/genai-prices';
import { costOf as costAt, type PricedModel } from '../../../src/core/pricing/costOf';
import { catalogLookupFor } from '../../../src/core/pricing/providerIds';
import type { FigureSource, Usage } from '../../../src/core/providers/contract';

function usage(input: number, output: number, cacheRead = 0, cacheWrite = 0, source: FigureSource = 'reported'): Usage {
  return {
    input: { tokens: input, source },
    output: { tokens: output, source },
    cacheRead: { tokens: cacheRead, source },
    cacheWrite: { tokens: cacheWrite, source },
  };
}

/** A flat per-million rate from the library's own bundled catalog, so the tests follow its data. */
function catalogRate(providerId: string, modelId: string, key: string, at: Date = PEAK): number {
  const provider = findProvider({ providerId });
  assert.ok(provider, `catalog has provider ${providerId}`);
  const model = provider.models.find((m) => m.id === modelId);
  assert.ok(model, `catalog has model ${modelId}`);
  const rate = currentPrices(model.prices, at)[key];
  assert.equal(typeof rate, 'number', `${modelId}.${key} is a flat rate`);
  return rate as number;
}

/**
 * Calls are priced at fixed instants, never at the wall clock: some catalog prices depend on the
 * date (dated price changes) or on the time of day (DeepSeek's off-peak hours, 16:30-00:30 UTC).
 */
const PEAK = new Date('2026-06-15T10:00:00Z');
const OFF_PEAK = new Date('2026-06-15T20:00:00Z');

function inForceAt(constraint: ConditionalPrice['constraint'], at: Date): boolean {
  if (constraint === undefined) return true;
  if (constraint.type === 'start_date') return new Date(constraint.start_date) <= at;
  const time = at.toISOString().slice(11, 19);
  const start = constraint.start_time.slice(0, 8);
  const end = constraint.end_time.slice(0, 8);
  return start <= end ? time >= start && time < end : time >= start || time < end;
}

/** The catalog's price set in force at `at` (some models list dated or time-of-day prices). */
function currentPrices(prices: CatalogPrice | ConditionalPrice[], at: Date = PEAK): CatalogPrice {
  if (!Array.isArray(prices)) return prices;
  const inForce = prices.filter((p) => inForceAt(p.constraint, at));
  const last = inForce[inForce.length - 1];
  assert.ok(last, 'a price set is in force');
  return last.prices;
}

/** Every call in these tests is priced at a fixed peak-hour instant unless a test names another. */
function costOf(u: Usage, model: PricedModel, at: Date = PEAK): ReturnType<typeof costAt> {
  return costAt(u, model, { at });
}

function close(actual: number | undefined, expected: number, message?: string): void {
  assert.ok(actual !== undefined, message ?? 'cost is known');
  assert.ok(Math.abs(actual - expected) <= 1e-12 + Math.abs(expected) * 1e-9, `${message ?? ''} ${actual} ≈ ${expected}`);
}

describe('costOf', () => {
  it('prices gpt-4o-mini from the bundled catalog (input and output rates)', () => {
    const cost = costOf(usage(1_000_000, 1_000_000), { provider: 'openai', model: 'gpt-4o-mini' });
    assert.equal(cost.source, 'genai-prices');
    const expected = catalogRate('openai', 'gpt-4o-mini', 'input_mtok') + catalogRate('openai', 'gpt-4o-mini', 'output_mtok');
    close(cost.usd, expected);
    // The published price at the time of writing, so a catalog that went wrong would be noticed too.
    close(cost.usd, 0.15 + 0.6);
  });

  it('charges cached input at the cache-read rate (input counts include the cached part)', () => {
    const cost = costOf(usage(10_000, 500, 8_000), { provider: 'openai', model: 'gpt-4o-mini' });
    const input = catalogRate('openai', 'gpt-4o-mini', 'input_mtok');
    const cached = catalogRate('openai', 'gpt-4o-mini', 'cache_read_mtok');
    const output = catalogRate('openai', 'gpt-4o-mini', 'output_mtok');
    assert.ok(cached < input, 'the catalog gives gpt-4o-mini a cheaper cached rate');
    close(cost.usd, (2_000 * input + 8_000 * cached + 500 * output) / 1e6);
  });

  it('prices Anthropic cache writes and reads for a dated claude-sonnet-4 name', () => {
    const cost = costOf(usage(4_740, 255, 0, 4_735), { provider: 'anthropic', model: 'claude-sonnet-4-20250514' });
    assert.equal(cost.source, 'genai-prices');
    const r = (k: string) => catalogRate('anthropic', 'claude-sonnet-4-0', k);
    close(cost.usd, (5 * r('input_mtok') + 4_735 * r('cache_write_mtok') + 255 * r('output_mtok')) / 1e6);
  });

  it('adds cache figures to an input count that excludes them instead of failing', () => {
    // Anthropic's wire input_tokens excludes the cache: 100 uncached + 5000 read.
    const cost = costOf(usage(100, 10, 5_000), { provider: 'anthropic', model: 'claude-sonnet-4-20250514' });
    const r = (k: string) => catalogRate('anthropic', 'claude-sonnet-4-0', k);
    close(cost.usd, (100 * r('input_mtok') + 5_000 * r('cache_read_mtok') + 10 * r('output_mtok')) / 1e6);
  });

  it('applies the long-context tier for claude-sonnet-4-5 above 200k input tokens', () => {
    const small = costOf(usage(100_000, 1_000), { provider: 'anthropic', model: 'claude-sonnet-4-5' });
    const large = costOf(usage(300_000, 1_000), { provider: 'anthropic', model: 'claude-sonnet-4-5' });
    const model = findProvider({ providerId: 'anthropic' })?.models.find((m) => m.id === 'claude-sonnet-4-5');
    const prices = model?.prices as Record<string, { base: number; tiers: { start: number; price: number }[] }>;
    const input = prices['input_mtok'];
    const output = prices['output_mtok'];
    assert.ok(input && output && input.tiers[0] && output.tiers[0], 'claude-sonnet-4-5 has tiered prices in the catalog');
    close(small.usd, (100_000 * input.base + 1_000 * output.base) / 1e6, 'below the tier');
    close(large.usd, (300_000 * input.tiers[0].price + 1_000 * output.tiers[0].price) / 1e6, 'above the tier');
  });

  it('finds the provider of an OpenAI-compatible endpoint from its base URL', () => {
    const groq = costOf(usage(1_000_000, 0), { provider: 'openai-compatible', model: 'llama-3.3-70b-versatile', baseUrl: 'https://api.groq.com/openai/v1' });
    close(groq.usd, catalogRate('groq', 'llama-3.3-70b-versatile', 'input_mtok'));
    const deepseek = costOf(usage(0, 1_000_000), { provider: 'openai-compatible', model: 'deepseek-chat', baseUrl: 'https://api.deepseek.com/v1' });
    close(deepseek.usd, catalogRate('deepseek', 'deepseek-chat', 'output_mtok'));
    const offPeak = costOf(usage(0, 1_000_000), { provider: 'openai-compatible', model: 'deepseek-chat', baseUrl: 'https://api.deepseek.com/v1' }, OFF_PEAK);
    close(offPeak.usd, catalogRate('deepseek', 'deepseek-chat', 'output_mtok', OFF_PEAK), 'off-peak rate');
    assert.ok((offPeak.usd ?? Infinity) < (deepseek.usd ?? 0), 'the off-peak call costs less than the peak-hour one');
    const gemini = costOf(usage(1_000_000, 0), {
      provider: 'openai-compatible',
      model: 'gemini-2.5-flash',
      baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai/',
    });
    close(gemini.usd, catalogRate('google', 'gemini-2.5-flash', 'input_mtok'));
    assert.deepEqual(catalogLookupFor('openai-compatible', 'https://openrouter.ai/api/v1'), { kind: 'api-url', providerApiUrl: 'https://openrouter.ai/api/v1' });
  });

  it('falls back to the model name behind an endpoint the catalog does not know', () => {
    const cost = costOf(usage(1_000_000, 0), { provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: 'https://gateway.example.com/v1' });
    assert.equal(cost.source, 'genai-prices');
    close(cost.usd, catalogRate('openai', 'gpt-4o-mini', 'input_mtok'));
  });

  it('lets the price override win over the catalog', () => {
    const cost = costOf(usage(2_000_000, 1_000_000, 1_000_000), {
      provider: 'openai',
      model: 'gpt-4o-mini',
      price: { input: 1, output: 2, cacheRead: 0.5 },
    });
    assert.equal(cost.source, 'override');
    close(cost.usd, 1 * 1 + 1 * 0.5 + 1 * 2);
  });

  it('charges cached tokens at the input rate when the override names no cache rate', () => {
    const cost = costOf(usage(1_000_000, 0, 400_000, 100_000), { provider: 'openai-compatible', model: 'x', baseUrl: 'https://llm.example.net/v1', price: { input: 3, output: 9 } });
    close(cost.usd, 3);
  });

  it('prices local models at a known 0 and vscode.lm models as unknown', () => {
    assert.deepEqual(costOf(usage(5_000, 5_000), { provider: 'ollama', model: 'llama3.2' }), { usd: 0, source: 'local' });
    assert.deepEqual(costOf(usage(5_000, 5_000), { provider: 'openai-compatible', model: 'qwen', baseUrl: 'http://10.0.0.2:8000/v1', local: true }), {
      usd: 0,
      source: 'local',
    });
    // A loopback address alone says where the model runs, not that it is free (issue 14 item 13).
    assert.deepEqual(costOf(usage(5_000, 5_000), { provider: 'openai-compatible', model: 'qwen', baseUrl: 'http://localhost:1234/v1' }), {
      usd: undefined,
      source: 'unknown',
    });
    assert.deepEqual(costOf(usage(5_000, 5_000), { provider: 'vscode-lm', model: 'gpt-4o' }), { usd: undefined, source: 'unknown' });
  });

  it('prices a known model behind a local proxy from the catalog, not as free', () => {
    // A gateway on this machine in front of OpenAI: the calls cost what OpenAI charges.
    const proxied = costOf(usage(1_000_000, 0), { provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: 'http://127.0.0.1:4000/v1' });
    assert.equal(proxied.source, 'genai-prices');
    assert.ok((proxied.usd ?? 0) > 0, `priced, not free: ${JSON.stringify(proxied)}`);
    // What the person says wins: `local: true` makes it free.
    assert.deepEqual(costOf(usage(1_000_000, 0), { provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: 'http://127.0.0.1:4000/v1', local: true }), { usd: 0, source: 'local' });
  });

  it('keeps an unknown model unknown (undefined, never 0)', () => {
    const cost = costOf(usage(1_000, 1_000), { provider: 'openai', model: 'no-such-model-xyz' });
    assert.deepEqual(cost, { usd: undefined, source: 'unknown' });
    const remote = costOf(usage(1_000, 1_000), { provider: 'openai-compatible', model: 'my-finetune', baseUrl: 'https://llm.example.net/v1' });
    assert.deepEqual(remote, { usd: undefined, source: 'unknown' });
    const explicitlyRemoteOllama = costOf(usage(1_000, 1_000), { provider: 'ollama', model: 'my-finetune', local: false });
    assert.deepEqual(explicitlyRemoteOllama, { usd: undefined, source: 'unknown' });
  });

  it('prices a known endpoint from its own list only', () => {
    // gpt-4o-mini is not on Groq's list: guessing OpenAI's price for it would be wrong.
    const cost = costOf(usage(1_000, 1_000), { provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: 'https://api.groq.com/openai/v1' });
    assert.equal(cost.source, 'unknown');
  });
});
