import { DECL_STRIDE, declarationAt, type StoredFile } from './storedFile';
import { POSITION_COLUMN_SPAN, type Declaration } from './types';

/* The index's symbol queries, over its files in path order (WorkspaceIndex.allFiles()). */

export interface SymbolHit extends Declaration {
  readonly path: string;
}

export interface Location {
  readonly path: string;
  readonly line: number;
  readonly column: number;
}

/** Symbols whose name matches: exact first, then prefix, then substring (case-insensitive). */
export function findSymbols(files: readonly StoredFile[], query: string, limit: number): SymbolHit[] {
  const q = query.toLowerCase();
  if (!q) return [];
  const hits: { score: number; hit: SymbolHit }[] = [];
  for (const f of files) {
    f.declNames.forEach((name, i) => {
      const lower = name.toLowerCase();
      const at = lower.indexOf(q);
      if (at === -1) return;
      const score = name === query ? 0 : lower === q ? 1 : at === 0 ? 2 : 3;
      hits.push({ score, hit: { ...declarationAt(f, i), path: f.path } });
    });
  }
  hits.sort((a, b) => a.score - b.score || a.hit.name.length - b.hit.name.length || compareHits(a.hit, b.hit));
  return hits.slice(0, limit).map((h) => h.hit);
}

/** Where a name is declared, given the indexes into `files` of the files declaring it. */
export function definitionsIn(files: readonly StoredFile[], definers: readonly number[], name: string): SymbolHit[] {
  const out: SymbolHit[] = [];
  for (const fileIndex of definers) {
    const f = files[fileIndex] as StoredFile;
    f.declNames.forEach((n, i) => {
      if (n === name) out.push({ ...declarationAt(f, i), path: f.path });
    });
  }
  return out.sort(compareHits);
}

/** Where a name is used (identifier occurrences, by name: the index does not type-check). */
export function referencesTo(files: readonly StoredFile[], name: string, limit: number): Location[] {
  const out: Location[] = [];
  for (const f of files) {
    const i = f.refNames.indexOf(name);
    if (i === -1) continue;
    const from = f.refIndex[i] ?? 0;
    const to = f.refIndex[i + 1] ?? from;
    for (let k = from; k < to && out.length < limit; k++) {
      const packed = f.refPositions[k] ?? 0;
      out.push({ path: f.path, line: Math.floor(packed / POSITION_COLUMN_SPAN), column: packed % POSITION_COLUMN_SPAN });
    }
    if (out.length >= limit) break;
  }
  return out;
}

/** The functions with the highest cyclomatic complexity. */
export function hotspots(files: readonly StoredFile[], limit: number): SymbolHit[] {
  const hits: SymbolHit[] = [];
  for (const f of files) {
    for (let i = 0; i < f.declNames.length; i++) {
      if ((f.declData[i * DECL_STRIDE + 5] ?? -1) > 1) hits.push({ ...declarationAt(f, i), path: f.path });
    }
  }
  hits.sort((a, b) => (b.complexity ?? 0) - (a.complexity ?? 0) || compareHits(a, b));
  return hits.slice(0, limit);
}

function compareHits(a: SymbolHit, b: SymbolHit): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
