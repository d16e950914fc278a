import { dirname, resolve } from 'node:path';
import type { PathConfig } from './tsconfigFile';
import { packageOf, packageTargets, packagesByName, type WorkspacePackage } from './workspacePackages';
import { toSlash } from './workspaceFiles';

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.mts', '.d.mts', '.cts', '.d.cts', '.js', '.jsx', '.mjs', '.cjs'];
const JS_TO_TS: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx', '.d.ts'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts', '.d.mts'],
  '.cjs': ['.cts', '.d.cts'],
};

/**
 * Resolves import specifiers to indexed files, without touching the disk: the index's file set is
 * the truth. Relative and absolute paths (a relative one also through the governing tsconfig's
 * `rootDirs`, as TypeScript merges those folders); a bare specifier through the tsconfig governing
 * the file (`paths`, `baseUrl`), else through the workspace package it names (workspacePackages.ts).
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
      const base = toSlash(resolve(dirname(fromFile), specifier));
      return this.probe(base) ?? this.throughRootDirs(this.governing(fromFile, (c) => c.rootDirs !== undefined), base);
    }
    if (specifier.startsWith('/')) return this.probe(toSlash(resolve(specifier)));
    // A config read for its rootDirs alone says nothing of bare specifiers.
    const config = this.governing(fromFile, (c) => c.baseUrl !== undefined || c.paths.length > 0 || c.rootDirs === undefined);
    return (config && this.throughConfig(config, specifier)) ?? this.throughPackage(specifier);
  }

  /** The nearest config above the file that says what `has` asks (a config that says nothing of it defers to the next). */
  private governing(file: string, has: (config: PathConfig) => boolean): PathConfig | undefined {
    return this.configs.find((c) => file.startsWith(c.dir + '/') && has(c));
  }

  /**
   * A relative import TypeScript finds in another of the `rootDirs`: the path it names, taken
   * relative to the (longest) root it lies under, tried under each root in the order written.
   */
  private throughRootDirs(config: PathConfig | undefined, base: string): string | undefined {
    const roots = config?.rootDirs;
    if (!roots) return undefined;
    let within: string | undefined;
    for (const root of roots) if ((base === root || base.startsWith(`${root}/`)) && (!within || root.length > within.length)) within = root;
    if (within === undefined) return undefined;
    const rest = base.slice(within.length);
    for (const root of roots) {
      if (root === within) continue;
      const hit = this.probe(root + rest);
      if (hit) return hit;
    }
    return undefined;
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
