import type { ModelConfig } from '../models/modelConfig';
import type { Tiers, Capability } from './capabilities';
import type { LanguageModel } from '../providers/contract';

/** One configured model and the adapter that calls it. */
export interface RegisteredModel {
  readonly config: ModelConfig;
  readonly model: LanguageModel;
}

export interface TierView {
  readonly ids: readonly string[];
  /**
   * 'all-models' when the capability has no tier set: every model, in settings order. A tier that is
   * set but lists no usable model (its ids were all skipped) stays empty: nothing answers, rather
   * than models the person did not choose (issue 14 item 9).
   */
  readonly source: 'tier' | 'all-models';
}

/** The models the router may choose from, by configured id, and the tiers that order them per capability. */
export class ModelRegistry {
  private readonly byId = new Map<string, RegisteredModel>();

  constructor(
    models: readonly RegisteredModel[],
    private readonly tiers: Tiers,
  ) {
    for (const m of models) this.byId.set(m.config.id, m);
  }

  get(id: string): RegisteredModel | undefined {
    return this.byId.get(id);
  }

  all(): readonly RegisteredModel[] {
    return [...this.byId.values()];
  }

  tier(capability: Capability): TierView {
    const ids = this.tiers[capability];
    if (ids) return { ids, source: 'tier' };
    return { ids: [...this.byId.keys()], source: 'all-models' };
  }
}
