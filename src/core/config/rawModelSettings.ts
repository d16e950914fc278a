import { z } from 'zod';

/*
 * One settings scope's `switchboard.models` and `switchboard.tiers` as VS Code holds them, before
 * parseSettings validates the whole: what Add Model and Remove Model write back must keep what they
 * cannot read exactly as it was, so they read leniently and change only the model they are about.
 */

const modelsSchema = z.array(z.unknown()).catch([]);
const tiersSchema = z.record(z.string(), z.unknown()).catch({});

/** The scope's models: its list as it is, or empty when it holds no list. */
export function rawModels(value: unknown): unknown[] {
  return modelsSchema.parse(value);
}

/** The scope's tiers: its map as it is, or empty when it holds no map. */
export function rawTiers(value: unknown): Record<string, unknown> {
  return tiersSchema.parse(value);
}

/** Whether an entry of `switchboard.models` is model `id`'s. */
export function isEntryOf(entry: unknown, id: string): boolean {
  return typeof entry === 'object' && entry !== null && (entry as { id?: unknown }).id === id;
}

/** Whether a tier (as written, possibly not a list) names model `id`. */
export function tierNames(tier: unknown, id: string): tier is unknown[] {
  return Array.isArray(tier) && tier.includes(id);
}
