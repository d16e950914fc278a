/**
 * Time arithmetic shared by the log, the rollups, the queries, the budget and the Models view.
 * Everything on disk is UTC. A "day" starts at one of three midnights, each for a reason:
 * - UTC (`dayStart`): the log's files and rollups, the same on every machine;
 * - a fixed UTC offset (`offsetDayStart`): queries for a person's "today", whose offset the caller
 *   passes in (the host reads it from the clock, a test picks one);
 * - this process's time zone, DST included (`calendarDayStart`): the budget's daily and monthly
 *   limits, which follow the calendar on the wall even on the days a clock change makes 23 or 25 h.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export function hourStart(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

export function minuteStart(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

/** UTC midnight of the day holding `ms`. */
export function dayStart(ms: number): number {
  return offsetDayStart(ms, 0);
}

/** Midnight of the day holding `ms` on a clock `utcOffsetMinutes` east of UTC, as epoch ms. */
export function offsetDayStart(ms: number, utcOffsetMinutes: number): number {
  const offsetMs = utcOffsetMinutes * MINUTE_MS;
  return Math.floor((ms + offsetMs) / DAY_MS) * DAY_MS - offsetMs;
}

/** Midnight of the first of the month holding `ms` on a clock `utcOffsetMinutes` east of UTC. */
export function offsetMonthStart(ms: number, utcOffsetMinutes: number): number {
  const local = new Date(ms + utcOffsetMinutes * MINUTE_MS);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - utcOffsetMinutes * MINUTE_MS;
}

// Local calendar arithmetic costs a few Date objects; the budget asks before every call, and the
// answer changes once a day, so the last period is remembered.
const lastDay = { from: 0, to: -1 };
const lastMonth = { from: 0, to: -1 };

/** Local midnight (this process's time zone) of the day holding `ms`. */
export function calendarDayStart(ms: number): number {
  if (ms >= lastDay.from && ms < lastDay.to) return lastDay.from;
  const d = new Date(ms);
  lastDay.from = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  lastDay.to = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
  return lastDay.from;
}

/** Local midnight that ends the day holding `ms` (days are 23–25 h around DST). */
export function calendarDayEnd(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
}

/** Local midnight of the first day of the month holding `ms`. */
export function calendarMonthStart(ms: number): number {
  if (ms >= lastMonth.from && ms < lastMonth.to) return lastMonth.from;
  const d = new Date(ms);
  lastMonth.from = new Date(d.getFullYear(), d.getMonth(), 1).getTime();
  lastMonth.to = new Date(d.getFullYear(), d.getMonth() + 1, 1).getTime();
  return lastMonth.from;
}

/** "YYYY-MM-DD" of the UTC day holding `ms`. */
export function dayKey(ms: number): string {
  return new Date(dayStart(ms)).toISOString().slice(0, 10);
}

export const DAY_KEY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Epoch ms of the start of a "YYYY-MM-DD" UTC day, or NaN when it is not one. */
export function dayKeyStart(key: string): number {
  if (!DAY_KEY_PATTERN.test(key)) return Number.NaN;
  const ms = Date.parse(`${key}T00:00:00Z`);
  return Number.isNaN(ms) || dayKey(ms) !== key ? Number.NaN : ms;
}
