/** Time arithmetic shared by the log, the rollups and the queries. Everything on disk is UTC. */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export function hourStart(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

export function minuteStart(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

export function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
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
