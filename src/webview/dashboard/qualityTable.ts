import type { DashboardData } from '../../protocol/dashboardProtocol';
import { formatCount, formatPercent, plural } from './format';
import type { TableSpec } from './chartSpec';

/**
 * Success beside acceptance, per model and capability: a call can succeed and its answer still be
 * thrown away. Each figure says how many calls or signals it rests on; a model without signals says
 * so rather than showing 0%. Undefined when the range has neither (the section is left out).
 */
export function buildQualityTable(data: DashboardData): TableSpec | undefined {
  if (data.quality.length === 0) return undefined;
  return {
    columns: ['Model', 'Capability', 'Success rate', 'Accepted'],
    rows: data.quality.map((q) => [
      q.modelId,
      q.capability,
      q.successRate === null ? 'no calls' : `${formatPercent(q.successRate)} of ${plural(q.decided, 'call')}`,
      q.acceptanceRate === null ? 'no signals' : `${formatPercent(q.acceptanceRate)} of ${plural(q.accepted + q.rejected, 'signal')} (${formatCount(q.rejected)} not kept)`,
    ]),
  };
}
