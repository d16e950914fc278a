import type { ModelConfig } from '../models/modelConfig';

/** Starting points for "Add Model…": where each well-known provider lives and a few of its models. */
export interface ProviderPreset {
  readonly label: string;
  readonly detail: string;
  readonly provider: ModelConfig['provider'];
  readonly baseUrl?: string;
  readonly suggestedModels: readonly string[];
  readonly local?: boolean;
}

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  { label: 'OpenAI', detail: 'api.openai.com', provider: 'openai', suggestedModels: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'gpt-4.1-mini', 'o4-mini'] },
  { label: 'Anthropic', detail: 'api.anthropic.com', provider: 'anthropic', suggestedModels: ['claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1'] },
  { label: 'Ollama', detail: 'models running locally in Ollama', provider: 'ollama', suggestedModels: ['qwen2.5-coder:7b', 'llama3.1:8b', 'deepseek-coder-v2'], local: true },
  { label: 'Groq', detail: 'OpenAI-compatible', provider: 'openai-compatible', baseUrl: 'https://api.groq.com/openai/v1', suggestedModels: ['llama-3.3-70b-versatile', 'llama-3.1-8b-instant'] },
  { label: 'DeepSeek', detail: 'OpenAI-compatible', provider: 'openai-compatible', baseUrl: 'https://api.deepseek.com/v1', suggestedModels: ['deepseek-chat', 'deepseek-reasoner'] },
  { label: 'OpenRouter', detail: 'OpenAI-compatible', provider: 'openai-compatible', baseUrl: 'https://openrouter.ai/api/v1', suggestedModels: ['anthropic/claude-sonnet-4.5', 'openai/gpt-4o-mini', 'meta-llama/llama-3.3-70b-instruct'] },
  { label: 'Gemini', detail: "Google's OpenAI-compatible API", provider: 'openai-compatible', baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai/', suggestedModels: ['gemini-2.5-flash', 'gemini-2.5-pro'] },
  { label: 'LM Studio', detail: 'local server, OpenAI-compatible', provider: 'openai-compatible', baseUrl: 'http://localhost:1234/v1', suggestedModels: [], local: true },
  { label: 'vLLM', detail: 'local server, OpenAI-compatible', provider: 'openai-compatible', baseUrl: 'http://localhost:8000/v1', suggestedModels: [], local: true },
  { label: 'LiteLLM proxy', detail: 'OpenAI-compatible proxy', provider: 'openai-compatible', baseUrl: 'http://localhost:4000', suggestedModels: [] },
  { label: 'Other OpenAI-compatible endpoint…', detail: 'enter its base URL', provider: 'openai-compatible', suggestedModels: [] },
  { label: 'VS Code language model', detail: 'models other extensions provide through vscode.lm (e.g. Copilot)', provider: 'vscode-lm', suggestedModels: [] },
];

/** A settings id derived from a model name: "qwen2.5-coder:7b" → "qwen2.5-coder-7b", unique among `taken`. */
export function suggestModelId(model: string, taken: ReadonlySet<string>): string {
  const base = model.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'model';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}
