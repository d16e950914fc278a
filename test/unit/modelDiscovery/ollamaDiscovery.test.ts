import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { discoverOllamaModels } from '../../../src/core/modelDiscovery/ollamaDiscovery';
import { startFakeOllama } from '../../support/fakeProviders';

describe('discoverOllamaModels', () => {
  it('lists the local models with their context length', async () => {
    const server = await startFakeOllama({
      models: [
        { name: 'llama3.2:latest', family: 'llama', parameterSize: '3.2B', contextLength: 131072 },
        { name: 'qwen2.5-coder:7b', family: 'qwen2', parameterSize: '7.6B', contextLength: 32768 },
      ],
    });
    try {
      const result = await discoverOllamaModels({ baseURL: server.url, includeContextLength: true });
      assert.equal(result.reason, undefined);
      assert.deepEqual(
        result.models.map((m) => [m.name, m.family, m.parameterSize, m.contextLength]),
        [
          ['llama3.2:latest', 'llama', '3.2B', 131072],
          ['qwen2.5-coder:7b', 'qwen2', '7.6B', 32768],
        ],
      );
      assert.deepEqual(server.requests.map((r) => r.path).sort(), ['/api/show', '/api/show', '/api/tags']);
    } finally {
      await server.close();
    }
  });

  it('skips /api/show unless asked', async () => {
    const server = await startFakeOllama();
    try {
      const result = await discoverOllamaModels({ baseURL: server.url });
      assert.equal(result.models.length, 1);
      assert.equal(result.models[0]?.contextLength, undefined);
      assert.deepEqual(server.requests.map((r) => r.path), ['/api/tags']);
    } finally {
      await server.close();
    }
  });

  it('says when Ollama has no models', async () => {
    const server = await startFakeOllama({ models: [] });
    try {
      const result = await discoverOllamaModels({ baseURL: server.url });
      assert.deepEqual(result.models, []);
      assert.match(result.reason ?? '', /ollama pull/);
    } finally {
      await server.close();
    }
  });

  it('returns no models and a reason when Ollama is not running', async () => {
    const server = await startFakeOllama();
    const url = server.url;
    await server.close();
    const result = await discoverOllamaModels({ baseURL: url });
    assert.deepEqual(result.models, []);
    assert.match(result.reason ?? '', /not running/);
  });

  it('gives up after its timeout when the server never answers', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer(() => undefined);
    silent.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const result = await discoverOllamaModels({ baseURL: `http://127.0.0.1:${port}`, timeoutMs: 150 });
      assert.deepEqual(result.models, []);
      assert.match(result.reason ?? '', /did not answer/);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
