import assert from 'node:assert/strict';
import { estimateMessagesTokens, estimateTokens } from '../../../src/core/providers/tokenEstimate';
import type { FakeProviderServer } from '../../support/fakeProviders';
import { PROVIDERS, REQUEST, run } from './providerHarness';

/** Text and usage through each real SDK against its fake server. */
for (const provider of PROVIDERS) {
  describe(`${provider.name} model: streaming and usage`, () => {
    let server: FakeProviderServer & { baseURL: string };

    before(async () => {
      server = await provider.start();
    });
    afterEach(() => {
      server.reset();
    });
    after(async () => {
      await server.close();
    });

    it('streams text deltas in order, then one usage part and one finish part', async () => {
      server.enqueue({ kind: 'text', chunks: ['Hel', 'lo', ', world'], usage: { input: 21, output: 3 } });
      const out = await run(provider.model(server));
      assert.equal(out.error, undefined);
      assert.deepEqual(
        out.parts.filter((p) => p.type === 'text-delta').map((p) => (p.type === 'text-delta' ? p.text : '')),
        ['Hel', 'lo', ', world'],
      );
      assert.equal(out.parts.filter((p) => p.type === 'finish').length, 1, 'exactly one finish part');
      assert.equal(out.parts.at(-1)?.type, 'finish', 'the finish part comes last');
      assert.deepEqual(out.parts.at(-1), { type: 'finish', reason: 'stop', usage: out.usage });
      assert.deepEqual(out.usage?.input, { tokens: 21, source: 'reported' });
      assert.deepEqual(out.usage?.output, { tokens: 3, source: 'reported' });
      assert.equal(server.chatRequests.length, 1);
    });

    it('estimates input and output with the tokenizer when the server omits usage', async () => {
      server.enqueue({ kind: 'text', chunks: ['The answer', ' is 42.'], usage: 'omit' });
      const out = await run(provider.model(server));
      assert.equal(out.error, undefined);
      assert.equal(out.text, 'The answer is 42.');
      assert.deepEqual(out.usage?.input, { tokens: estimateMessagesTokens(REQUEST.messages), source: 'estimated' });
      assert.deepEqual(out.usage?.output, { tokens: estimateTokens('The answer is 42.'), source: 'estimated' });
      assert.ok((out.usage?.input.tokens ?? 0) > 0);
    });

    it('maps a length stop to finish reason "length"', async () => {
      server.enqueue({ kind: 'text', chunks: ['cut'], finishReason: 'length' });
      const out = await run(provider.model(server));
      assert.deepEqual(out.parts.at(-1), { type: 'finish', reason: 'length', usage: out.usage });
    });

    it('sends the model name and the conversation', async () => {
      await run(provider.model(server));
      const body = server.chatRequests[0]?.body as Record<string, unknown>;
      assert.equal(typeof body['model'], 'string');
      assert.equal(body['stream'], true);
      const messages = body['messages'] as Array<{ role: string; content: string }>;
      assert.deepEqual(messages.at(-1), { role: 'user', content: 'Say hello.' });
    });

    it('passes a per-request output limit in the field the provider expects', async () => {
      await run(provider.model(server), { ...REQUEST, maxOutputTokens: 77 });
      const body = server.chatRequests[0]?.body as Record<string, unknown>;
      const expected: Record<typeof provider.name, unknown> = {
        openai: body['max_completion_tokens'],
        'openai-compatible': body['max_tokens'],
        anthropic: body['max_tokens'],
        ollama: (body['options'] as Record<string, unknown> | undefined)?.['num_predict'],
      };
      assert.equal(expected[provider.name], 77);
    });

    it('adds the configured headers to every request', async () => {
      await run(provider.model(server, { headers: { 'x-team': 'switchboard' } }));
      assert.equal(server.chatRequests[0]?.headers['x-team'], 'switchboard');
    });
  });
}

