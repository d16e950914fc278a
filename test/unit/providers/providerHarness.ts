import type { LanguageModel, ModelRequest, StreamOptions, StreamPart, Usage } from '../../../src/core/providers/contract';
import { createAnthropicModel } from '../../../src/core/providers/anthropicModel';
import type { ModelSettings } from '../../../src/core/providers/modelSettings';
import { createOllamaModel } from '../../../src/core/providers/ollamaModel';
import { createOpenAIModel } from '../../../src/core/providers/openaiModel';
import { startFakeAnthropic, startFakeOllama, startFakeOpenAI, type FakeProviderServer } from '../../support/fakeProviders';

export const TEST_KEY = 'sk-test-0123456789abcdefSECRET';

export interface StreamOutcome {
  readonly parts: StreamPart[];
  readonly text: string;
  readonly usage: Usage | undefined;
  readonly error: unknown;
}

/** Drains a stream, keeping what arrived before any failure. */
export async function collect(stream: AsyncIterable<StreamPart>): Promise<StreamOutcome> {
  const parts: StreamPart[] = [];
  let error: unknown;
  try {
    for await (const part of stream) {
      parts.push(part);
    }
  } catch (e) {
    error = e;
  }
  const text = parts.map((p) => (p.type === 'text-delta' ? p.text : '')).join('');
  const finishPart = parts.find((p): p is Extract<StreamPart, { type: 'finish' }> => p.type === 'finish');
  return { parts, text, usage: finishPart?.usage, error };
}

export const REQUEST: ModelRequest = {
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'Say hello.' },
  ],
};

export interface ProviderUnderTest {
  readonly name: 'openai' | 'openai-compatible' | 'anthropic' | 'ollama';
  start(): Promise<FakeProviderServer & { baseURL: string }>;
  model(server: { baseURL: string }, settings?: Partial<ModelSettings>): LanguageModel;
}

export const PROVIDERS: readonly ProviderUnderTest[] = [
  {
    name: 'openai',
    start: () => startFakeOpenAI(),
    model: (server, settings) => createOpenAIModel({ model: 'gpt-4o-mini', apiKey: TEST_KEY, baseURL: server.baseURL, ...settings }),
  },
  {
    name: 'openai-compatible',
    start: () => startFakeOpenAI(),
    model: (server, settings) => createOpenAIModel({ provider: 'openai-compatible', model: 'qwen2.5-coder', baseURL: server.baseURL, ...settings }),
  },
  {
    name: 'anthropic',
    start: () => startFakeAnthropic(),
    model: (server, settings) => createAnthropicModel({ model: 'claude-sonnet-4-6', apiKey: TEST_KEY, baseURL: server.baseURL, ...settings }),
  },
  {
    name: 'ollama',
    start: () => startFakeOllama(),
    model: (server, settings) => createOllamaModel({ model: 'llama3.2', baseURL: server.baseURL, ...settings }),
  },
];

export function run(model: LanguageModel, request: ModelRequest = REQUEST, options?: StreamOptions): Promise<StreamOutcome> {
  return collect(model.stream(request, options));
}
