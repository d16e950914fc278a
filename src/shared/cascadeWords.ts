import { formatUsd } from './figures';

/**
 * What a cascade saved against drafting with the tier's top model, as the task card, `@switchboard`'s
 * transcript and the Markdown export say it: `, saved about $0.024 against the top model`; when
 * escalating cost more than the top model alone would have, `, $0.0040 more than the top model
 * alone`; nothing when a price is unknown. "About": the top model's cost is estimated (the same
 * prompt and an answer as long as the kept draft, at its prices).
 */
export function cascadeSaving(savedUsd: number | undefined): string {
  if (savedUsd === undefined || !Number.isFinite(savedUsd)) return '';
  return savedUsd >= 0 ? `, saved about ${formatUsd(savedUsd)} against the top model` : `, ${formatUsd(-savedUsd)} more than the top model alone`;
}
