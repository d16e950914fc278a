import type { Logger } from '../log/logger';
import { oneLine } from '../../shared/oneLine';
import type { HealthSnapshot } from './health';
import type { RouteEvent } from './routeEvents';

/*
 * What the router writes to the "Switchboard" log: every failed attempt, retry, fallback, budget
 * question and block, privacy exclusion and circuit change, each at its level, so that Show Log after
 * a failure leads to a line about it. Lines name the request (its first 8 characters), the model and
 * what happened; they never carry prompt text or a key (the host's log redacts keys besides).
 */

const MAX_MESSAGE_CHARS = 300;

function short(requestId: string): string {
  return requestId.slice(0, 8);
}

/** A provider's message on one line, cut at MAX_MESSAGE_CHARS. */
const clip = (text: string): string => oneLine(text, MAX_MESSAGE_CHARS);

/** What passes each event of request `requestId` to the log (nothing at all without one). */
export function routeNote(log: Logger | undefined, requestId: string, capability: string): <E extends RouteEvent>(event: E) => E {
  if (!log) return (event) => event;
  return (event) => {
    logRouteEvent(log, requestId, capability, event);
    return event;
  };
}

/** Logs one router event for request `requestId` (a `capability` request) when it is worth a line. */
export function logRouteEvent(log: Logger, requestId: string, capability: string, event: RouteEvent): void {
  const req = `[${capability} ${short(requestId)}]`;
  switch (event.type) {
    case 'decision': {
      const d = event.decision;
      for (const s of d.skipped) {
        if (s.reason === 'privacy') log.info(`${req} ${s.modelId} excluded by privacy: ${s.detail}`);
        else if (s.reason === 'budget') log.info(`${req} ${s.modelId} skipped by the budget: ${s.detail}`);
        else if (s.reason === 'circuit-open') log.info(`${req} ${s.modelId} skipped: ${s.detail}`);
      }
      if (d.blocked) log.warn(`${req} blocked by the budget: ${clip(d.explanation)}`);
      else if (d.steppedDown && d.chosen) log.info(`${req} the budget stepped down to ${d.chosen}.`);
      return;
    }
    case 'budget-ask':
      log.info(`${req} asking whether to go over budget with ${event.question.modelId}: ${clip(event.question.message)}`);
      return;
    case 'attempt-end': {
      const r = event.record;
      if (r.outcome === 'success' || r.outcome === 'cancelled') return;
      const kind = event.error?.kind ?? r.errorKind ?? r.outcome;
      const message = event.error?.message ? `: ${clip(event.error.message)}` : '';
      log.warn(`${req} ${r.modelId} (${r.provider} ${r.providerModel}) failed after ${Math.round(r.latencyMs)} ms, ${r.outcome} (${kind})${message}`);
      return;
    }
    case 'retry':
      log.info(`${req} retrying ${event.modelId} in ${Math.round(event.delayMs)} ms: ${clip(event.reason)}`);
      return;
    case 'fallback':
      // The last model has nothing to fall back to: "falling back from backup (no model left)" said otherwise.
      log.warn(event.to ? `${req} falling back from ${event.from} to ${event.to}: ${clip(event.reason)}` : `${req} no model left after ${event.from}: ${clip(event.reason)}`);
      return;
    case 'done': {
      const r = event.result;
      if (r.outcome === 'error' || r.outcome === 'partial') log.error(`${req} ended ${r.outcome}${r.error ? ` (${r.error.kind}): ${clip(r.error.message)}` : ''}`);
      return;
    }
    default:
      return;
  }
}

/** One line per circuit change: open (with the error that opened it and when it probes), half-open, closed. */
export function logHealthChange(log: Logger, snapshot: HealthSnapshot, now: number): void {
  const { modelId, state } = snapshot;
  if (state === 'open') {
    const why = snapshot.lastError ? ` after ${snapshot.lastError.kind}: ${clip(snapshot.lastError.message)}` : '';
    const probe = snapshot.probeAt !== undefined ? `; next probe in ${Math.max(0, Math.round((snapshot.probeAt - now) / 1000))} s` : '';
    log.warn(`Circuit for ${modelId} opened${why}${probe}.`);
  } else if (state === 'half-open') {
    log.info(`Circuit for ${modelId} is half-open: the next call probes it.`);
  } else {
    log.info(`Circuit for ${modelId} closed: calls go through again.`);
  }
}
