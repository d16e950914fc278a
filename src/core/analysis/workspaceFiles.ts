import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isAnalyzable } from './fileKinds';
import { isGitignored } from './gitignoreCheck';
import { compileExcludes, type GlobMap } from './globMatcher';
import type { SkipReason } from './fileKinds';

/* The analyzer's file walk: which files under the workspace folders the index looks at. */

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

export interface WorkspaceFilesOptions {
  /** Workspace folders, absolute. */
  readonly folders: readonly string[];
  /** Glob maps as VS Code holds them (`files.exclude`, `search.exclude`), relative to each folder. */
  readonly exclude?: readonly GlobMap[];
  readonly maxFileSize?: number;
  readonly respectGitignore?: boolean;
  readonly signal?: AbortSignal;
  /** Told after each folder what the walk has found so far (files to analyse and their bytes). */
  readonly onListed?: (found: ListedSoFar) => void;
}

/** The files a walk has found so far. */
export interface ListedSoFar {
  readonly files: number;
  readonly bytes: number;
}

export interface WorkspaceFile {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface WorkspaceFileList {
  readonly files: WorkspaceFile[];
  /** tsconfig*.json / jsconfig.json files, for `paths` and `baseUrl`. */
  readonly configs: string[];
  /** package.json files outside node_modules: the workspace's own packages, for bare specifiers. */
  readonly packages: string[];
  /** Files skipped per reason; an ignored or excluded folder counts once. */
  readonly skipped: Record<SkipReason, number>;
}

export function emptySkipCounts(): Record<SkipReason, number> {
  return { ignored: 0, excluded: 0, oversized: 0, binary: 0, minified: 0, generated: 0, unreadable: 0, failed: 0 };
}

export function toSlash(p: string): string {
  return p.replace(/\\/g, '/');
}

interface GitignoreScope {
  readonly dir: string;
  readonly matcher: Ignore;
}

const CONFIG_NAME = /^(tsconfig(\..+)?|jsconfig)\.json$/;

/**
 * What a file that is not analysed tells import resolution: a tsconfig/jsconfig (`paths`, `baseUrl`,
 * a package's `outDir`) or one of the workspace's own package.json files (one in node_modules is a
 * dependency's: workspace packages are linked there, not kept).
 */
export function resolutionFileKind(path: string): 'config' | 'manifest' | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (CONFIG_NAME.test(name)) return 'config';
  if (name === 'package.json' && !path.includes('/node_modules/')) return 'manifest';
  return undefined;
}

/** Walks the folders, honouring .gitignore files (nested ones too) and the exclude globs. */
export async function listWorkspaceFiles(options: WorkspaceFilesOptions): Promise<WorkspaceFileList> {
  const maxSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const excluded = compileExcludes(options.exclude ?? []);
  const files: WorkspaceFile[] = [];
  const configs: string[] = [];
  const packages: string[] = [];
  const skipped = emptySkipCounts();
  const useGitignore = options.respectGitignore ?? true;
  let folders = 0;
  let bytes = 0;

  const isIgnored = (scopes: readonly GitignoreScope[], path: string, isDir: boolean): boolean => {
    for (const s of scopes) {
      const rel = path.slice(s.dir.length + 1) + (isDir ? '/' : '');
      if (rel && s.matcher.ignores(rel)) return true;
    }
    return false;
  };

  const walk = async (root: string, dir: string, scopes: readonly GitignoreScope[]): Promise<void> => {
    options.signal?.throwIfAborted();
    // Synchronous reads are several times cheaper per folder than the promise API; yielding every
    // few hundred folders keeps the calling thread (the extension host) responsive.
    if (++folders % 200 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    let here = scopes;
    if (useGitignore && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        const text = await readFile(join(dir, '.gitignore'), 'utf8');
        here = [...scopes, { dir, matcher: ignore().add(text) }];
      } catch {
        // An unreadable .gitignore ignores nothing.
      }
    }
    const subdirs: string[] = [];
    const names = new Set(entries.map((e) => e.name));
    const siblingExists = (name: string): boolean => names.has(name);
    for (const entry of entries) {
      const path = toSlash(join(dir, entry.name));
      const rel = path.slice(root.length + 1);
      if (entry.isDirectory()) {
        if (entry.name === '.git') continue;
        if (excluded(rel)) skipped.excluded++;
        else if (isIgnored(here, path, true)) skipped.ignored++;
        else subdirs.push(path);
        continue;
      }
      if (!entry.isFile()) continue;
      const analyzable = isAnalyzable(entry.name);
      const resolution = analyzable ? undefined : resolutionFileKind(path);
      const config = resolution === 'config';
      const manifest = resolution === 'manifest';
      if (!analyzable && !config && !manifest) continue;
      if (excluded(rel, siblingExists)) {
        if (analyzable) skipped.excluded++;
        continue;
      }
      if (isIgnored(here, path, false)) {
        if (analyzable) skipped.ignored++;
        continue;
      }
      if (config) {
        configs.push(path);
        continue;
      }
      if (manifest) {
        packages.push(path);
        continue;
      }
      // statSync is several times cheaper per file than the promise API; the walk yields between
      // folders, so the calling thread is never held for long.
      const st = statSync(path, { throwIfNoEntry: false });
      if (!st) skipped.unreadable++;
      else if (st.size > maxSize) skipped.oversized++;
      else {
        files.push({ path, size: st.size, mtimeMs: st.mtimeMs });
        bytes += st.size;
      }
    }
    options.onListed?.({ files: files.length, bytes });
    for (const sub of subdirs) await walk(root, sub, here);
  };

  for (const folder of options.folders) {
    const root = toSlash(folder).replace(/\/$/, '');
    await walk(root, root, []);
  }
  // Deterministic order whatever the file system returns.
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  configs.sort();
  packages.sort();
  return { files, configs, packages, skipped };
}

/**
 * The walk's rules for a single path (a file a watcher reports): whether it is a file of the kind
 * `accepts` takes (by default an analysable one) inside a folder, outside `.git`, the exclude globs
 * and (unless told not to) the .gitignore files. The size limit is left to the caller, which stats
 * the file anyway.
 */
export function workspaceFileFilter(options: Omit<WorkspaceFilesOptions, 'signal'>, accepts: (path: string) => boolean = isAnalyzable): (path: string) => boolean {
  const isExcluded = compileExcludes(options.exclude ?? []);
  const folders = options.folders.map((f) => toSlash(f).replace(/\/$/, ''));
  const respectGitignore = options.respectGitignore ?? true;
  return (path) => {
    if (!accepts(path)) return false;
    const folder = folders.find((f) => path.startsWith(f + '/'));
    if (!folder) return false;
    const rel = path.slice(folder.length + 1);
    const parts = rel.split('/');
    if (parts.includes('.git')) return false;
    const dir = path.slice(0, path.lastIndexOf('/'));
    const siblingExists = (name: string): boolean => existsSync(`${dir}/${name}`);
    for (let i = 1; i <= parts.length; i++) if (isExcluded(parts.slice(0, i).join('/'), i === parts.length ? siblingExists : undefined)) return false;
    return !(respectGitignore && isGitignored(folder, path));
  };
}
