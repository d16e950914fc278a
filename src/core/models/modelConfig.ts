import type { ProviderKind } from '../providers/contract';
import type { ReasoningEffort } from '../providers/reasoning';

/**
 * A model in the catalogue: one `switchboard.models` entry, or one built by model discovery. The
 * router, the providers, pricing, the key slots and the views all read this shape; its settings
 * schema (`config/settings/models.ts`) is checked against it at compile time.
 */
export interface ModelConfig {
  /** The person's name for the model, used by tiers and experiments (see `modelId.ts`). */
  id: string;
  provider: ProviderKind;
  /** The provider's own model name, e.g. "gpt-4o-mini". */
  model: string;
  baseUrl?: string;
  contextWindow?: number;
  maxOutputTokens?: number;
  temperature?: number;
  timeoutMs?: number;
  /** Wins over the bundled price catalogue. */
  price?: ModelPrice;
  /** Overrides the guess from the provider and endpoint (see `isLocal` in modelLocality.ts). */
  local?: boolean;
  /** Asks the model to reason before it answers, with this much effort (see `reasoning.ts`). */
  reasoning?: ReasoningEffort;
}

/** USD per million tokens of each kind; a missing cache rate means the input rate. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}
