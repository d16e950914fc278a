import { checkRelativePath } from '../chat/relativePath';
import { toSlash } from './workspaceFiles';

/**
 * How Switchboard names a file of the workspace to a person and to a model: relative to its folder,
 * and in a workspace of several folders with the folder's name first (`server/src/handler.ts`), as
 * VS Code's own `asRelativePath` writes it. A path that a person or a model gives back is read the
 * same way; a path without a folder name is looked for in each folder, first folder first.
 */
export interface WorkspaceRoot {
  /** Absolute, `/`-separated, no trailing slash. */
  readonly path: string;
  /** The folder's name in the workspace (VS Code's `WorkspaceFolder.name`). */
  readonly name: string;
}

/** Folder paths (and their names, by default the last segment) as workspace roots, in workspace order. */
export function workspaceRoots(folders: readonly string[], names: readonly (string | undefined)[] = []): WorkspaceRoot[] {
  return folders.map((folder, i) => {
    const path = toSlash(folder).replace(/\/$/, '');
    return { path, name: names[i] ?? path.slice(path.lastIndexOf('/') + 1) };
  });
}

/** An indexed (absolute) path as the workspace names it; absolute when no folder holds it. */
export function displayPath(roots: readonly WorkspaceRoot[], absolute: string): string {
  const path = toSlash(absolute);
  for (const root of roots) {
    if (path.startsWith(root.path + '/')) {
      const relative = path.slice(root.path.length + 1);
      return roots.length > 1 ? `${root.name}/${relative}` : relative;
    }
  }
  return path;
}

export interface RootCandidate<R> {
  readonly root: R;
  /** The path inside that folder. */
  readonly relative: string;
  /** The path started with this folder's name (`server/src/a.ts`), several folders being open. */
  readonly named: boolean;
}

/**
 * Where a workspace path may be, most likely first: in a workspace of several folders, a path that
 * starts with a folder's name is first that folder's (`server/src/a.ts`), then each folder's as
 * written; a reason when the path is absolute or climbs out (paths come from models: untrusted).
 * Any folder type with a name will do (VS Code's WorkspaceFolder, a WorkspaceRoot).
 */
export function candidatesFor<R extends { readonly name: string }>(roots: readonly R[], path: string): { ok: true; normalized: string; candidates: RootCandidate<R>[] } | { ok: false; reason: string } {
  const checked = checkRelativePath(path);
  if (!checked.ok) return checked;
  const normalized = checked.path;
  const candidates: RootCandidate<R>[] = [];
  const slash = normalized.indexOf('/');
  if (roots.length > 1 && slash > 0) {
    const head = normalized.slice(0, slash);
    const relative = normalized.slice(slash + 1);
    for (const root of roots) if (root.name === head) candidates.push({ root, relative, named: true });
  }
  for (const root of roots) candidates.push({ root, relative: normalized, named: false });
  return { ok: true, normalized, candidates };
}

/** The absolute path of a candidate in a folder on disk. */
export function absoluteOf(candidate: RootCandidate<WorkspaceRoot>): string {
  return `${candidate.root.path}/${candidate.relative}`;
}
