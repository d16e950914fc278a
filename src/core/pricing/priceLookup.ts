import type { ModelConfig, ModelPrice } from '../models/modelConfig';
import type { Usage } from '../providers/contract';
import { chargesNothing, costOf, tierStartsOf } from './costOf';
import { ratesOf } from './ratesOf';

/**
 * Prices as the router reads them, to estimate a call before it is made (budgets, "cheapest"
 * routing) and to cost it after. Every rate here is a {@link ModelPrice}: USD per million tokens.
 */

/** Rates that replace the base ones for the WHOLE call once its prompt exceeds `aboveInputTokens`. */
export interface PriceTier extends ModelPrice {
  readonly aboveInputTokens: number;
}

/** A model's base rates, with the long-context tiers of catalog models (ascending). */
export interface TieredPrice extends ModelPrice {
  readonly tiers?: readonly PriceTier[];
}

/** The price of a model, or undefined when unknown (unknown is never treated as free). */
export type PriceLookup = (config: ModelConfig) => TieredPrice | undefined;

/** The cost of one call in USD, or undefined when unknown. */
export type CostFunction = (config: ModelConfig, usage: Usage) => number | undefined;

const FREE: TieredPrice = { input: 0, output: 0 };

/** Only the model's own `price` override, free for local models, otherwise unknown (no catalog). */
export const configPrice: PriceLookup = (config) => {
  if (config.price) return config.price;
  if (chargesNothing(config)) return FREE;
  return undefined;
};

/** The rates that apply to a call whose prompt has `promptTokens` input tokens (the catalog's tier rule). */
export function ratesForPrompt(price: TieredPrice, promptTokens: number): ModelPrice {
  let rates: ModelPrice = price;
  for (const tier of price.tiers ?? []) if (promptTokens > tier.aboveInputTokens) rates = tier;
  return rates;
}

export function costFromPrice(tiered: TieredPrice, usage: Usage): number {
  // The contract's input counts every prompt token, cached ones included; those are billed at the cache rates.
  const price = ratesForPrompt(tiered, usage.input.tokens);
  const cached = usage.cacheRead.tokens + usage.cacheWrite.tokens;
  const uncachedInput = Math.max(0, usage.input.tokens - cached);
  return (
    (uncachedInput * price.input +
      usage.output.tokens * price.output +
      usage.cacheRead.tokens * (price.cacheRead ?? price.input) +
      usage.cacheWrite.tokens * (price.cacheWrite ?? price.input)) /
    1_000_000
  );
}

export function costFunctionFrom(lookup: PriceLookup): CostFunction {
  return (config, usage) => {
    const price = lookup(config);
    return price ? costFromPrice(price, usage) : undefined;
  };
}

/**
 * Worst case for a request: every prompt token plus the whole output allowance, at the rates of the
 * tier the prompt falls into (a prompt over a long-context threshold is billed higher throughout).
 */
export function worstCaseCost(tiered: TieredPrice | undefined, promptTokens: number, maxOutputTokens: number): number | undefined {
  if (!tiered) return undefined;
  const price = ratesForPrompt(tiered, promptTokens);
  return (promptTokens * price.input + maxOutputTokens * price.output) / 1_000_000;
}

/** Cost of a call from the price override, local models, or the @pydantic/genai-prices catalog. */
export const catalogCost: CostFunction = (config, usage) => costOf(usage, config).usd;

// 100k tokens stays in every catalog model's base tier (some prices rise above 128k or 200k prompt tokens).
const SAMPLE_TOKENS = 100_000;

/**
 * Per-million prices from the same sources as {@link catalogCost}, measured once per model by
 * pricing a sample of input and of output tokens (the catalog has no simpler per-token view), plus
 * the catalog's long-context tiers, so estimates for long prompts use the rates they will be billed at.
 */
export function catalogPriceLookup(): PriceLookup {
  // Settings produce new config objects when they change, so the object itself is the key.
  const memo = new WeakMap<ModelConfig, TieredPrice | undefined>();
  return (config) => {
    if (memo.has(config)) return memo.get(config);
    const sample = (input: number, output: number): number | undefined =>
      costOf(
        {
          input: { tokens: input, source: 'estimated' },
          output: { tokens: output, source: 'estimated' },
          cacheRead: { tokens: 0, source: 'estimated' },
          cacheWrite: { tokens: 0, source: 'estimated' },
        },
        config,
      ).usd;
    const starts = tierStartsOf(config);
    // A prompt of exactly a tier's start is still billed at the rates below it.
    const inputSample = Math.max(1, Math.min(SAMPLE_TOKENS, starts[0] ?? SAMPLE_TOKENS));
    const input = sample(inputSample, 0);
    const output = sample(0, SAMPLE_TOKENS);
    let price: TieredPrice | undefined =
      input === undefined || output === undefined ? undefined : { input: (input * 1_000_000) / inputSample, output: (output * 1_000_000) / SAMPLE_TOKENS };
    if (price) {
      const tiers: PriceTier[] = [];
      for (const start of starts) {
        const rates = ratesOf(config, { promptTokens: start + 1 });
        if (rates) tiers.push({ aboveInputTokens: start, input: rates.input, output: rates.output, cacheRead: rates.cacheRead, cacheWrite: rates.cacheWrite });
      }
      if (tiers.length > 0) price = { ...price, tiers };
    }
    memo.set(config, price);
    return price;
  };
}
