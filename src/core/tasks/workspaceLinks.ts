import { lstat, realpath } from 'node:fs/promises';
import { join, relative as relativeTo, sep } from 'node:path';

/**
 * What a workspace-relative path really names on disk: `target`, the workspace-relative path of the
 * file it resolves to when it exists, or why it is refused.
 */
export type LinkCheck = { readonly ok: true; readonly target?: string } | { readonly ok: false; readonly reason: string };

/**
 * Follows the symbolic links in `relative` (already checked by its spelling: workspacePath or
 * checkRelativePath) under the workspace folder `root`. Every part of the path that exists is looked
 * at: a link, to a folder or to the file itself, must resolve inside the folder, and a link that
 * points nowhere is refused too, since writing through it would create its target wherever it
 * points. The parts that do not exist yet (a new file, new folders) cannot be links.
 */
export async function followLinks(root: string, relative: string): Promise<LinkCheck> {
  const realRoot = await realpath(root).catch(() => root);
  const parts = relative.split('/').filter((p) => p.length > 0);
  let current = root;
  for (let i = 0; i < parts.length; i++) {
    current = join(current, parts[i] as string);
    const shown = parts.slice(0, i + 1).join('/');
    let isLink: boolean;
    try {
      isLink = (await lstat(current)).isSymbolicLink();
    } catch {
      return { ok: true }; // This part and the rest do not exist yet.
    }
    if (!isLink) continue;
    let real: string;
    try {
      real = await realpath(current);
    } catch {
      return { ok: false, reason: `${shown} is a symbolic link that points nowhere inside the workspace` };
    }
    if (insideOf(realRoot, real) === undefined) return { ok: false, reason: `${shown} is a symbolic link to a place outside the workspace` };
  }
  try {
    const target = insideOf(realRoot, await realpath(current));
    return target === undefined ? { ok: false, reason: `${relative} leads outside the workspace` } : { ok: true, target };
  } catch {
    return { ok: true };
  }
}

/** `path` relative to `root` with `/`, or undefined when it is not strictly inside it. */
function insideOf(root: string, path: string): string | undefined {
  const rel = relativeTo(root, path);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || /^[A-Za-z]:/.test(rel) || rel.startsWith(sep)) return undefined;
  return rel.split(sep).join('/');
}
