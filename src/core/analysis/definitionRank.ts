import { nameEdgesOf, patchBasisOf } from './referenceGraph';
import { LANGUAGE_NAMES } from './referenceGraphRows';
import type { ReferenceGraph } from './referenceGraphTypes';
import type { StoredFile } from './storedFile';
import type { WorkspaceIndex } from './workspaceIndex';

/** (file node, name it declares) pairs and the rank each received, in parallel columns, in the order first reached. */
export interface DefinitionRanks {
  readonly nodes: readonly number[];
  readonly names: readonly string[];
  readonly ranks: Float64Array;
}

/**
 * Ranks definitions rather than files, as Aider's repo map does: the rank a source file sends along
 * an out-edge (its rank × the edge's share of its out-weight) is shared among the names the edge
 * stands for, in proportion to what each adds to the edge in the graph. So a large file that ranks
 * well because the anchors use two of its names passes that rank to those two, not to everything it
 * declares. Only `sources` send rank (the best-ranked files, where the anchored damping keeps most of
 * the mass), which bounds the work however large the workspace. The names come from each file's
 * stored reference and declaration columns: no source is read again.
 */
export function rankDefinitions(
  index: WorkspaceIndex,
  graph: ReferenceGraph,
  rank: Float64Array,
  sources: readonly number[],
  /** Source → target → rank the request sends along that edge beyond the graph's share (an anchor's imports). */
  extra: ReadonlyMap<number, ReadonlyMap<number, number>> = new Map(),
): DefinitionRanks {
  const files = index.allFiles();
  const n = files.length;
  const nodes: number[] = [];
  const names: string[] = [];
  let ranks = new Float64Array(1024);
  /** Node → name → pair index. */
  const pairsOf: (Map<string, number> | undefined)[] = new Array<Map<string, number> | undefined>(n);
  const credit = (dst: number, name: string, amount: number): void => {
    let pairs = pairsOf[dst];
    if (!pairs) pairsOf[dst] = pairs = new Map();
    let at = pairs.get(name);
    if (at === undefined) {
      at = nodes.length;
      pairs.set(name, at);
      nodes.push(dst);
      names.push(name);
      if (at === ranks.length) {
        const grown = new Float64Array(ranks.length * 2);
        grown.set(ranks);
        ranks = grown;
      }
    }
    ranks[at] = (ranks[at] as number) + amount;
  };

  // Per target of the source at hand: the sum of its name edges' weights, then the rank per unit of weight.
  const perWeight = new Float64Array(n);
  for (const src of sources) {
    const r = rank[src] ?? 0;
    const out = graph.outWeight[src] ?? 0;
    if (!(r > 0 && out > 0)) continue;
    const row = nameEdgeRow(index, graph, src);
    for (let k = 0; k < row.targets.length; k++) {
      const dst = row.targets[k] as number;
      perWeight[dst] = (perWeight[dst] as number) + (row.weights[k] as number);
    }
    const seeded = extra.get(src);
    for (let e = graph.offsets[src] as number, end = graph.offsets[src + 1] as number; e < end; e++) {
      const dst = graph.targets[e] as number;
      const mass = (r * (graph.weights[e] as number)) / out + (seeded?.get(dst) ?? 0);
      const sum = perWeight[dst] as number;
      if (sum > 0) {
        perWeight[dst] = mass / sum;
        continue;
      }
      // An import with no name edge beside it: the names it brings in have too many definers to make
      // edges of their own, but the import says which file these uses mean.
      const imported = importedNames(files[src] as StoredFile, files[dst] as StoredFile);
      let total = 0;
      for (const w of imported.values()) total += w;
      for (const [name, w] of imported) credit(dst, name, (mass * w) / total);
    }
    for (let k = 0; k < row.targets.length; k++) {
      const dst = row.targets[k] as number;
      credit(dst, row.names[k] as string, (row.weights[k] as number) * (perWeight[dst] as number));
    }
    for (const dst of row.targets) perWeight[dst] = 0;
  }
  return { nodes, names, ranks: ranks.subarray(0, nodes.length) };
}

/** A source's name edges, one entry per (name, definer): what nameEdgesOf reports, in columns. */
interface NameEdgeRow {
  readonly targets: Int32Array;
  readonly names: readonly string[];
  readonly weights: Float64Array;
}

/**
 * Name-edge rows per graph: a row depends on the graph's version alone, and consecutive requests
 * send rank from mostly the same files; a patched graph starts from its predecessor's rows, less the
 * ones the patch recomputed. Bounded: cleared when full.
 */
const rowCache = new WeakMap<ReferenceGraph, Map<number, NameEdgeRow>>();
const ROW_CACHE_LIMIT = 2000;

function nameEdgeRow(index: WorkspaceIndex, graph: ReferenceGraph, src: number): NameEdgeRow {
  let rows = rowCache.get(graph);
  if (!rows) {
    rows = new Map();
    // After a patch that kept every node in place, the rows it did not recompute are unchanged.
    const basis = patchBasisOf(index, graph);
    const before = basis ? rowCache.get(basis.graph) : undefined;
    if (basis && before) for (const [src, row] of before) if (!basis.dirtyRows[src]) rows.set(src, row);
    rowCache.set(graph, rows);
  }
  const known = rows.get(src);
  if (known) return known;
  const targets: number[] = [];
  const names: string[] = [];
  const weights: number[] = [];
  nameEdgesOf(index, src, (dst, name, weight) => {
    targets.push(dst);
    names.push(name);
    weights.push(weight);
  });
  const row = { targets: Int32Array.from(targets), names, weights: Float64Array.from(weights) };
  if (rows.size >= ROW_CACHE_LIMIT) rows.clear();
  rows.set(src, row);
  return row;
}

const byName = new WeakMap<StoredFile, ReadonlyMap<string, readonly number[]>>();
const useCounts = new WeakMap<StoredFile, ReadonlyMap<string, number>>();

/** A file's declarations by name (indexes, ascending). Depends on the file alone, so it is kept per stored file. */
export function declarationsByName(f: StoredFile): ReadonlyMap<string, readonly number[]> {
  const known = byName.get(f);
  if (known) return known;
  const map = new Map<string, number[]>();
  f.declNames.forEach((name, i) => {
    const list = map.get(name);
    if (list) list.push(i);
    else map.set(name, [i]);
  });
  byName.set(f, map);
  return map;
}

function usesOf(f: StoredFile): ReadonlyMap<string, number> {
  const known = useCounts.get(f);
  if (known) return known;
  const map = new Map<string, number>();
  f.refNames.forEach((name, k) => map.set(name, (f.refIndex[k + 1] ?? 0) - (f.refIndex[k] ?? 0)));
  useCounts.set(f, map);
  return map;
}

/** Top-level names `to` declares that `from` uses, weighted like a name edge's first factor (√uses). */
function importedNames(from: StoredFile, to: StoredFile): Map<string, number> {
  const uses = usesOf(from);
  const declared = declarationsByName(to);
  const out = new Map<string, number>();
  const take = (name: string, count: number, decls: readonly number[]): void => {
    if (count > 0 && !LANGUAGE_NAMES.has(name) && decls.some((i) => !to.declContainers[i])) out.set(name, Math.sqrt(count));
  };
  // Walk the smaller side: a file importing a large declaration file uses few of its names.
  if (uses.size < declared.size) {
    for (const [name, count] of uses) {
      const decls = declared.get(name);
      if (decls) take(name, count, decls);
    }
  } else {
    for (const [name, decls] of declared) take(name, uses.get(name) ?? 0, decls);
  }
  return out;
}
