import type { Usage } from '../providers/contract';
import { costOf, type CostOptions, type CostSource, type PricedModel } from './costOf';

/** USD per million tokens (the shape of the `price` setting). */
export interface TokenRates {
  readonly input: number;
  readonly output: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
  readonly source: Exclude<CostSource, 'unknown'>;
}

const MILLION = 1_000_000;

/**
 * A model's per-million rates, for estimating a call before it is made (budgets, "cheapest"
 * routing). Read through {@link costOf} on a million tokens of each kind, so the override, local
 * and catalog rules are the same ones actual costs use. Where the catalog has long-context tiers
 * the rates are those of the top tier (a million input tokens), so an estimate errs on the high
 * side. Undefined when the price is unknown.
 */
export function ratesOf(model: PricedModel, options: CostOptions = {}): TokenRates | undefined {
  const input = costOf(usage(MILLION, 0, 0, 0), model, options);
  if (input.usd === undefined || input.source === 'unknown') return undefined;
  const output = costOf(usage(MILLION, MILLION, 0, 0), model, options).usd;
  const cacheRead = costOf(usage(MILLION, 0, MILLION, 0), model, options).usd;
  const cacheWrite = costOf(usage(MILLION, 0, 0, MILLION), model, options).usd;
  if (output === undefined) return undefined;
  return {
    input: input.usd,
    output: output - input.usd,
    cacheRead: cacheRead ?? input.usd,
    cacheWrite: cacheWrite ?? input.usd,
    source: input.source,
  };
}

function usage(input: number, output: number, cacheRead: number, cacheWrite: number): Usage {
  return {
    input: { tokens: input, source: 'estimated' },
    output: { tokens: output, source: 'estimated' },
    cacheRead: { tokens: cacheRead, source: 'estimated' },
    cacheWrite: { tokens: cacheWrite, source: 'estimated' },
  };
}
