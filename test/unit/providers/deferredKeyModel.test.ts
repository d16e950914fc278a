import assert from 'node:assert/strict';
import { modelConfigSchema } from '../../../src/core/config/settings/models';
import { isModelError } from '../../../src/core/providers/contract';
import { createLanguageModel } from '../../../src/core/providers/createLanguageModel';
import { deferredKeyModel } from '../../../src/core/providers/deferredKeyModel';
import { startFakeAnthropic, startFakeOpenAI } from '../../support/fakeProviders';
import { eventually } from '../../support/eventually';
import { TEST_KEY, run } from './providerHarness';

describe('deferredKeyModel', () => {
  it("answers a request for model A with A's key while provider B's key read never finishes, and reads A's key once", async () => {
    const openai = await startFakeOpenAI({ expectedApiKey: TEST_KEY });
    const anthropic = await startFakeAnthropic();
    try {
      let readsOfA = 0;
      const a = deferredKeyModel({
        provider: 'openai-compatible',
        modelId: 'qwen2.5',
        key: async () => {
          readsOfA++;
          return TEST_KEY;
        },
        build: (apiKey) => createLanguageModel(modelConfigSchema.parse({ id: 'a', provider: 'openai-compatible', model: 'qwen2.5', baseUrl: openai.baseURL }), apiKey ? { apiKey } : {}),
      });
      // B's read is still under way (SecretStorage of a window still loading) for the whole test.
      const b = deferredKeyModel({
        provider: 'anthropic',
        modelId: 'claude-haiku-4-5',
        key: () => new Promise<string | undefined>(() => undefined),
        build: (apiKey) => createLanguageModel(modelConfigSchema.parse({ id: 'b', provider: 'anthropic', model: 'claude-haiku-4-5', baseUrl: anthropic.baseURL }), apiKey ? { apiKey } : {}),
      });
      void b;
      openai.enqueue({ kind: 'text', chunks: ['first'] });
      openai.enqueue({ kind: 'text', chunks: ['second'] });
      assert.equal((await run(a)).text, 'first');
      assert.equal((await run(a)).text, 'second');
      assert.equal(openai.chatRequests[0]?.headers.authorization, `Bearer ${TEST_KEY}`);
      assert.equal(readsOfA, 1);
      assert.equal(anthropic.chatRequests.length, 0);
    } finally {
      await openai.close();
      await anthropic.close();
    }
  });

  it('fails a request with an auth error naming the secret storage when the key cannot be read, and reads again on the next request', async () => {
    const server = await startFakeOpenAI({ expectedApiKey: TEST_KEY });
    try {
      let reads = 0;
      const model = deferredKeyModel({
        provider: 'openai-compatible',
        modelId: 'qwen2.5',
        key: async () => {
          reads++;
          if (reads === 1) throw new Error('the window went away');
          return TEST_KEY;
        },
        build: (apiKey) => createLanguageModel(modelConfigSchema.parse({ id: 'a', provider: 'openai-compatible', model: 'qwen2.5', baseUrl: server.baseURL }), apiKey ? { apiKey } : {}),
      });
      const failed = await run(model);
      assert.ok(isModelError(failed.error), String(failed.error));
      assert.equal(failed.error.kind, 'auth');
      assert.match(failed.error.message, /secret storage: the window went away/);
      server.enqueue({ kind: 'text', chunks: ['ok'] });
      assert.equal((await run(model)).text, 'ok');
      assert.equal(reads, 2);
    } finally {
      await server.close();
    }
  });
  it('says once how long the first request waited for its key (an injected clock), and nothing for the requests after it', async () => {
    const openai = await startFakeOpenAI({ expectedApiKey: TEST_KEY });
    try {
      let now = 1000;
      let release!: (key: string) => void;
      const waits: number[] = [];
      const model = deferredKeyModel({
        provider: 'openai-compatible',
        modelId: 'qwen2.5',
        key: () => new Promise<string>((resolve) => (release = resolve)),
        build: (apiKey) => createLanguageModel(modelConfigSchema.parse({ id: 'a', provider: 'openai-compatible', model: 'qwen2.5', baseUrl: openai.baseURL }), apiKey ? { apiKey } : {}),
        onWaited: (ms) => waits.push(ms),
        clock: () => now,
      });
      openai.enqueue({ kind: 'text', chunks: ['first'] });
      openai.enqueue({ kind: 'text', chunks: ['second'] });
      const first = run(model);
      await eventually(() => release, (r) => r !== undefined, 'the key read to start');
      now += 240;
      release(TEST_KEY);
      assert.equal((await first).text, 'first');
      assert.equal((await run(model)).text, 'second');
      assert.deepEqual(waits, [240]);
    } finally {
      await openai.close();
    }
  });

  it('says nothing of a wait when the key was read before the first request (the thread was busy, not the storage)', async () => {
    const openai = await startFakeOpenAI({ expectedApiKey: TEST_KEY });
    try {
      let now = 1000;
      const waits: number[] = [];
      const model = deferredKeyModel({
        provider: 'openai-compatible',
        modelId: 'qwen2.5',
        // Read already: the answer is at hand, but the turn after it comes 532 ms later (a type check held the thread).
        key: () => Promise.resolve(TEST_KEY).then((key) => ((now += 532), key)),
        keyRead: () => true,
        build: (apiKey) => createLanguageModel(modelConfigSchema.parse({ id: 'a', provider: 'openai-compatible', model: 'qwen2.5', baseUrl: openai.baseURL }), apiKey ? { apiKey } : {}),
        onWaited: (ms) => waits.push(ms),
        clock: () => now,
      });
      openai.enqueue({ kind: 'text', chunks: ['answer'] });
      assert.equal((await run(model)).text, 'answer');
      assert.deepEqual(waits, [], 'it read "waited 532 ms for its API key from VS Code\'s secret storage"');
    } finally {
      await openai.close();
    }
  });
});
