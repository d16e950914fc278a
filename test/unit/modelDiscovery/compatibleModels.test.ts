import assert from 'node:assert/strict';
import { listCompatibleModels } from '../../../src/core/modelDiscovery/compatibleModels';
import { startFakeOllama, startFakeOpenAI } from '../../support/fakeProviders';
import { closedPort } from '../../support/closedPort';

const KEY = 'sk-list-models-test-0123456789';

describe('listCompatibleModels (Add Model offers the server’s own /models list)', () => {
  it('lists the ids a server serves, sorted, through GET …/models without a key', async () => {
    const server = await startFakeOpenAI({ models: ['qwen2.5-coder-7b', 'llama-3.1-8b'] });
    try {
      const list = await listCompatibleModels({ baseURL: server.baseURL });
      assert.deepEqual(list, { kind: 'listed', models: [{ id: 'llama-3.1-8b' }, { id: 'qwen2.5-coder-7b' }] });
      const request = server.requests.at(-1);
      assert.equal(`${request?.method} ${request?.path}`, 'GET /v1/models');
      assert.equal(request?.headers.authorization, undefined, 'no placeholder key goes on the wire');
    } finally {
      await server.close();
    }
  });

  it('reads each model’s context window where the server reports one, by the name its kind of server uses', async () => {
    const server = await startFakeOpenAI({
      models: [
        { id: 'qwen2.5-coder-32b', max_model_len: 32768 }, // vLLM
        { id: 'anthropic/claude-sonnet-4.6', context_length: 200000 }, // OpenRouter, Together
        { id: 'llama-3.1-8b-instant', context_window: 131072 }, // Groq
        { id: 'odd', max_model_len: '8k' }, // not a number: the model is listed, its window left out
        { id: 'odd', max_model_len: 4096 }, // listed twice: the first entry counts
        { id: '', max_model_len: 4096 }, // no id: not a model
        'plain',
      ],
    });
    try {
      assert.deepEqual(await listCompatibleModels({ baseURL: server.baseURL }), {
        kind: 'listed',
        models: [
          { id: 'anthropic/claude-sonnet-4.6', contextWindow: 200000 },
          { id: 'llama-3.1-8b-instant', contextWindow: 131072 },
          { id: 'odd' },
          { id: 'plain' },
          { id: 'qwen2.5-coder-32b', contextWindow: 32768 },
        ],
      });
    } finally {
      await server.close();
    }
  });

  it('sends the key when one is given, and says a key is needed when the server refuses without one', async () => {
    const server = await startFakeOpenAI({ models: ['m1'], expectedApiKey: KEY });
    try {
      const refused = await listCompatibleModels({ baseURL: server.baseURL });
      assert.equal(refused.kind, 'failed');
      assert.match(refused.kind === 'failed' ? refused.reason : '', /needs an API key to list its models \(HTTP 401\)/);
      assert.deepEqual(await listCompatibleModels({ baseURL: server.baseURL, apiKey: KEY }), { kind: 'listed', models: [{ id: 'm1' }] });
      const wrong = await listCompatibleModels({ baseURL: server.baseURL, apiKey: 'sk-wrong-key-9876543210' });
      assert.equal(wrong.kind, 'failed');
      assert.ok(!JSON.stringify(wrong).includes('sk-wrong-key-9876543210'), 'the key is never in the reason');
    } finally {
      await server.close();
    }
  });

  it('says why when there is no list: 404, an empty list, nothing listening', async () => {
    const server = await startFakeOpenAI({ models: [] });
    try {
      const empty = await listCompatibleModels({ baseURL: server.baseURL });
      assert.deepEqual(empty, { kind: 'failed', reason: `The server lists no models at ${server.baseURL}/models.` });
    } finally {
      await server.close();
    }
    // A server of another protocol (this fake speaks only Ollama's native API) has no such route.
    const other = await startFakeOllama();
    try {
      const missing = await listCompatibleModels({ baseURL: `${other.url}/v1` });
      assert.deepEqual(missing, { kind: 'failed', reason: `The server has no model list at ${other.url}/v1/models (HTTP 404).` });
    } finally {
      await other.close();
    }
    const port = await closedPort();
    const down = await listCompatibleModels({ baseURL: `http://127.0.0.1:${port}/v1` });
    assert.equal(down.kind, 'failed');
    assert.match(down.kind === 'failed' ? down.reason : '', new RegExp(`Could not reach http://127\\.0\\.0\\.1:${port}/v1/models \\(ECONNREFUSED\\)\\.`));
    // A port fetch will not call: only the innermost cause says why.
    const blocked = await listCompatibleModels({ baseURL: 'http://127.0.0.1:6000/v1' });
    assert.deepEqual(blocked, { kind: 'failed', reason: 'Could not reach http://127.0.0.1:6000/v1/models (bad port: fetch refuses to call that port).' });
  });
});
