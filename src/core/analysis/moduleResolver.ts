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
