import type { ModelRequest } from '../providers/contract';
import type { Capability } from '../router/capabilities';
import type { RouteEvent, RouteResult } from '../router/routeEvents';
import type { RouteOptions } from '../router/routeOptions';
import type { StructuredRouter } from '../structured/generateObject';
import type { TaskRouter } from './taskPorts';
import type { PhaseFallback } from './taskTypes';

/**
 * The router as one phase sees it: every call streams through `route()` so the phase can re-emit
 * the router's events, with the phase's own route options (origin, task, phase, a pinned or
 * preferred model) added to each call, and the router's fallbacks kept for the phase's result.
 */
export class PhaseRouter implements StructuredRouter {
  readonly fallbacks: PhaseFallback[] = [];

  constructor(
    readonly router: Pick<TaskRouter, 'route'>,
    readonly base: RouteOptions,
    private readonly onEvent: (event: RouteEvent) => void,
  ) {}

  /** One router event of this phase, from a call made elsewhere (the research tool loop): kept and re-emitted. */
  observe(event: RouteEvent): void {
    if (event.type === 'fallback') this.fallbacks.push({ from: event.from, ...(event.to ? { to: event.to } : {}), reason: event.reason });
    this.onEvent(event);
  }

  async complete(capability: Capability, request: ModelRequest, options: RouteOptions = {}): Promise<RouteResult> {
    const exclude = [...(this.base.exclude ?? []), ...(options.exclude ?? [])];
    // Object.assign, not `{ ...base, ...options }`: see phaseResultOf (taskTotals.ts) for what Node 20 does with the spread.
    const merged: RouteOptions = Object.assign({}, this.base, options, exclude.length ? { exclude } : {});
    let result: RouteResult | undefined;
    for await (const event of this.router.route(capability, request, merged)) {
      if (event.type === 'done') result = event.result;
      this.observe(event);
    }
    if (!result) throw new Error('The router ended without a result.');
    return result;
  }
}
