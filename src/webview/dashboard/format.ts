import type { DashboardOrigin, DashboardRange, TimeSlot } from '../../protocol/dashboardProtocol';

export { describeCost, formatCost, formatCostDetail, formatCount, formatDuration, formatPercent, formatUsd, plural } from '../../shared/figures';

/** Dashboard-only text (axis labels, ranges, clock); the figure formatters live in src/shared/figures.ts. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * The axis label of a slot, in the person's time zone as the host was told it: `Nov 24` for a day
 * (its key is already the local date), `14:00` for an hour.
 */
export function slotLabel(slot: TimeSlot, granularity: 'hour' | 'day', utcOffsetMinutes: number): string {
  if (granularity === 'day') {
    const [, month, day] = /^\d{4}-(\d{2})-(\d{2})$/.exec(slot.key) ?? [];
    return month && day ? `${MONTHS[Number(month) - 1] ?? month} ${Number(day)}` : slot.key;
  }
  const local = new Date(slot.start + utcOffsetMinutes * 60_000);
  return `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
}

/** What the origin picker says for each origin (where the calls came from). */
export const ORIGIN_LABELS: Readonly<Record<DashboardOrigin, string>> = {
  all: 'All origins',
  chat: 'Switchboard chat',
  command: 'Editor commands',
  participant: '@switchboard',
  api: 'Other extensions (API)',
  'model-picker': 'VS Code model picker',
  tool: 'Language-model tools',
  task: 'Multi-model tasks',
};

export const RANGE_LABELS: Readonly<Record<DashboardRange, string>> = {
  '24h': '24 hours',
  '7d': '7 days',
  '30d': '30 days',
};

/** "generated at" line: local clock time of the host's build, per the offset the webview sent. */
export function formatClock(epochMs: number, utcOffsetMinutes: number): string {
  const local = new Date(epochMs + utcOffsetMinutes * 60_000);
  const date = `${MONTHS[local.getUTCMonth()] ?? ''} ${local.getUTCDate()}`;
  return `${date}, ${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
}

