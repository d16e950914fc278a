import assert from 'node:assert/strict';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { estimateMessagesTokens, estimateTokens } from '../../../src/core/providers/tokenEstimate';
import type * as TokenEstimateModule from '../../../src/core/providers/tokenEstimate';
import type * as O200kModule from '../../../src/core/tokens/o200k';
import type { ChatMessage } from '../../../src/core/providers/contract';

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

describe('estimateTokens while the host loads the tokenizer in the background', () => {
  // Fresh copies of the two modules: the tokenizer's state is per process, and this suite needs it unloaded.
  const fresh = () => {
    for (const id of Object.keys(require.cache)) if (/src[\\/]core[\\/](tokens[\\/]o200k|providers[\\/]tokenEstimate)\.ts$/.test(id)) delete require.cache[id];
    /* eslint-disable @typescript-eslint/no-require-imports */
    const tokens = require('../../../src/core/tokens/o200k') as typeof O200kModule;
    const estimate = require('../../../src/core/providers/tokenEstimate') as typeof TokenEstimateModule;
    /* eslint-enable @typescript-eslint/no-require-imports */
    return { tokens, estimate };
  };
  const samples = [
    'function add(a, b) { return a + b; }',
    'The router keeps a circuit breaker per model and recovers after a quiet minute.',
    '{"id": 7, "name": "item-7", "tags": ["a", "b"], "price": 10.5}',
    '東京都の天気は晴れです。明日も晴れるでしょう。',
    'class A {\n    run(x: number) {\n        if (x > 1) {\n            return x * 2;\n        }\n        return 0;\n    }\n}\n',
  ];

  it('estimates from the bytes, never fewer tokens than o200k counts, without loading it', () => {
    const { tokens, estimate } = fresh();
    tokens.loadO200kInBackground();
    for (const text of samples) {
      const quick = estimate.estimateTokens(text);
      assert.ok(quick >= countTokens(text), `${quick} for "${text}" (o200k: ${countTokens(text)})`);
    }
    assert.equal(tokens.o200kLoaded(), false, 'the estimates did not load the tokenizer');
  });

  it('bounds every message count from above without reading the text, before the tokenizer loads and after', () => {
    const { tokens, estimate } = fresh();
    tokens.loadO200kInBackground();
    const messages = (text: string): ChatMessage[] => [
      { role: 'system', content: text },
      { role: 'user', content: `${text} 🙂🙂 ${'!'.repeat(40)}` },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'read_file', arguments: { path: text } }] },
      { role: 'tool', toolCallId: 'c1', toolName: 'read_file', content: text },
    ];
    const check = (): void => {
      for (const text of [...samples, '', ' '.repeat(64), '🙂'.repeat(30), '\u0000\u0001'.repeat(10)]) {
        const bound = estimate.messagesUpperBound(messages(text));
        const count = estimate.estimateMessagesTokens(messages(text));
        assert.ok(bound >= count, `bound ${bound} < count ${count} for "${text}"`);
      }
    };
    check();
    assert.equal(tokens.o200kLoaded(), false);
    tokens.loadO200k();
    check();
    assert.equal(estimate.messagesUpperBound([]), 0);
  });

  it('counts exactly once the host has loaded it', () => {
    const { tokens, estimate } = fresh();
    tokens.loadO200kInBackground();
    tokens.loadO200k();
    for (const text of samples) assert.equal(estimate.estimateTokens(text), countTokens(text));
  });

  it('counts a text exactly once loaded, though it was estimated before (estimates are not remembered)', () => {
    const { tokens, estimate } = fresh();
    tokens.loadO200kInBackground();
    const before = samples.map((text) => estimate.estimateTokens(text));
    tokens.loadO200k();
    samples.forEach((text, i) => {
      assert.equal(estimate.estimateTokens(text), countTokens(text));
      assert.ok((before[i] as number) >= countTokens(text));
    });
  });
});

describe('estimateTokens on texts it counted before', () => {
  it('gives the same counts as the tokenizer, after many other texts pushed them out or kept them', () => {
    const texts = Array.from({ length: 1500 }, (_, i) => `Request ${i}: add field number ${i * 7} to the form and validate it; ${'x'.repeat(i % 50)}`);
    for (const text of texts) assert.equal(estimateTokens(text), countTokens(text));
    // The first ones were let go, the last ones are remembered: both read the same.
    for (const text of [...texts.slice(0, 20), ...texts.slice(-20)]) assert.equal(estimateTokens(text), countTokens(text));
    const big = 'word '.repeat(50_000);
    assert.equal(estimateTokens(big), countTokens(big));
    assert.equal(estimateTokens(big), countTokens(big));
  });
});
