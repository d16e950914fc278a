import { isEntryOf, rawModels, rawTiers, tierNames } from './rawModelSettings';

/*
 * "Remove Model…" takes a model out of the settings scope it was added to: its entry in
 * `switchboard.models` and its place in every tier there. A tier it leaves empty is dropped, so the
 * capability falls back as it did before the model was added, rather than naming no model at all.
 */

export interface ModelRemoval {
  /** The scope's models held an entry with this id. */
  readonly found: boolean;
  readonly models: unknown[];
  readonly tiers: Record<string, unknown>;
  /** The tiers it was taken out of, in the scope's order. */
  readonly fromTiers: string[];
}

/** The scope's `switchboard.models` and `switchboard.tiers` without model `id`. Entries it cannot read are kept as they are. */
export function withoutModel(models: unknown, tiers: unknown, id: string): ModelRemoval {
  const before = rawModels(models);
  const kept = before.filter((m) => !isEntryOf(m, id));
  const nextTiers: Record<string, unknown> = {};
  const fromTiers: string[] = [];
  for (const [capability, list] of Object.entries(rawTiers(tiers))) {
    if (!tierNames(list, id)) {
      nextTiers[capability] = list;
      continue;
    }
    fromTiers.push(capability);
    const rest = list.filter((x) => x !== id);
    if (rest.length > 0) nextTiers[capability] = rest;
  }
  return { found: kept.length < before.length, models: kept, tiers: nextTiers, fromTiers };
}
