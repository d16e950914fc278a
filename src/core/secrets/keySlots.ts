import type { ModelConfig } from '../models/modelConfig';
import { isLoopbackHost } from '../models/modelLocality';
import type { ProviderKind } from '../providers/contract';

/**
 * A key slot is where one API key lives. A key is bound to the origin it is sent to: the OpenAI key
 * goes only to OpenAI's own endpoint, and every other endpoint has a slot of its own keyed by its
 * origin, so pointing a model at another host can never hand it a key set for someone else.
 */
export interface KeySlot {
  /** Stable id, used as the SecretStorage key suffix: `openai`, `anthropic`, or `endpoint:<origin>`. */
  readonly id: string;
  /** What a person calls it: "OpenAI", "Groq (api.groq.com)". */
  readonly label: string;
  /** The provider's usual environment variable, read as a fallback when no key is stored. */
  readonly envVar?: string;
  /** Whether requests need a key at all (local servers usually do not). */
  readonly required: boolean;
}

export const OPENAI_SLOT: KeySlot = { id: 'openai', label: 'OpenAI', envVar: 'OPENAI_API_KEY', required: true };
export const ANTHROPIC_SLOT: KeySlot = { id: 'anthropic', label: 'Anthropic', envVar: 'ANTHROPIC_API_KEY', required: true };

const OFFICIAL_ORIGINS: Partial<Record<ProviderKind, { origin: string; slot: KeySlot }>> = {
  openai: { origin: 'https://api.openai.com', slot: OPENAI_SLOT },
  anthropic: { origin: 'https://api.anthropic.com', slot: ANTHROPIC_SLOT },
};

/** Well-known OpenAI-compatible hosts and their usual environment variables. */
const KNOWN_HOSTS: readonly { host: RegExp; name: string; envVar: string }[] = [
  { host: /(^|\.)api\.openai\.com$/, name: 'OpenAI', envVar: 'OPENAI_API_KEY' },
  { host: /(^|\.)groq\.com$/, name: 'Groq', envVar: 'GROQ_API_KEY' },
  { host: /(^|\.)deepseek\.com$/, name: 'DeepSeek', envVar: 'DEEPSEEK_API_KEY' },
  { host: /(^|\.)openrouter\.ai$/, name: 'OpenRouter', envVar: 'OPENROUTER_API_KEY' },
  { host: /(^|\.)generativelanguage\.googleapis\.com$/, name: 'Gemini', envVar: 'GEMINI_API_KEY' },
  { host: /(^|\.)together\.(xyz|ai)$/, name: 'Together', envVar: 'TOGETHER_API_KEY' },
  { host: /(^|\.)mistral\.ai$/, name: 'Mistral', envVar: 'MISTRAL_API_KEY' },
  { host: /(^|\.)fireworks\.ai$/, name: 'Fireworks', envVar: 'FIREWORKS_API_KEY' },
  { host: /(^|\.)x\.ai$/, name: 'xAI', envVar: 'XAI_API_KEY' },
  { host: /(^|\.)anthropic\.com$/, name: 'Anthropic', envVar: 'ANTHROPIC_API_KEY' },
];

/** The slot for an arbitrary endpoint, by origin. */
export function endpointSlot(baseUrl: string): KeySlot {
  const url = new URL(baseUrl);
  const known = KNOWN_HOSTS.find((k) => k.host.test(url.hostname));
  const local = isLoopbackHost(url.hostname);
  const label = known ? `${known.name} (${url.host})` : local ? `Local endpoint (${url.host})` : url.host;
  return {
    id: `endpoint:${url.origin}`,
    label,
    ...(known ? { envVar: known.envVar } : {}),
    required: !local,
  };
}

/** The slot a model's requests draw their key from, or undefined when the provider takes no key. */
export function keySlotFor(model: Pick<ModelConfig, 'provider' | 'baseUrl'>): KeySlot | undefined {
  if (model.provider === 'ollama' || model.provider === 'vscode-lm') return undefined;
  const official = OFFICIAL_ORIGINS[model.provider];
  if (!model.baseUrl) return official?.slot;
  if (official && new URL(model.baseUrl).origin === official.origin) return official.slot;
  return endpointSlot(model.baseUrl);
}

/** Every distinct slot the configured models need, plus the two well-known ones, in a stable order. */
export function slotsInUse(models: readonly Pick<ModelConfig, 'provider' | 'baseUrl'>[], includeWellKnown = true): KeySlot[] {
  const slots = new Map<string, KeySlot>();
  if (includeWellKnown) {
    slots.set(OPENAI_SLOT.id, OPENAI_SLOT);
    slots.set(ANTHROPIC_SLOT.id, ANTHROPIC_SLOT);
  }
  for (const model of models) {
    const slot = keySlotFor(model);
    if (slot && !slots.has(slot.id)) slots.set(slot.id, slot);
  }
  return [...slots.values()];
}
