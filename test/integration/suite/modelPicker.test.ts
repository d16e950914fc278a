// Switchboard in VS Code's model picker. On VS Code 1.104+ (1.139 in the harness) it is a
// language-model provider: found with selectChatModels({ vendor: 'switchboard' }), routed with
// fallback, tool calls both ways, cancellation and metrics. On 1.100 the API is absent: no provider,
// and Switchboard works as before. Test-only vendors (test/integration/extensions) load on 1.139:
// `fake-vendor` (backed by the fake OpenAI server) and `loop-wrapper` (wraps Switchboard's own models).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually } from '../../support/eventually';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../support/fakeProviders';
import type { AttemptRecord } from '../../../src/core/metrics/attemptRecord';
import type { SwitchboardApi } from '../../../src/vscode/api';
import { resetSettings, switchboard, updateSetting } from '../support/switchboard';

const { Global } = vscode.ConfigurationTarget;
const hasProviderApi = typeof (vscode.lm as { registerLanguageModelChatProvider?: unknown }).registerLanguageModelChatProvider === 'function';

const WEATHER: vscode.LanguageModelChatTool = {
  name: 'get_weather',
  description: 'The weather in a city.',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

async function switchboardModel(name: string): Promise<vscode.LanguageModelChat> {
  return eventually(
    async () => (await vscode.lm.selectChatModels({ vendor: 'switchboard' })).find((m) => m.name === name),
    (m): m is vscode.LanguageModelChat => m !== undefined,
    `Switchboard offers "${name}"`,
  );
}

/** Text and tool calls of a response, in order. */
async function drain(response: vscode.LanguageModelChatResponse): Promise<{ text: string; calls: vscode.LanguageModelToolCallPart[] }> {
  let text = '';
  const calls: vscode.LanguageModelToolCallPart[] = [];
  for await (const part of response.stream) {
    if (part instanceof vscode.LanguageModelTextPart) text += part.value;
    else if (part instanceof vscode.LanguageModelToolCallPart) calls.push(part);
  }
  return { text, calls };
}

function body(server: FakeOpenAIServer, index: number): { messages: Record<string, unknown>[]; tools?: unknown[] } {
  return server.chatRequests[index]?.body as { messages: Record<string, unknown>[]; tools?: unknown[] };
}

if (!hasProviderApi) {
  describe('Model picker on VS Code without the provider API (1.100)', () => {
    let api: SwitchboardApi;
    let server: FakeOpenAIServer;

    before(async () => {
      api = await switchboard();
      server = await startFakeOpenAI();
      await updateSetting(api, 'models', [{ id: 'only', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: server.baseURL }], Global);
    });
    after(async () => {
      await resetSettings(api);
      await server?.close();
    });

    it('registers no provider: no model of vendor switchboard exists, and routing works as before', async () => {
      assert.equal(vscode.version.startsWith('1.100'), true, `this branch is for VS Code without the API, got ${vscode.version}`);
      assert.deepEqual(await vscode.lm.selectChatModels({ vendor: 'switchboard' }), []);
      server.enqueue({ kind: 'text', chunks: ['still here'] });
      const result = await api.complete('understand', { messages: [{ role: 'user', content: 'Are you there?' }] });
      assert.equal(result.outcome, 'success');
      assert.equal(result.text, 'still here');
    });
  });
} else {
  describe('Switchboard in VS Code’s model picker (1.104+)', () => {
    let api: SwitchboardApi;
    let primary: FakeOpenAIServer;
    let backup: FakeOpenAIServer;
    let viaLm: FakeOpenAIServer;
    const recorded: AttemptRecord[] = [];
    let subscription: vscode.Disposable | undefined;

    before(async () => {
      api = await switchboard();
      primary = await startFakeOpenAI();
      backup = await startFakeOpenAI();
      viaLm = await startFakeOpenAI();
      await vscode.commands.executeCommand('switchboardTests.fakeVendor.setBaseUrl', viaLm.baseURL);
      await updateSetting(
        api,
        'models',
        [
          { id: 'primary', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: primary.baseURL, contextWindow: 128000, maxOutputTokens: 4000, price: { input: 0.15, output: 0.6 } },
          { id: 'backup', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: backup.baseURL, contextWindow: 64000, maxOutputTokens: 2000, price: { input: 0.15, output: 0.6 } },
          { id: 'viaLm', provider: 'vscode-lm', model: 'switchboard-tests-fake/fake-tools' },
          { id: 'wrapped', provider: 'vscode-lm', model: 'switchboard-tests-wrapper/wrapped' },
        ],
        Global,
      );
      await updateSetting(api, 'tiers', { understand: ['primary', 'backup'], generate: ['primary', 'backup'], review: ['wrapped', 'backup'], plan: ['viaLm'] }, Global);
      subscription = api.onDidRecordAttempt((r) => recorded.push(r));
    });
    after(async () => {
      subscription?.dispose();
      // The test vendor lists its model only while it has a server: later suites expect none discovered.
      await vscode.commands.executeCommand('switchboardTests.fakeVendor.setBaseUrl', undefined);
      await resetSettings(api);
      await primary?.close();
      await backup?.close();
      await viaLm?.close();
    });
    afterEach(() => {
      primary.reset();
      backup.reset();
      viaLm.reset();
    });

    it('offers Switchboard Auto, one model per capability and each configured model, with honest limits', async () => {
      await switchboardModel('Switchboard · Understand');
      const names = (await vscode.lm.selectChatModels({ vendor: 'switchboard' })).map((m) => m.name);
      for (const name of ['Switchboard Auto', 'Switchboard · Understand', 'Switchboard · Generate', 'Switchboard · Plan', 'primary', 'backup', 'viaLm']) assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
      const tier = await switchboardModel('Switchboard · Understand');
      assert.equal(tier.maxInputTokens, 62000, 'the smallest of its models: backup, 64000 less 2000 output');
    });

    it('carries a tool out as a tool call and the tool result back, through the router (origin model-picker, cost recorded)', async () => {
      const model = await switchboardModel('Switchboard · Understand');
      // The attempts recorded so far are other tests': this test's two come after them.
      const recordedBefore = recorded.length;
      primary.enqueue({ kind: 'text', chunks: [], toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }], usage: { input: 20, output: 8 } });
      const ask = vscode.LanguageModelChatMessage.User('What is the weather in Paris today?');
      const first = await drain(await model.sendRequest([ask], { tools: [WEATHER] }));
      assert.equal(first.calls.length, 1);
      assert.equal(first.calls[0]?.name, 'get_weather');
      assert.deepEqual(first.calls[0]?.input, { city: 'Paris' });
      assert.deepEqual((body(primary, 0).tools?.[0] as { function: { name: string } }).function.name, 'get_weather');

      primary.enqueue({ kind: 'text', chunks: ['Sunny, 18°C.'], usage: { input: 40, output: 5 } });
      const call = first.calls[0] as vscode.LanguageModelToolCallPart;
      const second = await drain(
        await model.sendRequest(
          [ask, vscode.LanguageModelChatMessage.Assistant([call]), vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart('18°C, sunny')])])],
          { tools: [WEATHER] },
        ),
      );
      assert.equal(second.text, 'Sunny, 18°C.');
      const sent = body(primary, 1).messages;
      assert.deepEqual(sent.find((m) => m['role'] === 'tool'), { role: 'tool', tool_call_id: 'call_1', content: '18°C, sunny' });
      assert.deepEqual((sent.find((m) => m['role'] === 'assistant')?.['tool_calls'] as { id: string }[])[0]?.id, 'call_1');

      const mine = await eventually(() => recorded.slice(recordedBefore).filter((r) => r.origin === 'model-picker' && r.modelId === 'primary'), (rs) => rs.length === 2, 'two model-picker attempts recorded');
      assert.ok(Math.abs((mine[1]?.costUsd ?? NaN) - (40 * 0.15 + 5 * 0.6) / 1e6) < 1e-12, `cost ${mine[1]?.costUsd}`);
      const rows = api.metrics.query({ filter: { origin: 'model-picker' }, groupBy: ['model'] });
      assert.ok((rows.find((r) => r.modelId === 'primary')?.count ?? 0) >= 2, JSON.stringify(rows));
    });

    it('falls back inside the provider when the primary answers 503 before the first token', async () => {
      const model = await switchboardModel('Switchboard · Generate');
      primary.enqueue({ kind: 'server-error', status: 503 });
      backup.enqueue({ kind: 'text', chunks: ['from ', 'backup'] });
      const { text } = await drain(await model.sendRequest([vscode.LanguageModelChatMessage.User('Write a haiku about fallbacks.')], {}));
      assert.equal(text, 'from backup');
      assert.equal(primary.chatRequests.length, 1);
      const attempts = await eventually(() => recorded.filter((r) => r.origin === 'model-picker' && r.capability === 'generate'), (rs) => rs.some((r) => r.modelId === 'backup'), 'the fallback recorded');
      assert.deepEqual(attempts.slice(-2).map((r) => [r.modelId, r.outcome]), [
        ['primary', 'error'],
        ['backup', 'success'],
      ]);
    });

    it('closes the HTTP request when the caller cancels', async () => {
      const model = await switchboardModel('primary');
      primary.enqueue({ kind: 'hang' });
      const source = new vscode.CancellationTokenSource();
      const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('Take your time with this one.')], {}, source.token);
      const draining = drain(response).catch((error: unknown) => error);
      await eventually(() => primary.chatRequests.length, (n) => n === 1, 'the request reached the server');
      source.cancel();
      assert.equal(await primary.chatRequests[0]?.ended, 'client-closed');
      await draining;
      source.dispose();
    });

    it('runs the vscode.lm adapter’s tool-call round trip against another vendor for real', async () => {
      viaLm.enqueue({ kind: 'text', chunks: [], toolCalls: [{ id: 'call_9', name: 'get_weather', arguments: '{"city":"Oslo"}' }] });
      const ask = { role: 'user' as const, content: 'What is the weather in Oslo?' };
      const tools = [{ name: 'get_weather', description: 'The weather in a city.', inputSchema: WEATHER.inputSchema as Record<string, unknown> }];
      const first = await api.complete('plan', { messages: [ask], tools });
      assert.equal(first.modelId, 'viaLm', first.explanation);
      assert.deepEqual(first.toolCalls, [{ id: 'call_9', name: 'get_weather', arguments: { city: 'Oslo' } }]);

      viaLm.enqueue({ kind: 'text', chunks: ['Cold: -3°C.'] });
      const second = await api.complete('plan', {
        messages: [ask, { role: 'assistant', content: '', toolCalls: first.toolCalls ?? [] }, { role: 'tool', toolCallId: 'call_9', toolName: 'get_weather', content: '-3°C, snow' }],
        tools,
      });
      assert.equal(second.text, 'Cold: -3°C.');
      const sent = body(viaLm, 1).messages;
      assert.deepEqual(sent.find((m) => m['role'] === 'tool'), { role: 'tool', tool_call_id: 'call_9', content: '-3°C, snow' });
    });

    it('leaves out a vendor that wraps Switchboard’s own models: the loop fails at once, the router falls back, the wrapper is excluded', async () => {
      const wrapper = vscode.extensions.getExtension<{ stats: { forwarded: number; failed: number; lastError?: string } }>('switchboard-tests.loop-wrapper');
      assert.ok(wrapper, 'the loop-wrapper test extension is loaded');
      const { stats } = await wrapper.activate();
      // The wrapper counts for the whole run: this test's forward is the one after those before it.
      const forwarded = stats.forwarded;
      backup.enqueue({ kind: 'text', chunks: ['answered by backup'] });
      const result = await api.complete('review', { messages: [{ role: 'user', content: 'Review this function for off-by-one errors.' }] });
      assert.equal(result.modelId, 'backup', result.explanation);
      assert.equal(stats.forwarded, forwarded + 1);
      assert.match(stats.lastError ?? '', /wraps Switchboard's own models/);
      const wrappedAttempt = result.attempts.find((a) => a.modelId === 'wrapped');
      assert.equal(wrappedAttempt?.errorKind, 'model-not-found');
      // Excluded from now on: not offered in the picker, and not asked again.
      await eventually(async () => (await vscode.lm.selectChatModels({ vendor: 'switchboard' })).map((m) => m.name), (names) => !names.includes('wrapped'), 'the wrapper leaves the picker');
      backup.enqueue({ kind: 'text', chunks: ['again from backup'] });
      const again = await api.complete('review', { messages: [{ role: 'user', content: 'And this other function, please?' }] });
      assert.equal(again.modelId, 'backup');
      assert.equal(stats.forwarded, forwarded + 1, 'the wrapper is not asked again');
    });
  });
}
