import type { ModelPrice } from '../models/modelConfig';
import type { Usage } from '../providers/contract';
import { costOf, type CostOptions, type CostSource, type PricedModel } from './costOf';

/** A model's rates (USD per million tokens) with both cache rates filled in, and where they came from. */
export type SourcedRates = Required<ModelPrice> & { readonly source: Exclude<CostSource, 'unknown'> };

const MILLION = 1_000_000;

export interface RatesOptions extends CostOptions {
  /**
   * The prompt size (input tokens) of the call being estimated: the rates are those of the catalog
   * tier it falls into. Without it, the rates of the top tier (a million-token prompt), so an
   * estimate that does not know the prompt errs on the high side.
   */
  readonly promptTokens?: number;
}

/**
 * A model's per-million rates, for estimating a call before it is made (budgets, "cheapest"
 * routing). Read through {@link costOf} on a prompt of the given size, so the override, local,
 * catalog and long-context tier rules are the same ones actual costs use. Undefined when the
 * price is unknown.
 */
export function ratesOf(model: PricedModel, options: RatesOptions = {}): SourcedRates | undefined {
  const { promptTokens, ...costOptions } = options;
  // Within one tier a call's cost is linear in each kind of token, so pricing a prompt of this size
  // (all of it uncached, then all of it cached) and a million output tokens on top gives the rates.
  const n = promptTokens === undefined ? MILLION : Math.max(1, Math.ceil(promptTokens));
  const perMillion = (usd: number): number => (n === MILLION ? usd : (usd * MILLION) / n);
  const input = costOf(usage(n, 0, 0, 0), model, costOptions);
  if (input.usd === undefined || input.source === 'unknown') return undefined;
  const output = costOf(usage(n, MILLION, 0, 0), model, costOptions).usd;
  const cacheRead = costOf(usage(n, 0, n, 0), model, costOptions).usd;
  const cacheWrite = costOf(usage(n, 0, 0, n), model, costOptions).usd;
  if (output === undefined) return undefined;
  return {
    input: perMillion(input.usd),
    output: output - input.usd,
    cacheRead: cacheRead === undefined ? perMillion(input.usd) : perMillion(cacheRead),
    cacheWrite: cacheWrite === undefined ? perMillion(input.usd) : perMillion(cacheWrite),
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
