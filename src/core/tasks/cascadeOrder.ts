/** A success rate assumed for a model the router has not measured yet (only price then tells models apart). */
export const UNMEASURED_SUCCESS_RATE = 0.5;

/** What the cascade knows of each model of the tier when it decides where to start. */
export interface CascadeFacts {
  /** Worst-case USD of the request on the model; undefined when unpriced (counted as 0, as before). */
  worstCaseCostUsd(modelId: string): number | undefined;
  /** The router's measured success rate (0..1); undefined while unmeasured. */
  successRate(modelId: string): number | undefined;
}

/**
 * The cascade's order: cheapest expected cost of a success first (worst-case price over the
 * measured success rate), price breaking ties; `preferred` (the composer's model) goes first.
 * Pure, so the task engine and the routing replay bench order by the same rule.
 */
export function cascadeOrder(tier: readonly string[], facts: CascadeFacts, preferred?: string): string[] {
  const scored = tier.map((id) => {
    const price = facts.worstCaseCostUsd(id) ?? 0;
    const rate = facts.successRate(id) ?? UNMEASURED_SUCCESS_RATE;
    return { id, price, expected: price / Math.max(rate, 0.001) };
  });
  scored.sort((a, b) => a.expected - b.expected || a.price - b.price);
  const order = scored.map((s) => s.id);
  return preferred && order.includes(preferred) ? [preferred, ...order.filter((id) => id !== preferred)] : order;
}
