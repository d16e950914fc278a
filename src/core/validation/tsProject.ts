import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as ts from 'typescript';

/*
 * The workspace's TypeScript project as tsc would see it: tsconfig.json at the workspace folder,
 * parsed with its `extends`, `files`, `include` and `exclude` (ts.parseJsonConfigFileContent), and the
 * folder of the standard library declarations the compiler needs for `lib`.
 */

export interface TsProject {
  readonly configPath: string;
  readonly options: ts.CompilerOptions;
  /** Absolute, `/`-separated, as the compiler spells them. */
  readonly fileNames: readonly string[];
  /** Folders whose new files the config's `include` takes in: path → recursive. */
  readonly includeDirectories: ReadonlyMap<string, boolean>;
  /** Extensions a file needs to be part of the project. */
  readonly extensions: readonly string[];
}

export type ProjectLoad = { readonly ok: true; readonly project: TsProject } | { readonly ok: false; readonly reason: string };

/** Slashes forward, as the compiler writes paths, so paths from both sides compare equal. */
export function toCompilerPath(path: string): string {
  return path.replace(/\\/g, '/');
}

export function loadProject(root: string): ProjectLoad {
  const configPath = toCompilerPath(join(root, 'tsconfig.json'));
  if (!ts.sys.fileExists(configPath)) return { ok: false, reason: 'no tsconfig.json at the workspace folder' };
  const read = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  if (read.error) return { ok: false, reason: `tsconfig.json: ${ts.flattenDiagnosticMessageText(read.error.messageText, ' ')}` };
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, toCompilerPath(root), undefined, configPath);
  // A config that lists nothing (every `include` empty) is an error tsc reports; there is then no project to check.
  if (parsed.fileNames.length === 0) return { ok: false, reason: 'tsconfig.json includes no files' };
  const includeDirectories = new Map<string, boolean>();
  for (const [dir, flags] of Object.entries(parsed.wildcardDirectories ?? {})) {
    includeDirectories.set(toCompilerPath(dir), (flags & ts.WatchDirectoryFlags.Recursive) !== 0);
  }
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true };
  const extensions = ['.ts', '.tsx', '.mts', '.cts', ...(options.allowJs ? ['.js', '.jsx', '.mjs', '.cjs'] : [])];
  return { ok: true, project: { configPath, options, fileNames: parsed.fileNames.map(toCompilerPath), includeDirectories, extensions } };
}

/**
 * Where lib.*.d.ts are: the one given, else the running compiler's own (in the repository and tests),
 * else the workspace's installed TypeScript. Bundled, the compiler's own folder is dist/, which has no
 * libs; the host can pass VS Code's built-in TypeScript's lib folder.
 */
export function findLibDirectory(root: string, given?: string): string | undefined {
  const candidates = [given, dirname(ts.getDefaultLibFilePath({})), join(root, 'node_modules', 'typescript', 'lib')];
  for (const dir of candidates) {
    if (dir && existsSync(join(dir, 'lib.d.ts'))) return toCompilerPath(dir);
  }
  return undefined;
}

/** Whether a file the change set creates joins the project: under a folder the config includes, with a project extension. */
export function includesNewFile(project: TsProject, path: string): boolean {
  if (path.includes('/node_modules/') || !project.extensions.some((ext) => path.endsWith(ext))) return false;
  // The config's folders are lower-cased where file names are not case-sensitive.
  const key = ts.sys.useCaseSensitiveFileNames ? path : path.toLowerCase();
  for (const [dir, recursive] of project.includeDirectories) {
    if (!key.startsWith(`${dir}/`)) continue;
    if (recursive || !key.slice(dir.length + 1).includes('/')) return true;
  }
  return false;
}
