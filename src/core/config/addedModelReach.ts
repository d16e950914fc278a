import type { Capability } from '../router/capabilities';
import { isEntryOf, rawModels, rawTiers, tierNames } from './rawModelSettings';

/*
 * "Add Model…" writes the user's settings. A workspace that sets `switchboard.models` replaces the
 * user's list (arrays do not merge across scopes), and one that sets a tier replaces that tier: the
 * model is added and still not used in this workspace. What VS Code resolves for the window after
 * the write says whether it is.
 */

export interface AddedModelReach {
  /** The effective `switchboard.models` of this window lists the model. */
  readonly listed: boolean;
  /** The chosen capabilities whose effective tier does not name it. */
  readonly hiddenTiers: readonly Capability[];
}

/** Where the model `id` reaches, from the effective (resolved) `switchboard.models` and `switchboard.tiers`. */
export function addedModelReach(effectiveModels: unknown, effectiveTiers: unknown, id: string, capabilities: readonly Capability[]): AddedModelReach {
  const listed = rawModels(effectiveModels).some((m) => isEntryOf(m, id));
  const tiers = rawTiers(effectiveTiers);
  const hiddenTiers = capabilities.filter((c) => !tierNames(tiers[c], id));
  return { listed, hiddenTiers };
}

/** What to tell the person when the workspace hides the model, or undefined when it is used here. */
export function hiddenByWorkspaceWords(id: string, reach: AddedModelReach): string | undefined {
  if (!reach.listed) return `"${id}" is in your user settings, but this workspace's settings set switchboard.models, which replaces your list here: the model is not used in this workspace until its settings list it too.`;
  if (reach.hiddenTiers.length === 0) return undefined;
  const tiers = reach.hiddenTiers.join(', ');
  return `"${id}" is in your user settings, but this workspace's settings set the ${reach.hiddenTiers.length === 1 ? 'tier' : 'tiers'} ${tiers} without it: it answers ${tiers} here only once the workspace's ${reach.hiddenTiers.length === 1 ? 'tier names' : 'tiers name'} it.`;
}