describe('provider-specific wire details', () => {
  it('openai: asks for usage in the stream and reports cached prompt tokens as cache reads', async () => {
    const openai = PROVIDERS.find((p) => p.name === 'openai')!;
    const server = await openai.start();
    try {
      server.enqueue({ kind: 'text', chunks: ['ok'], usage: { input: 1200, output: 5, cacheRead: 1024 } });
      const out = await run(openai.model(server));
      const body = server.chatRequests[0]?.body as Record<string, unknown>;
      assert.deepEqual(body['stream_options'], { include_usage: true });
      assert.equal(server.chatRequests[0]?.headers.authorization, 'Bearer sk-test-0123456789abcdefSECRET');
      assert.deepEqual(out.usage?.cacheRead, { tokens: 1024, source: 'reported' });
      assert.deepEqual(out.usage?.input, { tokens: 1200, source: 'reported' });
    } finally {
      await server.close();
    }
  });

  it('openai: asks for a JSON object when the request wants JSON', async () => {
    const openai = PROVIDERS.find((p) => p.name === 'openai')!;
    const server = await openai.start();
    try {
      server.enqueue({ kind: 'text', chunks: ['{"a":', '1}'] });
      const out = await run(openai.model(server), { ...REQUEST, responseFormat: 'json' });
      assert.deepEqual((server.chatRequests[0]?.body as Record<string, unknown>)['response_format'], { type: 'json_object' });
      assert.deepEqual(JSON.parse(out.text), { a: 1 });
    } finally {
      await server.close();
    }
  });

  it('openai-compatible: sends no Authorization header when no key is set', async () => {
    const compatible = PROVIDERS.find((p) => p.name === 'openai-compatible')!;
    const server = await compatible.start();
    try {
      const out = await run(compatible.model(server));
      assert.equal(out.error, undefined);
      assert.equal(server.chatRequests[0]?.headers.authorization, undefined);
    } finally {
      await server.close();
    }
  });

  it('anthropic: puts system messages into `system` and reads cache reads and writes', async () => {
    const anthropic = PROVIDERS.find((p) => p.name === 'anthropic')!;
    const server = await anthropic.start();
    try {
      server.enqueue({ kind: 'text', chunks: ['Hi'], usage: { input: 3000, output: 7, cacheRead: 2000, cacheWrite: 500 } });
      const out = await run(anthropic.model(server));
      const body = server.chatRequests[0]?.body as Record<string, unknown>;
      assert.equal(body['system'], 'You are terse.');
      assert.deepEqual(body['messages'], [{ role: 'user', content: 'Say hello.' }]);
      assert.equal(typeof body['max_tokens'], 'number');
      // The contract's input counts every prompt token, cached ones included (Anthropic reports them apart).
      assert.deepEqual(out.usage, {
        input: { tokens: 3000, source: 'reported' },
        output: { tokens: 7, source: 'reported' },
        cacheRead: { tokens: 2000, source: 'reported' },
        cacheWrite: { tokens: 500, source: 'reported' },
      });
      const headers = server.chatRequests[0]?.headers;
      assert.ok(headers?.['anthropic-version'], 'the SDK sends anthropic-version');
      assert.ok(
        headers?.['x-api-key'] === 'sk-test-0123456789abcdefSECRET' || headers?.authorization === 'Bearer sk-test-0123456789abcdefSECRET',
        'the key reaches the server',
      );
    } finally {
      await server.close();
    }
  });

  it('anthropic: maps a refusal to finish reason "content-filter"', async () => {
    const anthropic = PROVIDERS.find((p) => p.name === 'anthropic')!;
    const server = await anthropic.start();
    try {
      server.enqueue({ kind: 'text', chunks: ['I can’t help with that.'], finishReason: 'refusal' });
      const out = await run(anthropic.model(server));
      assert.deepEqual(out.parts.at(-1), { type: 'finish', reason: 'content-filter', usage: out.usage });
    } finally {
      await server.close();
    }
  });

  it('ollama: asks for JSON with format "json" and reads eval counts', async () => {
    const ollama = PROVIDERS.find((p) => p.name === 'ollama')!;
    const server = await ollama.start();
    try {
      server.enqueue({ kind: 'text', chunks: ['{"ok":', 'true}'], usage: { input: 40, output: 6 } });
      const out = await run(ollama.model(server, { temperature: 0.2 }), { ...REQUEST, responseFormat: 'json' });
      const body = server.chatRequests[0]?.body as Record<string, unknown>;
      assert.equal(body['format'], 'json');
      assert.deepEqual(body['options'], { temperature: 0.2 });
      assert.deepEqual(out.usage?.input, { tokens: 40, source: 'reported' });
      assert.deepEqual(out.usage?.output, { tokens: 6, source: 'reported' });
      assert.deepEqual(JSON.parse(out.text), { ok: true });
    } finally {
      await server.close();
    }
  });
});

describe('anthropic JSON requests', () => {
  it('asks for JSON in the system prompt, since the Messages API has no JSON mode', async () => {
    const anthropic = PROVIDERS.find((p) => p.name === 'anthropic')!;
    const server = await anthropic.start();
    try {
      await run(anthropic.model(server), { ...REQUEST, responseFormat: 'json' });
      const system = (server.chatRequests[0]?.body as Record<string, unknown>)['system'];
      assert.match(String(system), /^You are terse\.\n\nRespond with a single JSON object/);
    } finally {
      await server.close();
    }
  });
});
