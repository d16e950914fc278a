import type { z } from 'zod';
import { type SettingsDiagnostic, issuesToDiagnostics } from './diagnostics';

/**
 * Parses one settings section (an object of fields with defaults) so that a bad value costs only
 * itself: each offending value (a field, a nested object's field, an array's entry) is reported and
 * dropped, and the section is parsed again, falling back to that field's default. Only when the
 * section itself is not an object does it fall back whole.
 */
export function parseSection<S extends z.ZodType>(
  schema: S,
  value: unknown,
  root: string,
  diagnostics: SettingsDiagnostic[],
): z.infer<S> {
  let current: unknown = value ?? {};
  for (let attempt = 0; attempt < 32; attempt++) {
    const result = schema.safeParse(current, { reportInput: true });
    if (result.success) return result.data;
    diagnostics.push(...issuesToDiagnostics(root, result.error.issues));
    if (typeof current !== 'object' || current === null || Array.isArray(current)) break;
    const next = copyJson(current) as Record<string, unknown>;
    const marked = new Map<object, Set<PropertyKey>>();
    for (const issue of result.error.issues) {
      const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
      for (const path of paths) markDeepest(next, path, marked);
    }
    if (marked.size === 0) break;
    for (const [container, keys] of marked) remove(container, keys);
    current = next;
  }
  // The section's own defaults: every field with a default makes `{}` parse.
  const fallback = schema.safeParse({});
  if (fallback.success) return fallback.data;
  throw new Error(`${root} has no defaults to fall back to`);
}

/**
 * Marks the deepest part of `path` that the value has: the bad value itself, or, when the issue is
 * about a part that is missing, the object that lacks it (so the next attempt falls back further out).
 */
function markDeepest(value: object, path: readonly PropertyKey[], marked: Map<object, Set<PropertyKey>>): void {
  let container: unknown = value;
  let found: { container: object; key: PropertyKey } | undefined;
  for (const key of path) {
    if (typeof container !== 'object' || container === null || !(key in container)) break;
    found = { container, key };
    container = (container as Record<PropertyKey, unknown>)[key];
  }
  if (!found) return;
  const keys = marked.get(found.container) ?? new Set<PropertyKey>();
  keys.add(found.key);
  marked.set(found.container, keys);
}

function remove(container: object, keys: ReadonlySet<PropertyKey>): void {
  if (Array.isArray(container)) {
    const indices = [...keys].filter((k): k is number => typeof k === 'number').sort((a, b) => b - a);
    for (const index of indices) container.splice(index, 1);
    return;
  }
  for (const key of keys) delete (container as Record<PropertyKey, unknown>)[key];
}

/** A copy to drop values from: settings are plain JSON (VS Code may hand them in read-only proxies). */
function copyJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyJson);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyJson(v)]));
  return value;
}
