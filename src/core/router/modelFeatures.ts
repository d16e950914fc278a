import type { ModelFeatures, ModelRequest, ProviderKind } from '../providers/contract';
import type { RegisteredModel } from './registry';

/**
 * What each provider kind supports before a model has said otherwise. OpenAI and Anthropic take
 * tools on every chat model; a compatible server or an Ollama model may not (`unknown` until it has
 * called a tool or refused them). Anthropic carries a schema as a forced tool, Ollama in `format`;
 * VS Code's Language Model API has tools but no structured output, so the schema goes in the prompt.
 */
const BY_KIND: Readonly<Record<ProviderKind, ModelFeatures>> = {
  openai: { tools: 'native', structuredOutput: 'json-schema' },
  'openai-compatible': { tools: 'unknown', structuredOutput: 'json-schema' },
  anthropic: { tools: 'native', structuredOutput: 'json-schema' },
  ollama: { tools: 'unknown', structuredOutput: 'json-schema' },
  'vscode-lm': { tools: 'native', structuredOutput: 'prompt' },
};

/** What a configured model supports now: what its adapter has learned (a server's refusals), else its kind's default. */
export function featuresOf(entry: RegisteredModel): ModelFeatures {
  return entry.model.features?.() ?? BY_KIND[entry.model.provider];
}

/**
 * Whether a model may be sent tools: any model not known to refuse them. `unknown` counts as able,
 * because only a call can tell, and a refusal is then remembered (the adapter answers `unsupported`).
 */
export function mayCallTools(entry: RegisteredModel): boolean {
  return featuresOf(entry).tools !== 'unsupported';
}

/** Whether the request offers the model tools it may call (`toolChoice: 'none'` offers none). */
export function requestCarriesTools(request: ModelRequest): boolean {
  return (request.tools?.length ?? 0) > 0 && request.toolChoice !== 'none';
}
