/**
 * Local servers on 127.0.0.1 that speak each provider's wire protocol well enough for the real
 * SDKs, and misbehave on demand. Plain Node (no mocha), for unit, integration and bench code:
 *
 *   const server = await startFakeOpenAI();              // or startFakeAnthropic / startFakeOllama
 *   server.enqueue({ kind: 'text', chunks: ['Hel', 'lo'], usage: { input: 12, output: 2 } });
 *   server.enqueue({ kind: 'rate-limit', retryAfter: '2' }, { kind: 'drop-mid-stream', chunks: ['a', 'b'], afterChunks: 1 });
 *   server.setHandler((request, i) => (i % 3 === 0 ? { kind: 'server-error', status: 503 } : { kind: 'text', chunks: ['ok'] }));
 *   createOpenAIModel({ model: 'gpt-4o-mini', apiKey, baseURL: server.baseURL });
 *   server.chatRequests[0].headers.authorization; await server.chatRequests[0].ended; // 'client-closed' after an abort
 *   await server.close();
 */
export type { FakeBehaviour, FakeUsage, StreamTiming } from './behaviours';
export { DEFAULT_TEXT, FakeProviderServer, type ExchangeEnd, type FakeServerOptions, type RecordedRequest } from './fakeServerCore';
export { FakeOpenAIServer, startFakeOpenAI, type FakeOpenAIOptions } from './fakeOpenAI';
export { FakeAnthropicServer, startFakeAnthropic } from './fakeAnthropic';
export { FakeOllamaServer, startFakeOllama, type FakeOllamaModel, type FakeOllamaOptions } from './fakeOllama';
