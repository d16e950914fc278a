/**
 * A task phase as a person reads its name, on the card and in `@switchboard`'s transcript alike:
 * `Plan`, `Refine (round 1)` (not `Refine 1`, which read as one figure with the words after it:
 * "Refine 1 2 files"), `Review (gpt-4o)` for a critique, keyed `critique:<model>`.
 */
export function phaseName(p: { readonly phase: string; readonly round?: number | undefined; readonly key: string }): string {
  const name = p.phase.charAt(0).toUpperCase() + p.phase.slice(1);
  if (p.round !== undefined) return `${name} (round ${p.round})`;
  const colon = p.key.indexOf(':');
  return colon > 0 ? `${name} (${p.key.slice(colon + 1)})` : name;
}
