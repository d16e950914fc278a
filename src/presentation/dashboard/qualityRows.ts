import { servedOutcomes, type MetricsRow } from '../../core/metrics/metricsQuery';
import type { SignalFigure } from '../../core/metrics/signalFigures';
import { CAPABILITIES } from '../../core/router/capabilities';
import type { QualityRow } from '../../protocol/dashboardProtocol';

/**
 * Per model and capability: the success rate of the calls the model answered (from the detail rows, summed over time slots
 * and variants) beside the acceptance of the answers (from the range's quality signals), with the
 * counts each rests on. Models by most calls, then capabilities in the router's order.
 */
export function buildQualityRows(detail: readonly MetricsRow[], signals: readonly SignalFigure[], modelOrder: readonly string[]): QualityRow[] {
  const cells = new Map<string, { modelId: string; capability: string; success: number; decided: number; accepted: number; rejected: number }>();
  const cell = (modelId: string, capability: string) => {
    const key = `${modelId}\u0000${capability}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { modelId, capability, success: 0, decided: 0, accepted: 0, rejected: 0 }));
    return c;
  };
  for (const r of detail) {
    if (r.modelId === undefined || r.capability === undefined || r.count === 0) continue;
    const c = cell(r.modelId, r.capability);
    // The models' own answers: the cache's are successes no model gave.
    const served = servedOutcomes(r);
    c.success += served.success;
    c.decided += served.decided;
  }
  for (const f of signals) {
    if (f.capability === undefined || f.accepted + f.rejected === 0) continue;
    const c = cell(f.modelId, f.capability);
    c.accepted += f.accepted;
    c.rejected += f.rejected;
  }
  const modelRank = new Map(modelOrder.map((id, i) => [id, i]));
  const capabilityRank = new Map<string, number>(CAPABILITIES.map((c, i) => [c, i]));
  const rank = (id: string) => modelRank.get(id) ?? modelOrder.length;
  return [...cells.values()]
    .sort((a, b) => rank(a.modelId) - rank(b.modelId) || (a.modelId < b.modelId ? -1 : a.modelId > b.modelId ? 1 : 0) || (capabilityRank.get(a.capability) ?? 99) - (capabilityRank.get(b.capability) ?? 99))
    .map((c) => ({
      ...c,
      successRate: c.decided > 0 ? c.success / c.decided : null,
      acceptanceRate: c.accepted + c.rejected > 0 ? c.accepted / (c.accepted + c.rejected) : null,
    }));
}
