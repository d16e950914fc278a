import type { BudgetSettings } from '../config/settings/router';
import type { ExperimentConfig } from '../config/settings/experiments';
import type { MetricsQuery, MetricsRow } from '../metrics/metricsQuery';
import type { SignalFigure } from '../metrics/signalFigures';
import type { SpendSummary } from '../metrics/spendTable';
import { DAY_MS, offsetDayStart, offsetMonthStart } from '../metrics/timeKeys';
import type { ModelStatusInput } from './modelStatus';

/** The part of the metrics store the Models view reads (all in memory). */
export interface StatusStore {
  query(query: MetricsQuery): MetricsRow[];
  spendSince(workspace: string | undefined, since: number): SpendSummary;
  /** Quality signals per model and capability (stores written before signals have none). */
  signalFigures?(range: { readonly from?: number }): SignalFigure[];
}

export interface StatusQueryOptions {
  readonly now: number;
  /** The person's UTC offset in minutes: "today" starts at their midnight. */
  readonly utcOffsetMinutes: number;
  readonly workspace: string;
  readonly budget: Pick<BudgetSettings, 'daily' | 'monthly'>;
  readonly experiments: readonly ExperimentConfig[];
}

/** Everything from the store that the Models view and status bar show; health and decisions come from the router. */
export function queryStatus(store: StatusStore, o: StatusQueryOptions): Omit<ModelStatusInput, 'health' | 'decisions'> {
  const today = offsetDayStart(o.now, o.utcOffsetMinutes);
  const byModel = (from: number) => store.query({ from, groupBy: ['model'], utcOffsetMinutes: o.utcOffsetMinutes });
  return {
    now: o.now,
    byModel: { today: byModel(today), week: byModel(today - 6 * DAY_MS), month: byModel(today - 29 * DAY_MS) },
    budget: {
      ...(o.budget.daily !== undefined ? { daily: o.budget.daily } : {}),
      ...(o.budget.monthly !== undefined ? { monthly: o.budget.monthly } : {}),
      today: store.spendSince(o.workspace, today),
      month: store.spendSince(o.workspace, offsetMonthStart(o.now, o.utcOffsetMinutes)),
    },
    experiments: o.experiments,
    signals: store.signalFigures?.({ from: today - 29 * DAY_MS }) ?? [],
    byVariant: o.experiments.length > 0 ? store.query({ from: today - 29 * DAY_MS, groupBy: ['experiment', 'variant'], utcOffsetMinutes: o.utcOffsetMinutes }) : [],
  };
}
