import type { DashboardData } from '../../protocol/dashboardProtocol';
import { RANGE_LABELS, describeCost, formatCostDetail, formatCount, formatDuration, plural } from './format';
import type { TableSpec } from './chartSpec';

/** The multi-model tasks of the range: the most recent ones, and every phase's cost and time. */
export interface TaskTablesView {
  /** One sentence for the section: how many tasks, what they cost, which phase cost most. */
  readonly summary: string;
  readonly tasks: TableSpec;
  readonly phases: TableSpec;
}

/** Task ids are long and random: their first characters tell tasks apart in a table. */
export function shortTaskId(taskId: string): string {
  return taskId.length > 8 ? taskId.slice(0, 8) : taskId;
}

/** The tables of the Tasks section; undefined when no task ran in the range (the section is left out). */
export function buildTaskTables(data: DashboardData): TaskTablesView | undefined {
  if (data.tasks.length === 0 && data.phases.length === 0) return undefined;
  const phaseCost = data.phases.reduce((a, p) => ({ knownUsd: a.knownUsd + p.cost.knownUsd, unknownCount: a.unknownCount + p.cost.unknownCount }), { knownUsd: 0, unknownCount: 0 });
  const costliest = [...data.phases].sort((a, b) => b.cost.knownUsd - a.cost.knownUsd)[0];
  let summary = `${plural(data.tasks.length, 'recent task')} in the last ${RANGE_LABELS[data.range]}`;
  if (data.phases.length > 0) {
    summary += `; their phases cost ${describeCost(phaseCost)}`;
    if (costliest && costliest.cost.knownUsd > 0) summary += `, most in ${costliest.phase} (${formatCostDetail(costliest.cost)} over ${plural(costliest.tasks, 'task')})`;
  }
  summary += '.';
  return {
    summary,
    tasks: {
      columns: ['Task', 'Phases', 'Models', 'Calls', 'Time', 'Cost'],
      rows: data.tasks.map((t) => [
        shortTaskId(t.taskId),
        t.phases.join(' → ') || '—',
        t.models.join(', '),
        t.failedCalls > 0 ? `${formatCount(t.calls)} (${formatCount(t.failedCalls)} failed)` : formatCount(t.calls),
        formatDuration(t.totalMs),
        formatCostDetail(t.cost),
      ]),
    },
    phases: {
      columns: ['Phase', 'Tasks', 'Calls', 'Total time', 'Mean per task', 'Cost'],
      rows: data.phases.map((p) => [p.phase, formatCount(p.tasks), formatCount(p.calls), formatDuration(p.totalMs), formatDuration(p.meanMs), formatCostDetail(p.cost)]),
    },
  };
}
