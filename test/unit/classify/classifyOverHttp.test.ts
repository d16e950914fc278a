import assert from 'node:assert/strict';
import { callModelWith, classify } from '../../../src/core/classify/classify';
import type { ClassificationInput } from '../../../src/core/classify/types';
import { createOpenAIModel } from '../../../src/core/providers/openaiModel';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../support/fakeProviders';

// Both paths through the real `openai` SDK against a local chat-completions server.
describe('classify over HTTP (openai SDK, local server)', () => {
  const KEY = 'sk-test-classifier-0123456789abcdef';
  const input: ClassificationInput = {
    text: 'why does this return undefined',
    context: { selection: { text: 'return cache.get(key)', languageId: 'typescript', lineCount: 1 } },
  };
  let server: FakeOpenAIServer;

  beforeEach(async () => {
    server = await startFakeOpenAI({ expectedApiKey: KEY });
  });
  afterEach(async () => {
    await server.close();
  });

  const model = (apiKey = KEY) =>
    createOpenAIModel({ provider: 'openai-compatible', baseURL: server.baseURL, apiKey, model: 'gpt-4o-mini', firstTokenTimeoutMs: 10_000 });

  it('takes a streamed, fenced JSON answer from the classify model', async () => {
    server.enqueue({ kind: 'text', chunks: ['```json\n{"capability":"review",', '"complexity":"low",', '"confidence":0.93}\n```'] });
    const c = await classify(input, { callModel: callModelWith(model()) });
    assert.equal(c.source, 'model');
    assert.equal(c.capability, 'review');
    assert.equal(c.confidence, 0.93);
    const body = server.chatRequests[0]?.body as { response_format?: { type: string }; temperature?: number; messages?: unknown[] };
    assert.deepEqual(body.response_format, { type: 'json_object' });
    assert.equal(body.temperature, 0);
    assert.equal(body.messages?.length, 2);
  });

  it('falls back to the rules on a 503, after exactly one request', async () => {
    server.enqueue({ kind: 'server-error', status: 503 });
    const c = await classify(input, { callModel: callModelWith(model()) });
    assert.equal(c.source, 'rules-after-model-failure');
    assert.equal(c.capability, 'understand');
    assert.equal(server.chatRequests.length, 1, 'the SDK must not retry on its own');
  });

  it('falls back on a rejected key without putting the key in the reasons', async () => {
    const wrong = 'sk-wrong-key-abcdefghijklmnopqrstuvwxyz';
    const c = await classify(input, { callModel: callModelWith(model(wrong)) });
    assert.equal(c.source, 'rules-after-model-failure');
    assert.doesNotMatch(c.reasons.join('\n'), /abcdefghijklmnopqrstuvwxyz/);
  });

  it('falls back below the threshold when the model is unsure', async () => {
    server.enqueue({ kind: 'text', chunks: ['{"capability":"plan","complexity":"high","confidence":0.3}'] });
    const c = await classify(input, { callModel: callModelWith(model()), threshold: 0.6 });
    assert.equal(c.source, 'rules-below-threshold');
    assert.equal(c.capability, 'understand');
  });
});
