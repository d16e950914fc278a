import * as ts from 'typescript';

interface Importer {
  readonly file: string;
  /** `export … from` the module: what the module exports is part of this file's own exports. */
  readonly reexports: boolean;
}

/**
 * Who imports whom in a program: each import and re-export of the program's own files resolved with
 * the program's options, resolution mode and host (so `paths`, extensions and the Node16 rules apply as
 * tsc applies them), without a type checker, which would cost a full bind. Files of external libraries
 * and declaration files are not importers a change can break in a way that counts.
 */
export class ImportGraph {
  private constructor(private readonly importers: ReadonlyMap<string, readonly Importer[]>) {}

  static of(program: ts.Program, host: ts.ModuleResolutionHost): ImportGraph {
    const options = program.getCompilerOptions();
    const cache = ts.createModuleResolutionCache(program.getCurrentDirectory(), (name) => (ts.sys.useCaseSensitiveFileNames ? name : name.toLowerCase()), options);
    const importers = new Map<string, Importer[]>();
    for (const file of program.getSourceFiles()) {
      if (file.isDeclarationFile || program.isSourceFileFromExternalLibrary(file)) continue;
      for (const statement of file.statements) {
        const specifier = moduleSpecifierOf(statement);
        if (!specifier || !ts.isStringLiteralLike(specifier)) continue;
        const mode = program.getModeForUsageLocation(file, specifier);
        const resolved = ts.resolveModuleName(specifier.text, file.fileName, options, host, cache, undefined, mode).resolvedModule;
        const targetFile = resolved?.resolvedFileName;
        if (!targetFile || resolved.isExternalLibraryImport || targetFile === file.fileName) continue;
        const list = importers.get(targetFile) ?? [];
        list.push({ file: file.fileName, reexports: ts.isExportDeclaration(statement) });
        importers.set(targetFile, list);
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

function moduleSpecifierOf(statement: ts.Statement): ts.Expression | undefined {
  if (ts.isImportDeclaration(statement)) return statement.moduleSpecifier;
  if (ts.isExportDeclaration(statement)) return statement.moduleSpecifier;
  if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) return statement.moduleReference.expression;
  return undefined;
}
