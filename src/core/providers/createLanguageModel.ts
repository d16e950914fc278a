import { isLocal } from '../models/modelLocality';
import type { ModelConfig } from '../models/modelConfig';
import type { LanguageModel } from './contract';
import { createAnthropicModel } from './anthropicModel';
import { DEFAULT_LOCAL_FIRST_TOKEN_TIMEOUT_MS, type ModelSettings } from './modelSettings';
import { createOllamaModel } from './ollamaModel';
import { createOpenAIModel } from './openaiModel';

export interface LanguageModelSecrets {
  /** Looked up by the VS Code layer (SecretStorage) and handed in; the core never reads secrets. */
  readonly apiKey?: string;
  readonly fetch?: typeof fetch;
  /**
   * The first-token budget for a cloud model (`switchboard.routing.firstTokenTimeoutMs`). A local
   * model gets at least {@link DEFAULT_LOCAL_FIRST_TOKEN_TIMEOUT_MS}: it may load into memory first.
   */
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
    ...(config.reasoning !== undefined ? { reasoning: config.reasoning } : {}),
    ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
    ...firstTokenBudget(config, extras.firstTokenTimeoutMs),
    ...(extras.fetch ? { fetch: extras.fetch } : {}),
    ...(extras.headers ? { headers: extras.headers } : {}),
  };
  switch (config.provider) {
    case 'openai':
      return createOpenAIModel(Object.assign({}, settings, { provider: 'openai' as const }));
    case 'openai-compatible':
      return createOpenAIModel(Object.assign({}, settings, { provider: 'openai-compatible' as const }));
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

/**
 * The one first-token clock of a call is the adapter's, set here per model: the given budget for a
 * cloud model, at least 90 s for a local one (Ollama, llama.cpp, LM Studio load the model before
 * their first token). Without a given budget each adapter keeps its own default.
 */
function firstTokenBudget(config: ModelConfig, given: number | undefined): { firstTokenTimeoutMs?: number } {
  if (isLocal(config)) return { firstTokenTimeoutMs: Math.max(given ?? 0, DEFAULT_LOCAL_FIRST_TOKEN_TIMEOUT_MS) };
  return given !== undefined ? { firstTokenTimeoutMs: given } : {};
}
