import { randomUUID } from 'node:crypto';

/**
 * Request ids unique across windows and sessions: one random UUID per router, then a counter. A
 * UUID per request cost more than deciding the request's route (bench/structured).
 */
export function requestIds(): () => string {
  const prefix = randomUUID();
  let n = 0;
  return () => `${prefix}-${(++n).toString(36)}`;
}
