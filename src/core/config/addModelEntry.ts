import { isEntryOf, rawTiers } from './rawModelSettings';

/*
 * "Add Model…" puts a model into the user's settings scope: its entry at the end of
 * `switchboard.models` and its id at the end of each tier the person picked. What the scope holds
 * that Switchboard cannot read is kept exactly as it was, and the person is told what could not be
 * changed, rather than the command failing on it or writing over it.
 */

export type ModelAddition<C extends string = string> =
  | {
      readonly ok: true;
      readonly models: unknown[];
      /** Undefined when no tier changes (none was picked, or none could take the model). */
      readonly tiers: Record<string, unknown> | undefined;
      /** The picked tiers the model now ends. */
      readonly toTiers: C[];
      /** Picked tiers the scope holds in a shape that is not a list of ids: left as they are. */
      readonly unreadTiers: C[];
    }
  | { readonly ok: false; readonly problem: string };

/**
 * The scope's `models` and `tiers` with `entry` added and named by `capabilities`' tiers. A
 * `models` that is set but not a list is not replaced (that would lose what the person wrote): the
 * addition fails, saying so. A tier that is not a list (or tiers that are not a map) keep their
 * value, and the model is not added to them. An id already in a tier moves to its end.
 */
export function withModel<C extends string>(models: unknown, tiers: unknown, entry: { readonly id: string }, capabilities: readonly C[]): ModelAddition<C> {
  const problem = userModelsProblem(models);
  if (problem !== undefined) return { ok: false, problem };
  const list = (models ?? []) as unknown[];
  if (list.some((m) => isEntryOf(m, entry.id))) return { ok: false, problem: `switchboard.models in your user settings already has a model "${entry.id}".` };
  const nextModels = [...list, entry];
  if (capabilities.length === 0) return { ok: true, models: nextModels, tiers: undefined, toTiers: [], unreadTiers: [] };
  // Tiers that are set but not a map: none of them can be read, so none is written.
  if (tiers !== undefined && (typeof tiers !== 'object' || tiers === null || Array.isArray(tiers))) {
    return { ok: true, models: nextModels, tiers: undefined, toTiers: [], unreadTiers: [...capabilities] };
  }

  const nextTiers = { ...rawTiers(tiers) };
  const toTiers: C[] = [];
  const unreadTiers: C[] = [];
  for (const capability of capabilities) {
    const tier = nextTiers[capability];
    if (tier !== undefined && !Array.isArray(tier)) {
      unreadTiers.push(capability);
      continue;
    }
    nextTiers[capability] = [...(tier ?? []).filter((x) => x !== entry.id), entry.id];
    toTiers.push(capability);
  }
  return { ok: true, models: nextModels, tiers: toTiers.length > 0 ? nextTiers : undefined, toTiers, unreadTiers };
}

/** Why the user's `switchboard.models` cannot take another model, asked before the first step too. */
export function userModelsProblem(models: unknown): string | undefined {
  if (models === undefined || Array.isArray(models)) return undefined;
  return `switchboard.models in your user settings is ${describe(models)}, not a list of models; correct it (or remove it) and add the model again.`;
}

/** What Add Model says of picked tiers it left as they were. */
export function unreadTiersWords(id: string, unreadTiers: readonly string[]): string | undefined {
  if (unreadTiers.length === 0) return undefined;
  const names = unreadTiers.map((t) => `switchboard.tiers.${t}`).join(', ');
  return `"${id}" was not added to ${unreadTiers.join(', ')}: ${names} in your user settings ${unreadTiers.length === 1 ? 'is' : 'are'} not a list of model ids, and ${unreadTiers.length === 1 ? 'was' : 'were'} left as written.`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
