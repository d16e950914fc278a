import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';

/** A problem found in one setting value. Never carries the value itself: it might be a pasted secret. */
export interface SettingsDiagnostic {
  /** Dotted path of the offending value, e.g. `switchboard.models[2].baseUrl`. */
  readonly path: string;
  /** What was expected, in words a person can act on. */
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export type PathSegment = string | number | symbol;

export function formatPath(root: string, segments: readonly PathSegment[]): string {
  let out = root;
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += `.${String(segment)}`;
  }
  return out;
}

/** The first thing zod found wrong, where (`root` and the issue's path) and what: `entries[1].createdAt: Invalid input`. */
export function firstIssue(root: string, error: z.ZodError): string {
  const issue = error.issues[0];
  return `${formatPath(root, issue?.path ?? [])}: ${issue?.message ?? 'invalid'}`;
}

/**
 * What `schema` finds wrong first with `text` a person typed, in the schema's own words, or undefined
 * when it reads: the message an input box shows (VS Code's `validateInput`).
 */
export function inputProblem(schema: z.ZodType, text: string): string | undefined {
  const parsed = schema.safeParse(text);
  return parsed.success ? undefined : (parsed.error.issues[0]?.message ?? 'invalid');
}

/** Turns zod issues into diagnostics rooted at a setting path, rewriting zod's wording where it helps. */
export function issuesToDiagnostics(root: string, issues: readonly z.core.$ZodIssue[]): SettingsDiagnostic[] {
  const out: SettingsDiagnostic[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: formatPath(root, [...issue.path, key]), message: unknownKeyMessage(key), severity: 'error' });
      }
      continue;
    }
    out.push({ path: formatPath(root, issue.path), message: describeIssue(issue), severity: 'error' });
  }
  return out;
}

function unknownKeyMessage(key: string): string {
  if (/key|token|secret|password/i.test(key)) {
    return "secrets do not belong in settings: use 'Switchboard: Set API Key…' (the value was ignored)";
  }
  return 'is not a known property (ignored)';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${article(issue.expected)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${didYouMean(issue.input, issue.values)}`;
    case 'too_small':
      return issue.origin === 'string' ? 'must not be empty' : `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    default:
      return issue.message;
  }
}

/**
 * A near miss of an allowed word (`openia` → "openai"). Only the suggestion is named, never the value
 * typed: a diagnostic never carries a setting's value (it might be a pasted secret).
 */
function didYouMean(input: unknown, values: readonly unknown[]): string {
  if (typeof input !== 'string' || input.length === 0 || input.length > 64) return '';
  const words = values.filter((v): v is string => typeof v === 'string');
  if (words.length === 0) return '';
  const best = closest(input.toLowerCase(), words);
  return distance(input.toLowerCase(), best) <= Math.max(1, Math.floor(best.length / 3)) ? `; did you mean "${best}"?` : '';
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/**
 * The one notification for new settings problems: the first in full, then how many more the log
 * lists. ("names "fast", which is not an id in switchboard.models (skipped) (and 5 more problems)"
 * once stacked two asides.)
 */
export function settingsProblemsMessage(fresh: readonly SettingsDiagnostic[]): string | undefined {
  const first = fresh[0];
  if (!first) return undefined;
  const rest = fresh.length - 1;
  const more = rest > 0 ? ` ${rest} more problem${rest === 1 ? ' is' : 's are'} in the log.` : '';
  return `Switchboard: ${first.path} ${first.message}.${more} The rest of your settings still apply.`;
}
