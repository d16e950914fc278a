import type { ModelRequest } from '../providers/contract';
import type { Capability } from '../router/capabilities';
import type { RouteEvent, RouteResult } from '../router/routeEvents';
import type { RouteOptions } from '../router/routeOptions';
import type { StructuredRouter } from '../structured/generateObject';
import type { CapAdmission } from './costCap';
import type { TaskRouter } from './taskPorts';
import type { PhaseFallback } from './taskTypes';

/** What a phase keeps of the router's fallback: from, to and why (the task card shows the same while it runs). */
export function phaseFallbackOf(event: Extract<RouteEvent, { type: 'fallback' }>): PhaseFallback {
  return event.to ? { from: event.from, to: event.to, reason: event.reason } : { from: event.from, reason: event.reason };
}

/**
 * The router as one phase sees it: every call hears the router's events (complete() with
 * `onEvent`, each event a plain call rather than a hop through the router's generators) so the
 * phase can re-emit them, with the phase's own route options (origin, task, phase, a pinned or
 * preferred model, the cost cap's admission of each model) added to each call, and the router's
 * fallbacks kept for the phase's result.
 * Every model call of a phase goes through it: a text answer, structured output (generateObject)
 * and each round of the research tool loop. A listener that throws does not stop the phase.
 */
export class PhaseRouter implements StructuredRouter {
  readonly fallbacks: PhaseFallback[] = [];
  /** What the phase's attempts have cost so far, each counted as it ends: a later model is priced on top of it. */
  private paidUsd = 0;

  constructor(
    private readonly router: Pick<TaskRouter, 'complete'>,
    readonly base: RouteOptions,
    private readonly onEvent: (event: RouteEvent) => void,
    /** The task's cost cap, when it has one: asked before each model any call of the phase tries. */
    private readonly cap?: Pick<CapAdmission, 'reprice'>,
  ) {}

  private readonly admit = (modelId: string, request: ModelRequest): string | undefined => this.cap?.reprice(modelId, request, this.paidUsd);

  private readonly observe = (event: RouteEvent): void => {
    if (event.type === 'fallback') this.fallbacks.push(phaseFallbackOf(event));
    else if (event.type === 'attempt-end') this.paidUsd += event.record.costUsd ?? 0;
    try {
      this.onEvent(event);
    } catch {
      // A listener's failure is the listener's: the phase goes on, whatever router it is given.
    }
  };

  async complete(capability: Capability, request: ModelRequest, options: RouteOptions = {}): Promise<RouteResult> {
    const exclude = [...(this.base.exclude ?? []), ...(options.exclude ?? [])];
    // Object.assign, not `{ ...base, ...options }`: see phaseResultOf (taskTotals.ts) for what Node 20 does with the spread.
    const merged: RouteOptions = Object.assign({}, this.base, options, exclude.length ? { exclude } : {}, this.cap ? { onEvent: this.observe, admit: this.admit } : { onEvent: this.observe });
    return this.router.complete(capability, request, merged);
  }
}
