import type { ModelConfig } from '../../../src/core/models/modelConfig';
import { createLanguageModel } from '../../../src/core/providers/createLanguageModel';
import type { RegisteredModel } from '../../../src/core/router/registry';
import { startFakeAnthropic, startFakeOllama, startFakeOpenAI, type FakeAnthropicServer, type FakeOllamaServer, type FakeOpenAIServer } from '../../support/fakeProviders';

export interface FakeProviderSuite {
  readonly openai: FakeOpenAIServer;
  readonly anthropic: FakeAnthropicServer;
  readonly ollama: FakeOllamaServer;
  /** A configured model built with the real adapter for `config.provider`, pointed at `baseUrl`. */
  model(config: Omit<ModelConfig, 'baseUrl'>, baseUrl: string, firstTokenTimeoutMs?: number): RegisteredModel;
}

/**
 * For a describe block that runs the real adapters (real SDKs over real HTTP) against the three
 * local fake servers: starts them once, forgets their scripts and requests before each test, stops
 * them after the block. Read the servers through the returned object inside tests and hooks.
 */
export function useFakeProviders(apiKey: string): FakeProviderSuite {
  let servers: { openai: FakeOpenAIServer; anthropic: FakeAnthropicServer; ollama: FakeOllamaServer } | undefined;
  const get = () => {
    if (!servers) throw new Error('the fake provider servers start in the suite\'s before hook');
    return servers;
  };
  before(async () => {
    const [openai, anthropic, ollama] = await Promise.all([startFakeOpenAI(), startFakeAnthropic(), startFakeOllama()]);
    servers = { openai, anthropic, ollama };
  });
  after(async () => {
    const s = servers;
    servers = undefined;
    if (s) await Promise.all([s.openai.close(), s.anthropic.close(), s.ollama.close()]);
  });
  beforeEach(() => {
    const s = get();
    s.openai.reset();
    s.anthropic.reset();
    s.ollama.reset();
  });
  return {
    get openai() {
      return get().openai;
    },
    get anthropic() {
      return get().anthropic;
    },
    get ollama() {
      return get().ollama;
    },
    model(config, baseUrl, firstTokenTimeoutMs) {
      const full = { ...config, baseUrl } as ModelConfig;
      return { config: full, model: createLanguageModel(full, { apiKey, ...(firstTokenTimeoutMs !== undefined ? { firstTokenTimeoutMs } : {}) }) };
    },
  };
}
