import type { DashboardRange, TimeSlot } from '../../protocol/dashboardProtocol';
import { DAY_MS, HOUR_MS, MINUTE_MS, dayKey, hourStart, offsetDayStart } from '../../core/metrics/timeKeys';

/** The span a dashboard range covers and its time axis. */
export interface DashboardWindow {
  readonly range: DashboardRange;
  readonly granularity: 'hour' | 'day';
  /** Epoch ms, inclusive: the first slot's start. */
  readonly from: number;
  /** Epoch ms, exclusive: the last slot's end. */
  readonly to: number;
  readonly utcOffsetMinutes: number;
  readonly slots: readonly TimeSlot[];
}

const DAYS: Readonly<Record<Exclude<DashboardRange, '24h'>, number>> = { '7d': 7, '30d': 30 };

/**
 * The window for `range` as seen at `now`: the last 24 whole hours (the current one included) for
 * 24 h; otherwise the last 7 or 30 calendar days (today included) of a person `utcOffsetMinutes`
 * east of UTC. A fixed offset is used for the whole window: across a daylight-saving change one
 * day is an hour off, which a chart of days does not show.
 */
export function dashboardWindow(range: DashboardRange, now: number, utcOffsetMinutes = 0): DashboardWindow {
  if (!Number.isFinite(now)) throw new RangeError(`dashboardWindow: now must be a finite epoch ms, got ${now}`);
  if (!Number.isInteger(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) > 14 * 60) {
    throw new RangeError(`dashboardWindow: utcOffsetMinutes must be a whole number of minutes within ±840, got ${utcOffsetMinutes}`);
  }
  const slots: TimeSlot[] = [];
  if (range === '24h') {
    const from = hourStart(now) - 23 * HOUR_MS;
    for (let i = 0; i < 24; i++) {
      const start = from + i * HOUR_MS;
      slots.push({ start, key: new Date(start).toISOString() });
    }
    return { range, granularity: 'hour', from, to: from + 24 * HOUR_MS, utcOffsetMinutes, slots };
  }
  const days = DAYS[range];
  const offsetMs = utcOffsetMinutes * MINUTE_MS;
  const today = offsetDayStart(now, utcOffsetMinutes);
  const from = today - (days - 1) * DAY_MS;
  for (let i = 0; i < days; i++) {
    const start = from + i * DAY_MS;
    slots.push({ start, key: dayKey(start + offsetMs) });
  }
  return { range, granularity: 'day', from, to: today + DAY_MS, utcOffsetMinutes, slots };
}

/**
 * The window's start as the store can honour it. Rollups are hourly, so in a zone whose days start
 * on a half hour (India, Newfoundland...) an hour counts for the local day its start falls in, and
 * the window starts at the next whole hour rather than taking in the previous day's last half
 * hour. Then every figure (totals, per model, per slot) covers the same calls.
 */
export function queryFrom(window: DashboardWindow): number {
  return Math.ceil(window.from / HOUR_MS) * HOUR_MS;
}
