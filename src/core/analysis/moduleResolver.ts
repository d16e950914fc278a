import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { readJsonc } from './readJsonc';
import { packageOf, packageTargets, packagesByName, type WorkspacePackage } from './workspacePackages';
import { toSlash } from './workspaceFiles';

/** What a tsconfig/jsconfig contributes to resolution, with its paths made absolute. */
export interface PathConfig {
  /** The folder whose files the config governs. */
  readonly dir: string;
  readonly baseUrl?: string;
  /** Pattern (at most one `*`) to absolute targets. */
  readonly paths: readonly { readonly pattern: string; readonly targets: readonly string[] }[];
}

const compilerOptionsSchema = z
  .object({
    baseUrl: z.string().optional(),
    paths: z.record(z.string(), z.array(z.string())).optional(),
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
}

/**
 * Reads a tsconfig/jsconfig (comments and trailing commas allowed, as TypeScript allows them),
 * following relative `extends`. A config that cannot be read contributes nothing.
 */
export function readPathConfig(configPath: string): PathConfig | undefined {
  const options = readOptions(configPath, 0);
  if (!options || (!options.baseUrl && !options.paths)) return undefined;
  const paths = Object.entries(options.paths ?? {}).map(([pattern, targets]) => ({
    pattern,
    targets: targets.map((t) => toSlash(resolve(options.baseUrl ?? options.pathsBase ?? dirname(configPath), t))),
  }));
  return { dir: toSlash(dirname(configPath)), ...(options.baseUrl ? { baseUrl: toSlash(options.baseUrl) } : {}), paths };
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
  };
}

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.mts', '.d.mts', '.cts', '.d.cts', '.js', '.jsx', '.mjs', '.cjs'];
const JS_TO_TS: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx', '.d.ts'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts', '.d.mts'],
  '.cjs': ['.cts', '.d.cts'],
};

/**
 * Resolves import specifiers to indexed files, without touching the disk: the index's file set is
 * the truth. Relative and absolute paths; a bare specifier through the tsconfig governing the file
 * (`paths`, `baseUrl`), else through the workspace package it names (see workspacePackages.ts).
 */
export class ModuleResolver {
  private readonly configs: PathConfig[];
  private readonly packages: ReadonlyMap<string, WorkspacePackage>;

  constructor(
    private readonly hasFile: (path: string) => boolean,
    configs: readonly PathConfig[],
    packages: readonly WorkspacePackage[] = [],
  ) {
    this.packages = packagesByName(packages);
    // Deepest first, so the nearest config governs a file.
    this.configs = [...configs].sort((a, b) => b.dir.length - a.dir.length || (a.dir < b.dir ? -1 : 1));
  }

  resolve(fromFile: string, specifier: string): string | undefined {
    if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
      return this.probe(toSlash(resolve(dirname(fromFile), specifier)));
    }
    if (specifier.startsWith('/')) return this.probe(toSlash(resolve(specifier)));
    const config = this.configs.find((c) => fromFile.startsWith(c.dir + '/'));
    return (config && this.throughConfig(config, specifier)) ?? this.throughPackage(specifier);
  }

  private throughPackage(specifier: string): string | undefined {
    const named = packageOf(this.packages, specifier);
    if (!named) return undefined;
    for (const target of packageTargets(named.pkg, named.subpath)) {
      const hit = this.probe(target);
      if (hit) return hit;
    }
    return undefined;
  }

  private throughConfig(config: PathConfig, specifier: string): string | undefined {
    for (const { pattern, targets } of config.paths) {
      const star = pattern.indexOf('*');
      let captured: string | undefined;
      if (star === -1) captured = pattern === specifier ? '' : undefined;
      else {
        const prefix = pattern.slice(0, star);
        const suffix = pattern.slice(star + 1);
        if (specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix)) {
          captured = specifier.slice(prefix.length, specifier.length - suffix.length);
        }
      }
      if (captured === undefined) continue;
      for (const target of targets) {
        const hit = this.probe(target.replace('*', captured));
        if (hit) return hit;
      }
    }
    if (config.baseUrl) return this.probe(toSlash(resolve(config.baseUrl, specifier)));
    return undefined;
  }

  private probe(base: string): string | undefined {
    if (this.hasFile(base)) return base;
    const dot = base.lastIndexOf('.');
    const ext = dot > base.lastIndexOf('/') ? base.slice(dot) : '';
    for (const tsExt of JS_TO_TS[ext] ?? []) {
      const candidate = base.slice(0, dot) + tsExt;
      if (this.hasFile(candidate)) return candidate;
    }
    for (const e of SOURCE_EXTENSIONS) if (this.hasFile(base + e)) return base + e;
    for (const e of SOURCE_EXTENSIONS) if (this.hasFile(base + '/index' + e)) return base + '/index' + e;
    return undefined;
  }
}
