import { calcPrice, findProvider, type PriceOptions, type Usage as PriceUsage } from '@pydantic/genai-prices';
import type { ModelPrice } from '../models/modelConfig';
import type { ProviderKind, Usage } from '../providers/contract';
import { catalogLookupFor } from './providerIds';

/** Where a cost came from. `unknown` always comes with `usd: undefined`, never 0. */
export type CostSource = 'override' | 'genai-prices' | 'local' | 'unknown';

export interface Cost {
  /** US dollars; `undefined` when the price is unknown. */
  readonly usd: number | undefined;
  readonly source: CostSource;
}

/** The parts of a configured model (`switchboard.models[]`) that decide its price. */
export interface PricedModel {
  readonly provider: ProviderKind;
  /** The provider's model name, e.g. "gpt-4o-mini". */
  readonly model: string;
  /** USD per million tokens; wins over the catalog. */
  readonly price?: ModelPrice;
  readonly baseUrl?: string;
  /** `true`: the person says the model is theirs and costs nothing per call (see {@link chargesNothing}). */
  readonly local?: boolean;
}

/**
 * Whether a call costs nothing: the person said so (`local: true`), or it is Ollama, which runs
 * models on hardware the person owns. Where a call runs (privacy, `isLocal`) and what it costs are
 * separate questions: a loopback address alone is not free, since a local proxy may front a paid
 * API; a model there is priced from the catalog by its name, or unknown (issue 14 item 13).
 */
export function chargesNothing(model: Pick<PricedModel, 'provider' | 'local'>): boolean {
  if (model.local !== undefined) return model.local;
  return model.provider === 'ollama';
}

export interface CostOptions {
  /** When the call was made: catalog prices can change over time. Defaults to now. */
  readonly at?: Date;
}

const PER_MILLION = 1_000_000;
const UNKNOWN: Cost = { usd: undefined, source: 'unknown' };

/**
 * The cost of one call. Usage convention: `usage.input.tokens` is the TOTAL prompt, cache reads and
 * cache writes included (OpenAI's `prompt_tokens`; genai-prices' `input_tokens`). If an adapter
 * reported the uncached part only (Anthropic's wire `input_tokens`) the cache figures can exceed it;
 * then they are added to it rather than priced twice or rejected.
 */
export function costOf(usage: Usage, model: PricedModel, options: CostOptions = {}): Cost {
  const tokens = normalizeTokens(usage);
  if (model.price) return { usd: overrideCost(tokens, model.price), source: 'override' };
  if (chargesNothing(model)) return { usd: 0, source: 'local' };
  if (model.provider === 'vscode-lm') return UNKNOWN;

  const priceUsage: PriceUsage = {
    input_tokens: tokens.input,
    output_tokens: tokens.output,
    cache_read_tokens: tokens.cacheRead,
    cache_write_tokens: tokens.cacheWrite,
  };
  for (const attempt of catalogAttempts(model, options.at ?? new Date())) {
    const usd = catalogCost(priceUsage, model.model, attempt);
    if (usd !== undefined) return { usd, source: 'genai-prices' };
  }
  return UNKNOWN;
}

/**
 * The prompt sizes (input tokens, ascending) above which the catalog prices a call at a higher,
 * long-context tier (e.g. 200000 for Claude Sonnet 4.5 and Gemini 2.5 Pro). The catalog applies a
 * tier to the WHOLE call (every input, cache and output token) once the prompt exceeds its start.
 * Empty for flat catalog prices, the `price` override (it has no tiers), local and unknown models.
 */
export function tierStartsOf(model: PricedModel, options: CostOptions = {}): readonly number[] {
  if (model.price || chargesNothing(model) || model.provider === 'vscode-lm') return [];
  for (const attempt of catalogAttempts(model, options.at ?? new Date())) {
    let prices: Record<string, unknown> | undefined;
    try {
      prices = calcPrice({ input_tokens: 1, output_tokens: 1 }, model.model, attempt)?.model_price;
    } catch {
      prices = undefined;
    }
    if (!prices) continue;
    const starts = new Set<number>();
    for (const value of Object.values(prices)) {
      if (typeof value !== 'object' || value === null || !('tiers' in value) || !Array.isArray(value.tiers)) continue;
      for (const tier of value.tiers as unknown[]) {
        if (typeof tier === 'object' && tier !== null && 'start' in tier && typeof tier.start === 'number') starts.add(tier.start);
      }
    }
    return [...starts].sort((a, b) => a - b);
  }
  return [];
}

/** Where to look a model up in the catalog, in order; the first that prices it wins. */
function catalogAttempts(model: PricedModel, at: Date): PriceOptions[] {
  const lookup = catalogLookupFor(model.provider, model.baseUrl);
  const attempts: PriceOptions[] = [];
  if (lookup.kind === 'provider') attempts.push({ providerId: lookup.providerId, timestamp: at });
  const known = lookup.kind === 'api-url' ? findProvider({ providerApiUrl: lookup.providerApiUrl }) : undefined;
  if (known) attempts.push({ providerId: known.id, timestamp: at });
  // An endpoint the catalog does not know (a gateway, a self-hosted server) may still serve a
  // well-known model under its usual name. A known endpoint is priced by its own list only.
  if (lookup.kind !== 'provider' && !known) attempts.push({ timestamp: at });
  return attempts;
}

interface TokenCounts {
  readonly input: number;
  readonly output: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
}

function normalizeTokens(usage: Usage): TokenCounts {
  const cacheRead = usage.cacheRead.tokens;
  const cacheWrite = usage.cacheWrite.tokens;
  const input = usage.input.tokens < cacheRead + cacheWrite ? usage.input.tokens + cacheRead + cacheWrite : usage.input.tokens;
  return { input, output: usage.output.tokens, cacheRead, cacheWrite };
}

function overrideCost(tokens: TokenCounts, price: ModelPrice): number {
  const uncached = tokens.input - tokens.cacheRead - tokens.cacheWrite;
  // Without a cache rate the person told us only one input price, so cached tokens cost that too.
  const cacheReadRate = price.cacheRead ?? price.input;
  const cacheWriteRate = price.cacheWrite ?? price.input;
  return (
    (uncached * price.input + tokens.cacheRead * cacheReadRate + tokens.cacheWrite * cacheWriteRate + tokens.output * price.output) /
    PER_MILLION
  );
}

function catalogCost(usage: PriceUsage, modelName: string, options: PriceOptions): number | undefined {
  try {
    const result = calcPrice(usage, modelName, options);
    return result && Number.isFinite(result.total_price) ? result.total_price : undefined;
  } catch {
    // The catalog throws on prices it cannot apply (e.g. a unit it has no rate for): unknown, not 0.
    return undefined;
  }
}
