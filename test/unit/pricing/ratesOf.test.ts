import assert from 'node:assert/strict';
import { ratesOf } from '../../../src/core/pricing/ratesOf';
import { costOf, tierStartsOf } from '../../../src/core/pricing/costOf';

describe('ratesOf', () => {
  it('gives catalog rates per million tokens that reproduce costOf for a typical call', () => {
    const rates = ratesOf({ provider: 'openai', model: 'gpt-4o-mini' });
    assert.ok(rates);
    assert.equal(rates.source, 'genai-prices');
    const usage = {
      input: { tokens: 12_000, source: 'reported' as const },
      output: { tokens: 800, source: 'reported' as const },
      cacheRead: { tokens: 4_000, source: 'reported' as const },
      cacheWrite: { tokens: 0, source: 'reported' as const },
    };
    const estimate = (8_000 * rates.input + 4_000 * rates.cacheRead + 800 * rates.output) / 1e6;
    const actual = costOf(usage, { provider: 'openai', model: 'gpt-4o-mini' }).usd as number;
    assert.ok(Math.abs(estimate - actual) < 1e-12, `${estimate} vs ${actual}`);
  });

  it('takes the top long-context tier, so estimates err high', () => {
    const rates = ratesOf({ provider: 'anthropic', model: 'claude-sonnet-4-5' });
    const small = costOf(
      {
        input: { tokens: 1_000, source: 'estimated' },
        output: { tokens: 0, source: 'estimated' },
        cacheRead: { tokens: 0, source: 'estimated' },
        cacheWrite: { tokens: 0, source: 'estimated' },
      },
      { provider: 'anthropic', model: 'claude-sonnet-4-5' },
    ).usd as number;
    assert.ok(rates && rates.input * 1_000 / 1e6 > small, 'the tiered rate is above the base rate');
  });

  it('follows the override, local and unknown rules of costOf', () => {
    assert.deepEqual(ratesOf({ provider: 'openai', model: 'x', price: { input: 1, output: 2, cacheRead: 0.1 } }), {
      input: 1,
      output: 2,
      cacheRead: 0.1,
      cacheWrite: 1,
      source: 'override',
    });
    assert.deepEqual(ratesOf({ provider: 'ollama', model: 'llama3.2' }), { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, source: 'local' });
    assert.equal(ratesOf({ provider: 'vscode-lm', model: 'gpt-4o' }), undefined);
    assert.equal(ratesOf({ provider: 'anthropic', model: 'no-such-claude' }), undefined);
  });

  it('gives the rates of the tier a prompt falls into when told its size', () => {
    const sonnet = { provider: 'anthropic' as const, model: 'claude-sonnet-4-5' };
    assert.deepEqual(tierStartsOf(sonnet), [200_000]);
    assert.deepEqual(tierStartsOf({ provider: 'openai', model: 'gpt-4o-mini' }), []);
    assert.deepEqual(tierStartsOf({ ...sonnet, price: { input: 1, output: 2 } }), []);
    const base = ratesOf(sonnet, { promptTokens: 200_000 });
    const long = ratesOf(sonnet, { promptTokens: 200_001 });
    assert.ok(base && long);
    const near = (a: number, b: number) => Math.abs(a - b) < 1e-9;
    assert.ok(near(base.input, 3) && near(base.output, 15) && near(base.cacheRead, 0.3) && near(base.cacheWrite, 3.75), JSON.stringify(base));
    assert.ok(near(long.input, 6) && near(long.output, 22.5) && near(long.cacheRead, 0.6) && near(long.cacheWrite, 7.5), JSON.stringify(long));
  });
});
