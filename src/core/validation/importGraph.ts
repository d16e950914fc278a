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
  private constructor(private readonly importers: ReadonlyMap<string, readonly Importer[]>) {}

  static scan(files: readonly string[], options: ts.CompilerOptions, host: ts.ModuleResolutionHost & ImportSource, currentDirectory: string): ImportGraph {
    const canonical = (name: string): string => (ts.sys.useCaseSensitiveFileNames ? name : name.toLowerCase());
    const cache = ts.createModuleResolutionCache(currentDirectory, canonical, options);
    const importers = new Map<string, Importer[]>();
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
        if (!target || resolved.isExternalLibraryImport || target === file) continue;
        const list = importers.get(target) ?? [];
        list.push({ file, reexports: reexports(text, imported.fileName) });
        importers.set(target, list);
      }
    }
    return new ImportGraph(importers);
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
      for (const importer of this.importers.get(path) ?? []) {
        affected.add(importer.file);
        if (importer.reexports && !expanded.has(importer.file)) {
          expanded.add(importer.file);
          queue.push(importer.file);
        }
      }
    }
    return affected;
  }
}

/** Whether `text` has `export … from '<specifier>'` (the scan above does not say which kind of import it saw). */
function reexports(text: string, specifier: string): boolean {
  const quoted = specifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`export\\s[^;'"]*?from\\s*['"]${quoted}['"]`).test(text);
}
