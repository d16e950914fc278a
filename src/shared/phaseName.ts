/**
 * A task phase as a person reads its name, on the card and in `@switchboard`'s transcript alike:
 * `Plan`, `Refine (round 1)` (not `Refine 1`, which read as one figure with the words after it:
 * "Refine 1 2 files"), `Review (gpt-4o)` for a critique, keyed `critique:<model>`, `Judge (round 1)`
 * for a cascade's judge, keyed `judge#1`, and `Revise` for the drafter's revision after a critique,
 * keyed `generate:revise` (it read "Generate (round 2)", as if a second draft from scratch).
 */
export function phaseName(p: { readonly phase: string; readonly round?: number | undefined; readonly key: string }): string {
  if (p.key === REVISE_KEY) return 'Revise';
  // A cascade's judge is a review phase (the review tier answers) but not the task's review.
  const kind = p.key.startsWith('judge#') ? 'judge' : p.phase;
  const name = kind.charAt(0).toUpperCase() + kind.slice(1);
  if (p.round !== undefined) return `${name} (round ${p.round})`;
  const colon = p.key.indexOf(':');
  return colon > 0 ? `${name} (${p.key.slice(colon + 1)})` : name;
}

/** The key of a critique's revision (generatePatterns.ts). */
export const REVISE_KEY = 'generate:revise';
