import type { ModelConfig } from '../models/modelConfig';

/** The sections of the "Add Model…" list, in the order shown. */
export const PRESET_GROUPS = [
  { id: 'cloud', label: 'Cloud providers' },
  { id: 'server', label: 'Your own server' },
  { id: 'vscode', label: 'Inside VS Code' },
] as const;
export type PresetGroup = (typeof PRESET_GROUPS)[number]['id'];

/** Starting points for "Add Model…": where each well-known provider lives and a few of its models. */
export interface ProviderPreset {
  readonly label: string;
  /** One line beside the label: the list must fit without scrolling, so no second line. */
  readonly description: string;
  readonly group: PresetGroup;
  readonly provider: ModelConfig['provider'];
  readonly baseUrl?: string;
  readonly suggestedModels: readonly string[];
  readonly local?: boolean;
  /** Ask the server for its `/models` list once the base URL is known (servers whose models are the person's own). */
  readonly listModels?: boolean;
}

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  { label: 'OpenAI', description: 'api.openai.com', group: 'cloud', provider: 'openai', suggestedModels: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'gpt-4.1-mini', 'o4-mini'] },
  { label: 'Anthropic', description: 'api.anthropic.com', group: 'cloud', provider: 'anthropic', suggestedModels: ['claude-sonnet-4-6', 'claude-haiku-4-5', 'claude-opus-4-8'] },
  { label: 'Groq', description: 'OpenAI-compatible', group: 'cloud', provider: 'openai-compatible', baseUrl: 'https://api.groq.com/openai/v1', suggestedModels: ['llama-3.3-70b-versatile', 'llama-3.1-8b-instant'] },
  { label: 'DeepSeek', description: 'OpenAI-compatible', group: 'cloud', provider: 'openai-compatible', baseUrl: 'https://api.deepseek.com/v1', suggestedModels: ['deepseek-chat', 'deepseek-reasoner'] },
  { label: 'OpenRouter', description: 'OpenAI-compatible', group: 'cloud', provider: 'openai-compatible', baseUrl: 'https://openrouter.ai/api/v1', suggestedModels: ['anthropic/claude-sonnet-4.6', 'openai/gpt-4o-mini', 'meta-llama/llama-3.3-70b-instruct'] },
  { label: 'Gemini', description: "Google's OpenAI-compatible API", group: 'cloud', provider: 'openai-compatible', baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai/', suggestedModels: ['gemini-2.5-flash', 'gemini-2.5-pro'] },
  // First of its section: any server that speaks the OpenAI API (llama.cpp, a proxy, a company gateway).
  { label: 'OpenAI-compatible server…', description: 'enter its base URL; its models are listed', group: 'server', provider: 'openai-compatible', suggestedModels: [], listModels: true },
  { label: 'Ollama', description: 'models running locally in Ollama', group: 'server', provider: 'ollama', suggestedModels: ['qwen2.5-coder:7b', 'llama3.1:8b', 'deepseek-coder-v2'], local: true },
  { label: 'LM Studio', description: 'local, OpenAI-compatible', group: 'server', provider: 'openai-compatible', baseUrl: 'http://localhost:1234/v1', suggestedModels: [], local: true, listModels: true },
  { label: 'vLLM', description: 'local, OpenAI-compatible', group: 'server', provider: 'openai-compatible', baseUrl: 'http://localhost:8000/v1', suggestedModels: [], local: true, listModels: true },
  { label: 'LiteLLM proxy', description: 'OpenAI-compatible proxy', group: 'server', provider: 'openai-compatible', baseUrl: 'http://localhost:4000', suggestedModels: [], listModels: true },
  { label: 'VS Code language model', description: 'models other extensions provide through vscode.lm (e.g. Copilot)', group: 'vscode', provider: 'vscode-lm', suggestedModels: [] },
];

/** One row of the "Add Model…" list: a section heading or a preset. */
export type PresetRow = { readonly kind: 'separator'; readonly label: string } | { readonly kind: 'preset'; readonly preset: ProviderPreset };

/** The presets under their section headings, in {@link PRESET_GROUPS} order. */
export function presetRows(presets: readonly ProviderPreset[] = PROVIDER_PRESETS): PresetRow[] {
  return PRESET_GROUPS.flatMap((group) => {
    const members = presets.filter((p) => p.group === group.id);
    return members.length === 0 ? [] : [{ kind: 'separator' as const, label: group.label }, ...members.map((preset) => ({ kind: 'preset' as const, preset }))];
  });
}

/** A settings id derived from a model name: "qwen2.5-coder:7b" → "qwen2.5-coder-7b", unique among `taken`. */
export function suggestModelId(model: string, taken: ReadonlySet<string>): string {
  const base = model.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'model';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}
