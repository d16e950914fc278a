import type { ModelRequest, Usage } from '../../../src/core/providers/contract';
import type { Capability, Tiers } from '../../../src/core/router/capabilities';
import { ModelRouter, type ModelRouterOptions } from '../../../src/core/router/modelRouter';
import { ModelRegistry, type RegisteredModel } from '../../../src/core/router/registry';
import type { RouteEvent, RouteResult } from '../../../src/core/router/routeEvents';
import { defaultRouterSettings, type RouterSettings } from '../../../src/core/config/settings/router';

/** 10:42 local time on a fixed day, so explanations can be asserted. */
export const T0 = new Date(2026, 10, 24, 10, 42, 0).getTime();

/** Usage as a provider reports it: these input and output tokens, no cache. */
export function reportedUsage(input: number, output: number): Usage {
  return {
    input: { tokens: input, source: 'reported' },
    output: { tokens: output, source: 'reported' },
    cacheRead: { tokens: 0, source: 'reported' },
    cacheWrite: { tokens: 0, source: 'reported' },
  };
}

export class FakeClock {
  constructor(public t = T0) {}
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export type SettingsPatch = {
  [K in keyof RouterSettings]?: RouterSettings[K] extends readonly unknown[] ? RouterSettings[K] : Partial<RouterSettings[K]>;
};

export function settingsWith(patch: SettingsPatch = {}): RouterSettings {
  const base = defaultRouterSettings();
  return {
    routing: { ...base.routing, ...patch.routing },
    budget: { ...base.budget, ...patch.budget },
    experiments: patch.experiments ?? base.experiments,
    cache: { ...base.cache, ...patch.cache },
    privacy: { ...base.privacy, ...patch.privacy },
  };
}

export interface Setup extends Partial<Omit<ModelRouterOptions, 'registry' | 'settings'>> {
  readonly models: readonly RegisteredModel[];
  readonly tiers?: Tiers;
  readonly settings?: SettingsPatch;
}

export function makeRouter(setup: Setup): { router: ModelRouter; clock: FakeClock } {
  const clock = new FakeClock();
  const { models, tiers, settings, ...rest } = setup;
  const router = new ModelRouter({
    registry: new ModelRegistry(models, tiers ?? {}),
    settings: settingsWith(settings),
    now: clock.now,
    sleep: async () => undefined,
    ...rest,
  });
  return { router, clock };
}

export function ask(text = 'Explain this function.'): ModelRequest {
  return { messages: [{ role: 'user', content: text }] };
}

export async function collect(events: AsyncIterable<RouteEvent>): Promise<{ events: RouteEvent[]; result: RouteResult }> {
  const out: RouteEvent[] = [];
  for await (const e of events) out.push(e);
  const done = out.at(-1);
  if (done?.type !== 'done') throw new Error('the last event was not done');
  return { events: out, result: done.result };
}

export function types(events: readonly RouteEvent[]): string[] {
  return events.map((e) => (e.type === 'attempt-start' || e.type === 'attempt-end' ? `${e.type}:${e.type === 'attempt-start' ? e.modelId : e.record.modelId}` : e.type));
}

export async function route(router: ModelRouter, capability: Capability, request: ModelRequest = ask(), options = {}): Promise<{ events: RouteEvent[]; result: RouteResult }> {
  return collect(router.route(capability, request, options));
}
