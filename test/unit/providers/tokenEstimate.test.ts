import assert from 'node:assert/strict';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { estimateMessagesTokens, estimateTokens } from '../../../src/core/providers/tokenEstimate';

describe('estimateTokens', () => {
  it('counts with the o200k tokenizer', () => {
    assert.equal(estimateTokens(''), 0);
    assert.equal(estimateTokens('hello world'), 2);
    assert.equal(estimateTokens('function add(a, b) { return a + b; }'), countTokens('function add(a, b) { return a + b; }'));
  });

  it('counts special-token text as plain text instead of throwing', () => {
    assert.ok(estimateTokens('before <|endoftext|> after') > 3);
  });

  it('samples huge inputs and stays close to the exact count', () => {
    const lines = (i: number): string =>
      i % 3 === 0
        ? `export function handler${i}(request: Request): Response { return new Response(String(${i} * 7)); }\n`
        : i % 3 === 1
          ? `The ${i}th paragraph explains why the router keeps a circuit breaker per model and how it recovers.\n`
          : `{"id": ${i}, "name": "item-${i}", "tags": ["a", "b", "c"], "price": ${i * 1.5}}\n`;
    const parts = Array.from({ length: 3600 }, (_, i) => lines(i));
    const text = parts.join('');
    assert.ok(text.length > 256_000, 'precondition: large enough for the sampling path');
    const exact = countTokens(text, { disallowedSpecial: new Set() });
    const estimate = estimateTokens(text);
    assert.ok(Math.abs(estimate - exact) / exact < 0.1, `estimate ${estimate} vs exact ${exact}`);
  });
});

describe('estimateMessagesTokens', () => {
  it('adds the chat framing to the content tokens', () => {
    const messages = [
      { role: 'system' as const, content: 'Be brief.' },
      { role: 'user' as const, content: 'hello world' },
    ];
    const content = estimateTokens('Be brief.') + estimateTokens('hello world');
    assert.equal(estimateMessagesTokens(messages), content + 2 * 4 + 3);
    assert.equal(estimateMessagesTokens([]), 0);
  });
});
