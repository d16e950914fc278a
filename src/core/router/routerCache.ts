import { cacheKey } from '../cache/cacheKey';
import type { CachedAnswer, ResponseCache } from '../cache/responseCache';
import type { RouterSettings } from '../config/settings/router';
import type { RequestContext, RouteOptions } from './routeOptions';
import type { Plan } from './routePlanner';

/** The cache limits a {@link ResponseCache} should be created with for these settings. */
export function cacheLimitsFrom(settings: RouterSettings): { ttlMs: number; maxEntries: number; maxBytes: number } {
  return { ttlMs: settings.cache.ttlMinutes * 60_000, maxEntries: settings.cache.maxEntries, maxBytes: settings.cache.maxBytes };
}

/** The response cache (`store`, while the cache is enabled) and this request's key in it; none for an answer that may call tools. */
export function cacheSlot(store: ResponseCache | undefined, ctx: RequestContext, plan: Plan): { readonly store: ResponseCache; readonly key: string } | undefined {
  if (!store) return undefined;
  const { request, options } = ctx;
  // The cache keeps an answer's text only: an answer that may call tools cannot be replayed from it.
  if (request.tools?.length || request.messages.some((m) => m.role === 'tool' || (m.role === 'assistant' && m.toolCalls?.length))) return undefined;
  const key = cacheKey({
    capability: ctx.capability,
    tier: plan.tierIds,
    messages: request.messages,
    ...(options.workspace !== undefined ? { workspace: options.workspace } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    // Asked for another shape, the same words are another question.
    ...(request.responseSchema || request.responseFormat ? { shape: { schema: request.responseSchema ?? null, format: request.responseFormat ?? null } } : {}),
  });
  return { store, key };
}

/**
 * A cached answer is served only where a fresh one would be acceptable: from a model the request
 * may use, and valid against the request's check (structured output cached before a schema
 * changed, or from a model that answered it badly, is asked again rather than served).
 */
export function usableHit(hit: CachedAnswer | undefined, options: RouteOptions): CachedAnswer | undefined {
  if (!hit) return undefined;
  if (options.onlyModel !== undefined && hit.modelId !== options.onlyModel) return undefined;
  // A model the person picked is the model asked, not another's answer from the cache.
  if (options.pickedModel !== undefined && hit.modelId !== options.pickedModel) return undefined;
  if (options.exclude?.includes(hit.modelId)) return undefined;
  if (options.validate && options.validate(hit.text) !== undefined) return undefined;
  return hit;
}
