import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parseSettings } from '../../../src/core/config/parseSettings';
import { type OllamaChecks, OLLAMA_RECHECK_MS, checkOllamaServers, ollamaBaseUrls, ollamaDownLine, ollamaModelProblem, ollamaProblems, ollamaRecheckDelay, sameOllamaChecks } from '../../../src/core/modelDiscovery/ollamaReachability';
import { buildModelsOverview } from '../../../src/core/views/modelsOverview';
import { closedPort } from '../../support/closedPort';
import { startFakeOllama } from '../../support/fakeProviders';
import { findNode } from '../../support/overviewNodes';

const ollama = (model: string, baseUrl?: string) => ({ provider: 'ollama' as const, model, ...(baseUrl ? { baseUrl } : {}) });

describe('Ollama reachability of configured models', () => {
  it('finds each distinct server once, with the default for models without a baseUrl', () => {
    const urls = ollamaBaseUrls([
      ollama('a'),
      ollama('b', 'http://127.0.0.1:11434/'),
      ollama('c', 'http://10.0.0.2:11434'),
      { provider: 'openai' },
    ]);
    assert.deepEqual(urls, ['http://127.0.0.1:11434', 'http://10.0.0.2:11434']);
  });

  it('reachable and pulled: nothing to say, and the tag-less name matches ":latest"', async () => {
    const server = await startFakeOllama({ models: [{ name: 'llama3.2:latest' }, { name: 'qwen2.5-coder:7b' }] });
    try {
      const checks = await checkOllamaServers([server.url]);
      const check = checks.get(server.url);
      assert.equal(check?.kind, 'reachable');
      assert.deepEqual(server.requests.map((r) => r.path), ['/api/tags']);
      assert.equal(ollamaModelProblem(ollama('llama3.2', server.url), checks), undefined);
      assert.equal(ollamaModelProblem(ollama('qwen2.5-coder:7b', `${server.url}/`), checks), undefined);
    } finally {
      await server.close();
    }
  });

  it('reachable but not pulled: tells the person which pull to run', async () => {
    const server = await startFakeOllama({ models: [{ name: 'llama3.2:latest' }] });
    try {
      const checks = await checkOllamaServers([server.url]);
      const problem = ollamaModelProblem(ollama('qwen2.5-coder:7b', server.url), checks);
      assert.equal(problem?.state, 'not-pulled');
      assert.equal(problem?.reason, 'not pulled: run `ollama pull qwen2.5-coder:7b`');
      assert.match(problem?.detail ?? '', /It has llama3\.2:latest/);
      // A different tag of a pulled model is not the same model.
      assert.equal(ollamaModelProblem(ollama('llama3.2:1b', server.url), checks)?.state, 'not-pulled');
    } finally {
      await server.close();
    }
  });

  it('reachable with no models at all: every configured model is not pulled', async () => {
    const server = await startFakeOllama({ models: [] });
    try {
      const checks = await checkOllamaServers([server.url]);
      assert.equal(checks.get(server.url)?.kind, 'reachable');
      const problem = ollamaModelProblem(ollama('llama3.2', server.url), checks);
      assert.equal(problem?.reason, 'not pulled: run `ollama pull llama3.2`');
      assert.match(problem?.detail ?? '', /It has no models/);
    } finally {
      await server.close();
    }
  });

  it('connection refused: "Ollama is not running at <url>"', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const checks = await checkOllamaServers([url]);
    assert.equal(checks.get(url)?.kind, 'unreachable');
    const problem = ollamaModelProblem(ollama('llama3.2', url), checks);
    assert.equal(problem?.state, 'not-running');
    assert.equal(problem?.reason, `Ollama is not running at ${url}`);
    assert.equal(problem?.detail, `Ollama is not running at ${url} (connection refused): start it with 'ollama serve', or correct this model's baseUrl.`);
    const check = checks.get(url);
    assert.ok(check?.kind === 'unreachable');
    assert.equal(
      ollamaDownLine(check, [{ id: 'local', ...ollama('llama3.2', url) }, { id: 'cloud', provider: 'openai', baseUrl: url }]),
      `Ollama does not answer at ${url} (connection refused): local cannot answer until it does. Start it with 'ollama serve', or correct the baseUrl.`,
    );
  });

  it('a port fetch refuses to call says so, not only "fetch failed" (the log said the server twice, and why nowhere)', async () => {
    // Port 9 is on fetch's blocked list: no connection is even tried.
    const url = 'http://127.0.0.1:9';
    const check = (await checkOllamaServers([url])).get(url);
    assert.ok(check?.kind === 'unreachable');
    assert.equal(check.cause, 'bad port: fetch refuses to call that port');
    const line = ollamaDownLine(check, [{ id: 'local', ...ollama('llama3.2', url) }]);
    assert.equal(line, `Ollama does not answer at ${url} (bad port: fetch refuses to call that port): local cannot answer until it does. Start it with 'ollama serve', or correct the baseUrl.`);
  });

  it('a server that never answers counts as not running once the timeout passes', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer(() => undefined);
    silent.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const checks = await checkOllamaServers([url], { timeoutMs: 150 });
      const check = checks.get(url);
      assert.equal(check?.kind, 'unreachable');
      assert.equal(check?.kind === 'unreachable' ? check.cause : '', 'no answer within 150 ms');
      assert.equal(ollamaModelProblem(ollama('llama3.2', url), checks)?.reason, `Ollama is not running at ${url}`);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('probes again while a model has a problem, and not once all is well', () => {
    const model = { id: 'local', provider: 'ollama' as const, model: 'llama3.2', baseUrl: 'http://127.0.0.1:1' };
    const url = 'http://127.0.0.1:1';
    const down: OllamaChecks = new Map([[url, { kind: 'unreachable', baseURL: url, cause: 'connection refused', at: 1 }]]);
    const lacking: OllamaChecks = new Map([[url, { kind: 'reachable', baseURL: url, pulled: ['qwen2.5:7b'], at: 2 }]]);
    const fine: OllamaChecks = new Map([[url, { kind: 'reachable', baseURL: url, pulled: ['llama3.2:latest'], at: 3 }]]);
    assert.equal(ollamaRecheckDelay([model], down), OLLAMA_RECHECK_MS);
    assert.equal(ollamaRecheckDelay([model], lacking), OLLAMA_RECHECK_MS);
    assert.equal(ollamaRecheckDelay([model], fine), undefined);
    assert.equal(ollamaRecheckDelay([{ id: 'gpt', provider: 'openai' as const, model: 'gpt-4o' }], down), undefined);
    assert.deepEqual([...ollamaProblems([model], down)], [['local', `Ollama is not running at ${url}`]]);
    assert.deepEqual([...ollamaProblems([model], fine)], []);
  });

  it('tells a repeated probe that changed nothing from one that did, whatever the time it ran', () => {
    const url = 'http://127.0.0.1:1';
    const down = (at: number): OllamaChecks => new Map([[url, { kind: 'unreachable', baseURL: url, cause: 'connection refused', at }]]);
    const up = (pulled: string[]): OllamaChecks => new Map([[url, { kind: 'reachable', baseURL: url, pulled, at: 9 }]]);
    assert.equal(sameOllamaChecks(down(1), down(2)), true);
    assert.equal(sameOllamaChecks(down(1), up(['a'])), false);
    assert.equal(sameOllamaChecks(up(['a']), up(['a', 'b'])), false);
    assert.equal(sameOllamaChecks(new Map(), down(1)), false);
  });

  it('says nothing for other providers, unchecked servers, or before any probe', () => {
    const checks: OllamaChecks = new Map([['http://127.0.0.1:1', { kind: 'unreachable', baseURL: 'http://127.0.0.1:1', cause: 'x', at: 0 }]]);
    assert.equal(ollamaModelProblem({ provider: 'openai', model: 'm', baseUrl: 'http://127.0.0.1:1' }, checks), undefined);
    assert.equal(ollamaModelProblem(ollama('m', 'http://127.0.0.1:2'), checks), undefined);
    assert.equal(ollamaModelProblem(ollama('m', 'http://127.0.0.1:1'), undefined), undefined);
  });

  it('the Models view row carries the state in its description, tooltip and a detail row', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const parsed = parseSettings({ models: [{ id: 'local', provider: 'ollama', model: 'llama3.2', baseUrl: url }, { id: 'fast', provider: 'openai', model: 'gpt-4o-mini' }] });
    const checks = await checkOllamaServers(ollamaBaseUrls(parsed.settings.models));
    const nodes = buildModelsOverview({ ...parsed, keyStatus: () => ({ kind: 'stored' }), ignoredInRestrictedMode: [], ollama: checks });
    const row = findNode(nodes, 'models/local');
    assert.equal(row?.description, `ollama · llama3.2 · Ollama is not running at ${url}`);
    assert.match(row?.tooltip ?? '', /ollama serve/);
    assert.equal(row?.tone, 'warning');
    assert.equal(findNode(nodes, 'models/local/ollama')?.description, `Ollama is not running at ${url}`);
    assert.equal(findNode(nodes, 'models/fast')?.description, 'openai · gpt-4o-mini');
    const before = buildModelsOverview({ ...parsed, keyStatus: () => ({ kind: 'stored' }), ignoredInRestrictedMode: [] });
    assert.equal(findNode(before, 'models/local')?.description, 'ollama · llama3.2', 'no claim before the probe answers');
  });
});
