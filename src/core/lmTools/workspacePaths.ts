import { checkRelativePath } from '../chat/relativePath';
import { toSlash } from '../analysis/workspaceFiles';

/** Folder roots with `/` and no trailing slash, in workspace order. */
export function normalizeRoots(roots: readonly string[]): string[] {
  return roots.map((r) => toSlash(r).replace(/\/$/, ''));
}

/** An index path shown relative to the first root holding it (absolute when none does). */
export function displayPath(roots: readonly string[], absolute: string): string {
  const path = toSlash(absolute);
  for (const root of roots) if (path.startsWith(root + '/')) return path.slice(root.length + 1);
  return path;
}

/**
 * The absolute index paths a workspace-relative input names, in each root; a reason when the input
 * is absolute or climbs out (a tool's input comes from a model: untrusted).
 */
export function candidatesFor(roots: readonly string[], relative: string): { ok: true; normalized: string; absolute: string[] } | { ok: false; reason: string } {
  const checked = checkRelativePath(relative);
  if (!checked.ok) return checked;
  return { ok: true, normalized: checked.path, absolute: roots.map((r) => `${r}/${checked.path}`) };
}
