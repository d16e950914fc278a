import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { readJsonc } from './readJsonc';
import { toSlash } from './workspaceFiles';

/*
 * What the index reads of a tsconfig/jsconfig: `paths`, `baseUrl` and `rootDirs` for resolving imports
 * (moduleResolver.ts), `outDir` and `rootDir` for reading a workspace package's build output at its
 * source (workspacePackages.ts). One reader, following relative `extends`, for both.
 */

/** What a tsconfig/jsconfig contributes to resolution, with its paths made absolute. */
export interface PathConfig {
  /** The folder whose files the config governs. */
  readonly dir: string;
  readonly baseUrl?: string;
  /** Pattern (at most one `*`) to absolute targets. */
  readonly paths: readonly { readonly pattern: string; readonly targets: readonly string[] }[];
  /** Absolute folders whose contents count as one folder for relative imports (`rootDirs`), as written. */
  readonly rootDirs?: readonly string[];
}

const compilerOptionsSchema = z
  .object({
    baseUrl: z.string().optional(),
    paths: z.record(z.string(), z.array(z.string())).optional(),
    rootDirs: z.array(z.string()).optional(),
    outDir: z.string().optional(),
    rootDir: z.string().optional(),
  })
  .loose();

const configSchema = z
  .object({
    extends: z.union([z.string(), z.array(z.string())]).optional(),
    compilerOptions: compilerOptionsSchema.optional(),
  })
  .loose();

interface RawOptions {
  baseUrl?: string;
  paths?: Record<string, string[]>;
  pathsBase?: string;
  /** Absolute, as the config that sets them resolves them. */
  rootDirs?: string[];
  outDir?: string;
  rootDir?: string;
}

/**
 * Reads a tsconfig/jsconfig (comments and trailing commas allowed, as TypeScript allows them),
 * following relative `extends`. A config that cannot be read contributes nothing.
 */
export function readPathConfig(configPath: string): PathConfig | undefined {
  const options = readOptions(configPath, 0);
  if (!options || (!options.baseUrl && !options.paths && !options.rootDirs?.length)) return undefined;
  const paths = Object.entries(options.paths ?? {}).map(([pattern, targets]) => ({
    pattern,
    targets: targets.map((t) => toSlash(resolve(options.baseUrl ?? options.pathsBase ?? dirname(configPath), t))),
  }));
  return {
    dir: toSlash(dirname(configPath)),
    ...(options.baseUrl ? { baseUrl: toSlash(options.baseUrl) } : {}),
    paths,
    ...(options.rootDirs?.length ? { rootDirs: options.rootDirs.map(toSlash) } : {}),
  };
}

function readOptions(configPath: string, depth: number): RawOptions | undefined {
  if (depth > 8) return undefined;
  const parsed = configSchema.safeParse(readJsonc(configPath));
  if (!parsed.success) return undefined;
  const dir = dirname(configPath);
  let inherited: RawOptions = {};
  const parents = parsed.data.extends === undefined ? [] : Array.isArray(parsed.data.extends) ? parsed.data.extends : [parsed.data.extends];
  for (const parent of parents) {
    if (!parent.startsWith('.')) continue; // package configs (`@tsconfig/node20`) rarely carry paths
    const file = resolve(dir, parent.endsWith('.json') ? parent : parent + '.json');
    inherited = { ...inherited, ...readOptions(file, depth + 1) };
  }
  const own = parsed.data.compilerOptions ?? {};
  return {
    ...inherited,
    ...(own.baseUrl !== undefined ? { baseUrl: resolve(dir, own.baseUrl) } : {}),
    ...(own.paths !== undefined ? { paths: own.paths, pathsBase: dir } : {}),
    ...(own.rootDirs !== undefined ? { rootDirs: own.rootDirs.map((d) => resolve(dir, d)) } : {}),
    ...(own.outDir !== undefined ? { outDir: resolve(dir, own.outDir) } : {}),
    ...(own.rootDir !== undefined ? { rootDir: resolve(dir, own.rootDir) } : {}),
  };
}

/**
 * Where a tsconfig puts its build output and where that output's sources are (`outDir`, `rootDir`;
 * absolute, '/'-separated), following relative `extends` as {@link readPathConfig} does. Undefined
 * without an `outDir`.
 */
export function readOutputDirs(configPath: string): { readonly outDir: string; readonly rootDir?: string } | undefined {
  const options = readOptions(configPath, 0);
  if (!options?.outDir) return undefined;
  return { outDir: toSlash(options.outDir), ...(options.rootDir ? { rootDir: toSlash(options.rootDir) } : {}) };
}
