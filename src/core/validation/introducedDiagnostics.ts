import type { ValidationDiagnostic } from '../tasks/taskTypes';

/*
 * Which diagnostics a change introduced, by text alone: no TypeScript here, so the host can compare
 * a stored validation with a fresh one without loading the compiler's bundle.
 */

/**
 * The diagnostics in `after` the change introduced: each is matched against `before` by file, code and
 * message text (never by line, since an edit above shifts every line below it), as many times as it
 * occurs there, so an error the file already had is not blamed on the change. `movedFrom` maps a
 * renamed file's new path to its old one, so its existing errors follow it.
 */
export function introducedDiagnostics(
  before: readonly ValidationDiagnostic[],
  after: readonly ValidationDiagnostic[],
  movedFrom: ReadonlyMap<string, string> = new Map(),
): ValidationDiagnostic[] {
  const remaining = new Map<string, number>();
  for (const d of before) {
    const key = keyOf(d.path, d);
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  const introduced: ValidationDiagnostic[] = [];
  for (const d of after) {
    const key = keyOf(movedFrom.get(d.path) ?? d.path, d);
    const left = remaining.get(key) ?? 0;
    if (left > 0) remaining.set(key, left - 1);
    else introduced.push(d);
  }
  return introduced;
}

function keyOf(path: string, d: ValidationDiagnostic): string {
  return `${path}\0${d.code}\0${d.message}`;
}
