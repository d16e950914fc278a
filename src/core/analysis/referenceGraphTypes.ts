import type { GraphState } from './referenceGraphRows';

/**
 * The file graph PageRank walks: an edge from A to B when A uses a name B declares (weighted by
 * how often, as in Aider's repo map) or imports B. Built from the index alone and cached per index
 * version: nothing a request mentions enters it, so requests never trigger a rescan. After an index
 * change the next graph is patched from the previous one (see referenceGraphBuilder.ts).
 */
export interface ReferenceGraph {
  readonly version: number;
  /** Node i is `index.allFiles()[i]`. */
  readonly paths: readonly string[];
  /** Path → node. */
  readonly positions: ReadonlyMap<string, number>;
  /** CSR adjacency: edges of node i are targets/weights[offsets[i] .. offsets[i + 1]). */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly weights: Float64Array;
  readonly outWeight: Float64Array;
  /** 'incremental' when patched from the previous version's graph, for tests and diagnostics. */
  readonly buildKind: 'full' | 'incremental';
  /** Rows computed for this graph (the others were copied from the previous one). */
  readonly recomputedRows: number;
}

/** A graph with the state the next one is patched from (see referenceGraphPatch.ts). */
export interface BuiltGraph {
  readonly graph: ReferenceGraph;
  readonly state: GraphState;
  /**
   * For a patch that kept every node where it was: the graph it was patched from and which rows it
   * recomputed. Per-row data derived from the old graph (the repo map's name-edge rows) stays valid
   * for the other rows. Only the newest graph holds this, so no chain of old graphs is kept alive.
   */
  readonly basis?: { readonly graph: ReferenceGraph; readonly dirtyRows: Uint8Array };
}
