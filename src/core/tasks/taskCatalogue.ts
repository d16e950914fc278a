import type { ModelConfig } from '../models/modelConfig';
import { isLocal } from '../models/modelLocality';
import { catalogPriceLookup, worstCaseCost, type PriceLookup } from '../pricing/priceLookup';
import type { ModelRequest } from '../providers/contract';
import { estimateRequestTokens } from '../providers/tokenEstimate';
import type { Capability } from '../router/capabilities';
import type { ModelStatsView } from '../router/modelStats';
import { DEFAULT_OUTPUT_ALLOWANCE } from '../router/routePlanner';
import type { TaskCatalogue } from './taskPorts';

export interface TaskCatalogueSources {
  /** The models in force now (read on every call: settings and discovery replace them). */
  readonly models: () => readonly ModelConfig[];
  /** The router's adaptive measurements (ModelRouter.measured). */
  readonly stats: (capability: Capability, modelId: string) => ModelStatsView;
  /** switchboard.privacy.localOnly, read on every access. */
  readonly localOnly: () => boolean;
  /** Defaults to the same sources the router prices with (override, local = free, the bundled catalog). */
  readonly price?: PriceLookup;
}

/**
 * The task engine's view of the catalogue, from the same sources the router uses: worst-case cost
 * is every prompt token (the request's messages, tools and schema through the o200k counter) plus the
 * model's whole output allowance, at the tier the prompt falls into — the estimate the router's
 * budget check makes, so the task's cost cap and the budget agree.
 */
export function createTaskCatalogue(sources: TaskCatalogueSources): TaskCatalogue {
  const price = sources.price ?? catalogPriceLookup();
  const model = (modelId: string): ModelConfig | undefined => sources.models().find((m) => m.id === modelId);
  return {
    model,
    anyContextWindow: () => sources.models().some((m) => m.contextWindow !== undefined),
    requestCostUsd(modelId, request: ModelRequest) {
      const config = model(modelId);
      if (!config) return undefined;
      const output = request.maxOutputTokens ?? config.maxOutputTokens ?? DEFAULT_OUTPUT_ALLOWANCE;
      return worstCaseCost(price(config), estimateRequestTokens(request), output);
    },
    successRate(modelId, capability) {
      const view = sources.stats(capability, modelId);
      // The view's rate starts at a neutral prior; unmeasured means "no idea", not 50 %.
      return view.weight > 0 ? view.successRate : undefined;
    },
    isLocal(modelId) {
      const config = model(modelId);
      return config ? isLocal(config) : false;
    },
    get localOnly() {
      return sources.localOnly();
    },
  };
}
