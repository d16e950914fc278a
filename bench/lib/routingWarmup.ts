import type { RoutingTask } from './routingData';

/** What the warm-up measured of one model: its drawn success share and mean cost per task. */
export interface WarmupModel {
  readonly model: string;
  readonly success: number;
  readonly costUsd: number;
}

export interface WarmupFacts {
  readonly models: readonly WarmupModel[];
  /** Highest warm-up success (cheaper first on a tie): the baseline every ratio is taken to. */
  readonly bestSingle: string;
  /** Lowest warm-up mean cost (more successful first on a tie). */
  readonly cheapest: string;
  /**
   * The generate tier as a person would set it from these figures: every model no other model
   * matches on success at no more cost (the price/success frontier), most successful first.
   */
  readonly tier: readonly string[];
}

export function warmupFacts(warmup: readonly RoutingTask[], models: readonly string[], drawn: ReadonlyMap<RoutingTask, Readonly<Record<string, 0 | 1>>>): WarmupFacts {
  const n = Math.max(1, warmup.length);
  const measured: WarmupModel[] = models.map((model) => {
    let ok = 0;
    let cost = 0;
    for (const t of warmup) {
      ok += drawn.get(t)?.[model] ?? 0;
      cost += t.cost[model] ?? 0;
    }
    return { model, success: ok / n, costUsd: cost / n };
  });
  const bySuccess = [...measured].sort((a, b) => b.success - a.success || a.costUsd - b.costUsd);
  const byCost = [...measured].sort((a, b) => a.costUsd - b.costUsd || b.success - a.success);
  return { models: measured, bestSingle: (bySuccess[0] as WarmupModel).model, cheapest: (byCost[0] as WarmupModel).model, tier: frontier(bySuccess) };
}

/** Keeps a model only when every model at least as successful costs more (`bySuccess`: best first, cheaper first on ties). */
export function frontier(bySuccess: readonly WarmupModel[]): string[] {
  const kept: string[] = [];
  let cheapestSoFar = Infinity;
  for (const m of bySuccess) {
    if (m.costUsd < cheapestSoFar) {
      kept.push(m.model);
      cheapestSoFar = m.costUsd;
    }
  }
  return kept;
}
