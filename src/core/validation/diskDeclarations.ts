import { setImmediate as nextTurn } from 'node:timers/promises';
import * as ts from 'typescript';

/**
 * Each file's declaration output (.d.ts, as tsc's builder compares them) as it is on disk, kept until
 * a disk change, and the comparison with a change's: a file whose declarations read the same cannot
 * break its importers, and an unchanged file whose declarations read otherwise passes the change on.
 */
export class DiskDeclarations {
  /** Absolute path → .d.ts text; '' for a file with no declaration output (known, and unlike any output). */
  private readonly texts = new Map<string, string>();

  clear(): void {
    this.texts.clear();
  }

  /** Keeps each file's output in the service's current program, which must be the disk's. */
  remember(service: ts.LanguageService, files: readonly string[]): void {
    for (const file of files) {
      if (!this.texts.has(file)) this.texts.set(file, declarationOf(service, file) ?? '');
    }
  }

  /**
   * Of `files`, those whose output in the service's current program (the one with the change) reads
   * as on disk, with that text. A disk side not known yet is computed in the disk's program, which
   * `disk()` makes the service's: the caller builds the change's program again after.
   */
  async unchanged(service: ts.LanguageService, files: readonly string[], disk: () => void, signal: AbortSignal | undefined): Promise<Map<string, string>> {
    const after = new Map<string, string>();
    for (const file of files) {
      await nextTurn();
      signal?.throwIfAborted();
      after.set(file, declarationOf(service, file) ?? '');
    }
    const missing = files.filter((f) => !this.texts.has(f));
    if (missing.length > 0) {
      disk();
      this.remember(service, missing);
    }
    return new Map([...after].filter(([file, text]) => this.texts.get(file) === text));
  }
}

/** The file's .d.ts text in the service's current program (forced: the project may say noEmit), or undefined. */
function declarationOf(service: ts.LanguageService, file: string): string | undefined {
  // Under noEmit the output says emitSkipped yet holds the forced .d.ts: its presence is what counts.
  const output = service.getEmitOutput(file, true, true);
  return output.outputFiles.find((f) => /\.d\.[cm]?ts$/.test(f.name))?.text;
}

/** The files a .d.ts text imports (import declarations and `import("…")` types), resolved from `file`. */
export function declarationImports(file: string, text: string, options: ts.CompilerOptions, host: ts.ModuleResolutionHost): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.flatMap((imported) => {
    const resolved = ts.resolveModuleName(imported.fileName, file, options, host).resolvedModule?.resolvedFileName;
    return resolved ? [resolved] : [];
  });
}
