import type { ModelConfig } from '../config/schema';
import type { LanguageModel } from './contract';
import { createAnthropicModel } from './anthropicModel';
import { DEFAULT_LOCAL_FIRST_TOKEN_TIMEOUT_MS, type ModelSettings } from './modelSettings';
import { createOllamaModel } from './ollamaModel';
import { createOpenAIModel } from './openaiModel';

export interface LanguageModelSecrets {
  /** Looked up by the VS Code layer (SecretStorage) and handed in; the core never reads secrets. */
  readonly apiKey?: string;
  readonly fetch?: typeof fetch;
  readonly firstTokenTimeoutMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Builds the adapter for one `switchboard.models` entry. */
export function createLanguageModel(config: ModelConfig, extras: LanguageModelSecrets = {}): LanguageModel {
  const settings: ModelSettings = {
    model: config.model,
    ...(extras.apiKey ? { apiKey: extras.apiKey } : {}),
    ...(config.baseUrl ? { baseURL: config.baseUrl } : {}),
    ...(config.maxOutputTokens !== undefined ? { maxOutputTokens: config.maxOutputTokens } : {}),
    ...(config.temperature !== undefined ? { temperature: config.temperature } : {}),
    ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
    ...(extras.firstTokenTimeoutMs !== undefined
      ? { firstTokenTimeoutMs: extras.firstTokenTimeoutMs }
      : config.local && config.provider !== 'ollama'
        ? // A local server (llama.cpp, LM Studio) may load the model before its first token, as Ollama does.
          { firstTokenTimeoutMs: DEFAULT_LOCAL_FIRST_TOKEN_TIMEOUT_MS }
        : {}),
    ...(extras.fetch ? { fetch: extras.fetch } : {}),
    ...(extras.headers ? { headers: extras.headers } : {}),
  };
  switch (config.provider) {
    case 'openai':
      return createOpenAIModel({ ...settings, provider: 'openai' });
    case 'openai-compatible':
      return createOpenAIModel({ ...settings, provider: 'openai-compatible' });
    case 'anthropic':
      return createAnthropicModel(settings);
    case 'ollama':
      return createOllamaModel(settings);
    case 'vscode-lm':
      throw new Error(
        `Model "${config.id}" uses provider "vscode-lm", which needs the VS Code API: build it in src/vscode (the Language Model adapter), not with createLanguageModel.`,
      );
  }
}
