import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isAnalyzable } from './fileKinds';
import { resolutionFileKind, toSlash } from './workspaceFiles';

/**
 * A folder that appears or goes with its files at once (a checkout, an unzip, a generator, `rm -r`)
 * reaches VS Code's file watchers as one event for the folder: a watcher for source files never hears
 * of its files. These say which events to look into and what such a folder holds.
 */

/** A file the index's own watchers hear of (a source file, a tsconfig/jsconfig, a package.json). */
export function isWatchedFile(path: string): boolean {
  const slashed = toSlash(path);
  return isAnalyzable(slashed.slice(slashed.lastIndexOf('/') + 1)) || resolutionFileKind(slashed) !== undefined;
}

/** Folders never walked here, as the full walk leaves them out by default (`.git`, and `node_modules` by `search.exclude`). */
const NEVER_WALKED = new Set(['.git', 'node_modules']);

/**
 * Every source and resolution file under `dir`, for the index to check one by one as a watcher's
 * file (its excludes and .gitignore rules decide). A path that is not a folder (or is gone) has none.
 */
export async function filesUnderFolder(dir: string, signal?: AbortSignal): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    signal?.throwIfAborted();
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return; // not a folder, or gone again
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!NEVER_WALKED.has(entry.name)) await walk(path);
      } else if (entry.isFile() && isWatchedFile(path)) {
        found.push(path);
      }
    }
  };
  await walk(dir);
  return found;
}
