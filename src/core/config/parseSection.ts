import type { z } from 'zod';
import { type SettingsDiagnostic, issuesToDiagnostics } from './diagnostics';

/**
 * Parses one settings section (an object of fields with defaults) so that a bad field costs only
 * itself: each offending field is reported and dropped, and the section is parsed again, falling back
 * to that field's default. Only when the section itself is not an object does it fall back whole.
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
    const next: Record<string, unknown> = { ...(current as Record<string, unknown>) };
    let removed = false;
    for (const issue of result.error.issues) {
      const keys = issue.code === 'unrecognized_keys' && issue.path.length === 0 ? issue.keys : [issue.path[0]];
      for (const key of keys) {
        if (typeof key === 'string' && key in next) {
          delete next[key];
          removed = true;
        }
      }
    }
    if (!removed) break;
    current = next;
  }
  // The section's own defaults: every field with a default makes `{}` parse.
  const fallback = schema.safeParse({});
  if (fallback.success) return fallback.data;
  throw new Error(`${root} has no defaults to fall back to`);
}
