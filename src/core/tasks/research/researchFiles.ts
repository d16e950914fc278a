import { readFile, stat } from 'node:fs/promises';
import type { Logger } from '../../log/logger';
import type { ResearchIndex } from './researchIndex';
import type { WorkspaceRoot } from '../../analysis/workspaceRoots';
import { WorkspaceGuard, workspaceIgnoreCheck } from './workspaceGuard';

/** Reads a workspace-relative path as it is now (an open editor's unsaved text included); undefined when it cannot. */
export type WorkspaceFileReader = (relativePath: string) => Promise<string | undefined>;

/** What the research tools and the research context read the workspace through. */
export interface ResearchEnvironment {
  readonly guard: WorkspaceGuard;
  readonly index: ResearchIndex;
  readonly read: WorkspaceFileReader;
  readonly log: Logger;
}

export interface ResearchEnvironmentOptions {
  /** The workspace's folders (workspaceRoots), first folder first. */
  readonly roots: readonly WorkspaceRoot[];
  /** The workspace index (researchIndexOf over the host's index). */
  readonly index: ResearchIndex;
  /** Reads a workspace-relative file; default: from disk. The host passes its reader (unsaved editors included). */
  readonly read?: WorkspaceFileReader;
  /** Whether a path inside the folder `root` is ignored; default: the .gitignore files (workspaceIgnoreCheck). */
  readonly isIgnored?: (relativePath: string, root: string) => boolean;
  readonly log: Logger;
}

export function researchEnvironment(options: ResearchEnvironmentOptions): ResearchEnvironment {
  const byRoot = new Map(options.roots.map((r) => [r.path, workspaceIgnoreCheck(r.path)] as const));
  const guard = new WorkspaceGuard(options.roots, options.isIgnored ?? ((relative, root) => byRoot.get(root)?.(relative) ?? false));
  const read =
    options.read ??
    ((relative: string) => {
      const checked = guard.check(relative);
      return checked.ok ? readFile(checked.absolute, 'utf8').catch(() => undefined) : Promise.resolve(undefined);
    });
  return { guard, index: options.index, read, log: options.log };
}

/** Larger files are refused whole: a model asks for line ranges or searches instead. */
export const MAX_READ_BYTES = 1024 * 1024;

export type GuardedText = { readonly ok: true; readonly relative: string; readonly text: string } | { readonly ok: false; readonly reason: string };

/** The text of a file the guard lets through, or why it was not read. */
export async function readGuarded(env: ResearchEnvironment, requested: string): Promise<GuardedText> {
  const path = await env.guard.resolve(requested);
  if (!path.ok) return path;
  try {
    const info = await stat(path.absolute);
    if (!info.isFile()) return { ok: false, reason: `${path.relative} is not a file` };
    if (info.size > MAX_READ_BYTES) return { ok: false, reason: `${path.relative} is larger than ${MAX_READ_BYTES / 1024} KB: search it with search_text or ask for a line range of a smaller file` };
  } catch {
    return { ok: false, reason: `${path.relative} does not exist` };
  }
  const text = await env.read(path.relative);
  if (text === undefined) return { ok: false, reason: `${path.relative} could not be read` };
  if (text.includes('\u0000')) return { ok: false, reason: `${path.relative} is a binary file` };
  return { ok: true, relative: path.relative, text };
}

/** Lines `from`..`to` (1-based, inclusive), each prefixed with its number so a model can cite file:line. */
export function numberedLines(lines: readonly string[], from: number, to: number): string {
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(`${n}\t${lines[n - 1] ?? ''}`);
  return out.join('\n');
}
