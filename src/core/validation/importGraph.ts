import { posix } from 'node:path';
import * as ts from 'typescript';

interface Importer {
  readonly file: string;
  /** `export … from` the module: what the module exports is part of this file's own exports. */
  readonly reexports: boolean;
}

export interface ImportSource {
  /** The file's text on disk (before any change). */
  diskText(path: string): string | undefined;
}

/**
 * Who imports whom among the project's own files. Each file is only pre-processed (ts.preProcessFile,
 * a scan of its import and export specifiers, no parse) and each specifier resolved with the project's
 * options, the file's module format and the language service's host (so `paths`, extensions and the
 * Node16 rules apply as tsc applies them). This is what lets a validation build a program of the
 * changed files and their importers only, instead of parsing the whole project and its packages.
 */
export class ImportGraph {
  private constructor(
    private readonly importers: ReadonlyMap<string, readonly Importer[]>,
    /**
     * Imports of the project's own modules (relative, or through a `paths` alias) that resolve to no
     * file on disk, by the module path they name (no extension): a person may write the import first
     * and ask for the module next, and creating it must check them.
     */
    private readonly waiting: ReadonlyMap<string, readonly Importer[]>,
  ) {}

  static scan(files: readonly string[], options: ts.CompilerOptions, host: ts.ModuleResolutionHost & ImportSource, currentDirectory: string): ImportGraph {
    const canonical = (name: string): string => (ts.sys.useCaseSensitiveFileNames ? name : name.toLowerCase());
    const cache = ts.createModuleResolutionCache(currentDirectory, canonical, options);
    const importers = new Map<string, Importer[]>();
    const waiting = new Map<string, Importer[]>();
    const add = (map: Map<string, Importer[]>, key: string, importer: Importer): void => {
      const list = map.get(key) ?? [];
      list.push(importer);
      map.set(key, list);
    };
    for (const file of files) {
      if (/\.d\.[cm]?ts$/.test(file)) continue;
      const text = host.diskText(file);
      if (text === undefined) continue;
      const mode = ts.getImpliedNodeFormatForFile(file, cache.getPackageJsonInfoCache(), host, options);
      const { importedFiles } = ts.preProcessFile(text, true, true);
      for (const imported of importedFiles) {
        // Packages cannot be changed by a change set; `paths` aliases are bare too, so only skip those without.
        if (!options.paths && !imported.fileName.startsWith('.') && !imported.fileName.startsWith('/')) continue;
        const resolved = ts.resolveModuleName(imported.fileName, file, options, host, cache, undefined, mode).resolvedModule;
        const target = resolved?.resolvedFileName;
        if (!target) {
          const importer = { file, reexports: reexports(text, imported.fileName) };
          for (const named of namedModules(file, imported.fileName, options)) add(waiting, named, importer);
          continue;
        }
        if (resolved.isExternalLibraryImport || target === file) continue;
        add(importers, target, { file, reexports: reexports(text, imported.fileName) });
      }
    }
    return new ImportGraph(importers, waiting);
  }

  /**
   * The files a change to `paths` can break without being changed: their importers, and, through a
   * file that re-exports a changed module (an index), that file's importers in turn.
   */
  affectedBy(paths: Iterable<string>): Set<string> {
    const affected = new Set<string>();
    const queue = [...paths];
    const expanded = new Set(queue);
    while (queue.length > 0) {
      const path = queue.shift()!;
      for (const importer of this.importersOf(path)) {
        affected.add(importer.file);
        if (importer.reexports && !expanded.has(importer.file)) {
          expanded.add(importer.file);
          queue.push(importer.file);
        }
      }
    }
    return affected;
  }

  /** Who imports `path`: those whose import resolved to it, and those whose import names it but found no file on disk: `./discount` or `./discount.js` for src/discount.ts, `./rates` for src/rates/index.ts. */
  private *importersOf(path: string): Iterable<Importer> {
    yield* this.importers.get(path) ?? [];
    if (this.waiting.size === 0) return;
    const module = withoutExtension(path);
    yield* this.waiting.get(module) ?? [];
    if (posix.basename(module) === 'index') yield* this.waiting.get(posix.dirname(module)) ?? [];
  }
}

const MODULE_EXTENSION = /\.(?:d\.)?[cm]?[jt]sx?$/;

function withoutExtension(path: string): string {
  return path.replace(MODULE_EXTENSION, '');
}

/**
 * The module paths (absolute, no extension) a specifier names from `file`: a relative one its own; a
 * bare one each target of the `paths` patterns it matches (`@app/*` → `./src/*`), as module resolution
 * would look there; none for a package.
 */
function namedModules(file: string, specifier: string, options: ts.CompilerOptions): string[] {
  const module = (absolute: string): string => withoutExtension(absolute.replace(/\/+$/, ''));
  if (specifier.startsWith('/')) return [module(posix.normalize(specifier))];
  if (specifier.startsWith('.')) return [module(posix.join(posix.dirname(file), specifier))];
  // Where `paths` targets are read from: baseUrl, else the tsconfig's folder (kept by the config parser).
  const base = options.baseUrl ?? (options as { pathsBasePath?: unknown }).pathsBasePath;
  if (!options.paths || typeof base !== 'string') return [];
  const named: string[] = [];
  for (const [pattern, targets] of Object.entries(options.paths)) {
    const star = pattern.indexOf('*');
    const prefix = star < 0 ? pattern : pattern.slice(0, star);
    const suffix = star < 0 ? '' : pattern.slice(star + 1);
    const matches = star < 0 ? specifier === pattern : specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix);
    if (!matches) continue;
    const captured = star < 0 ? '' : specifier.slice(prefix.length, specifier.length - suffix.length);
    for (const target of targets) named.push(module(posix.join(base.replace(/\\/g, '/'), target.replace('*', captured))));
  }
  return named;
}

/** Whether `text` has `export … from '<specifier>'` (the scan above does not say which kind of import it saw). */
function reexports(text: string, specifier: string): boolean {
  const quoted = specifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`export\\s[^;'"]*?from\\s*['"]${quoted}['"]`).test(text);
}
