import { DECL_STRIDE, type StoredFile } from './storedFile';

/*
 * Tables the workspace index derives from its files; WorkspaceIndex caches each per version.
 */

/** Name → indexes into `files` of the files declaring it, each index once and in order. */
export function declaringFiles(files: readonly StoredFile[]): Map<string, number[]> {
  const map = new Map<string, number[]>();
  files.forEach((f, fileIndex) => {
    for (const name of f.declNames) {
      const list = map.get(name);
      if (!list) map.set(name, [fileIndex]);
      else if (list[list.length - 1] !== fileIndex) list.push(fileIndex);
    }
  });
  return map;
}

/** The import graph turned around: file → the files that import it. */
export function importersFrom(graph: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [from, targets] of graph) {
    for (const t of targets) {
      const list = map.get(t);
      if (list) list.push(from);
      else map.set(t, [from]);
    }
  }
  return map;
}

/** Declarations, lines, and files with syntax errors, summed over `files`. */
export function contentTotals(files: Iterable<StoredFile>): { symbols: number; lines: number; withErrors: number } {
  let symbols = 0;
  let lines = 0;
  let withErrors = 0;
  for (const f of files) {
    // Counted from the numeric column: a stored file decodes its strings only when a query needs them.
    symbols += f.declData.length / DECL_STRIDE;
    lines += f.lines[0];
    if (f.diagnostics.length) withErrors++;
  }
  return { symbols, lines, withErrors };
}
