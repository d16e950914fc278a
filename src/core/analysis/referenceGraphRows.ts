import type { StoredFile } from './storedFile';

/*
 * The one definition of a graph row (a file's out-edges): the weights of name edges and import
 * edges, used by full builds and patches alike (referenceGraphBuilder.ts, referenceGraphPatch.ts)
 * and by the repo map, which shares a file's rank among the names its edges stand for.
 */

/** A name declared in more files than this says little about which one a use means. */
export const MAX_DEFINERS = 24;
const IMPORT_EDGE_WEIGHT = 1;
/**
 * A global declaration file (a .d.ts with no import or export, like lib.es5.d.ts or a vendored
 * globals file) declares names every file uses without choosing to (Number, Promise, Error…).
 * Name edges into it count for this much; an explicit import still counts in full. Without it a
 * workspace holding such a file ranks it above the modules a selection really depends on.
 */
const GLOBAL_DECLARATIONS_FACTOR = 0.02;
/**
 * A use of a name that a file declares only as a class or interface member (`options`, `parse`,
 * `message`…) says little about that file: large libraries declare hundreds of such members and
 * would otherwise collect edges from every file. Top-level declarations count in full.
 */
const MEMBER_ONLY_FACTOR = 0.1;
/**
 * Names that are language values, not project symbols, whatever a file may declare (a library
 * exporting `undefined` or `NaN` would otherwise collect an edge from every file).
 */
export const LANGUAGE_NAMES: ReadonlySet<string> = new Set(['undefined', 'NaN', 'Infinity', 'globalThis', 'arguments', 'eval', 'this', 'super']);
/**
 * Inverse document frequency, coarsely: a name used in more than this share of the files (`map`,
 * `value`, `length`…) is generic, and its edges shrink in proportion. Applies from this many files.
 */
const COMMON_NAME_SHARE = 0.1;
const COMMON_NAME_MIN_FILES = 20;
/**
 * The common-name factor moves in quarter-octave steps (rounded in log space, so at most 9% off the
 * exact ratio). An exact ratio changes with every file added or removed (the share's denominator) and
 * with every first or last use of the name, and each change re-weights the edges of every file using
 * the name — thousands of rows for names like `Object` or `require`. In steps, the graph stays an exact
 * function of the index content (an incremental build equals a full one) and such changes are rare.
 */
const COMMON_NAME_STEPS = 4;

/**
 * What the next incremental build needs from the last one. It belongs to one graph (the newest of
 * an index) and the next build takes it over and updates it in place, so it is never shared.
 */
export interface GraphState {
  readonly files: readonly StoredFile[];
  /** The import resolution settings the imports were resolved with. */
  readonly configKey: string;
  /** Name → its definers, each entry `node * 2 + (declared at the top level ? 1 : 0)`, ascending. */
  readonly definers: Map<string, number[]>;
  /** Name → how many files use it. */
  readonly usedIn: Map<string, number>;
  /** Node → the indexed files it imports. */
  readonly imports: (readonly string[])[];
  /** Node → 1 when it is a global declaration file. */
  readonly global: Uint8Array;
}

function nameWeight(name: string, definerCount: number): number {
  let w = 1;
  if (name.length >= 8) w *= 2;
  if (name.startsWith('_')) w *= 0.1;
  if (definerCount > 5) w *= 0.1;
  return w / definerCount;
}

/** How much a name's edges count given how many of `files` files use it (1 for all but the most common names). */
export function commonNameFactor(usedIn: number, files: number): number {
  if (files < COMMON_NAME_MIN_FILES) return 1;
  const share = usedIn / files;
  if (share <= COMMON_NAME_SHARE) return 1;
  return 2 ** (Math.round(Math.log2(COMMON_NAME_SHARE / share) * COMMON_NAME_STEPS) / COMMON_NAME_STEPS);
}

export function isGlobalDeclarations(f: StoredFile): boolean {
  return f.path.endsWith('.d.ts') && f.importSpecifiers.length === 0 && f.exports.length === 0;
}

/** Names a file declares → 1 when at least one of its declarations of it is top-level (not a member). */
export function declaredNames(f: StoredFile): Map<string, number> {
  const names = new Map<string, number>();
  f.declNames.forEach((name, i) => {
    if (!f.declContainers[i]) names.set(name, 1);
    else if (!names.has(name)) names.set(name, 0);
  });
  return names;
}

/** One name's share of a name edge: `dst` declares `name`, which the source file uses, and `weight` is what it adds to the edge. */
export type NameEdgeVisitor = (dst: number, name: string, weight: number) => void;

/**
 * The name edges of node `src` one name at a time, for the repo map, which shares the rank a file
 * sends along an edge among the names the edge stands for, and for RowComputer.compute, which sums
 * them per target (plus IMPORT_EDGE_WEIGHT for an import) into the graph's edge weights.
 */
export function forEachNameEdge(state: GraphState, src: number, visit: NameEdgeVisitor): void {
  const { files, definers, usedIn, global } = state;
  const f = files[src] as StoredFile;
  const n = files.length;
  const names = f.refNames;
  for (let k = 0; k < names.length; k++) {
    const name = names[k] as string;
    const defs = definers.get(name);
    if (!defs || defs.length > MAX_DEFINERS || LANGUAGE_NAMES.has(name)) continue;
    const uses = (f.refIndex[k + 1] ?? 0) - (f.refIndex[k] ?? 0);
    const w = Math.sqrt(uses) * nameWeight(name, defs.length) * commonNameFactor(usedIn.get(name) ?? 0, n);
    for (const e of defs) {
      const dst = e >> 1;
      if (dst === src) continue;
      let edge = global[dst] ? w * GLOBAL_DECLARATIONS_FACTOR : w;
      if (!(e & 1)) edge *= MEMBER_ONLY_FACTOR;
      visit(dst, name, edge);
    }
  }
}

/** A growable pair of edge columns. */
export class EdgeBuffer {
  targets: Int32Array;
  weights: Float64Array;
  length = 0;

  constructor(capacity: number) {
    this.targets = new Int32Array(capacity);
    this.weights = new Float64Array(capacity);
  }

  reserve(extra: number): void {
    if (this.length + extra <= this.targets.length) return;
    const capacity = Math.max(this.length + extra, this.targets.length * 2);
    const targets = new Int32Array(capacity);
    targets.set(this.targets.subarray(0, this.length));
    const weights = new Float64Array(capacity);
    weights.set(this.weights.subarray(0, this.length));
    this.targets = targets;
    this.weights = weights;
  }
}

/** Computes graph rows from a state: the one definition of an edge, for full and incremental builds alike. */
export class RowComputer {
  private readonly n: number;
  /** Scratch for one row: weight per target, whether it has one, and which targets it touched. */
  private readonly acc: Float64Array;
  private readonly seen: Uint8Array;
  private readonly touched: Int32Array;

  constructor(
    private readonly state: GraphState,
    private readonly positions: ReadonlyMap<string, number>,
  ) {
    this.n = state.files.length;
    this.acc = new Float64Array(this.n);
    this.seen = new Uint8Array(this.n);
    this.touched = new Int32Array(this.n);
  }

  /** Appends the row of node `src` to `out` (targets ascending) and returns its total weight. */
  compute(src: number, out: EdgeBuffer): number {
    const { imports } = this.state;
    const { acc, seen, touched } = this;
    let count = 0;
    const add = (dst: number, w: number): void => {
      if (!seen[dst]) {
        seen[dst] = 1;
        touched[count++] = dst;
      }
      acc[dst] = (acc[dst] as number) + w;
    };
    forEachNameEdge(this.state, src, (dst, _name, edge) => add(dst, edge));
    for (const target of imports[src] ?? []) {
      const dst = this.positions.get(target);
      if (dst !== undefined && dst !== src) add(dst, IMPORT_EDGE_WEIGHT);
    }
    // Sorted targets keep the float sums, and so the ranking, identical run to run.
    const row = touched.subarray(0, count).sort();
    out.reserve(count);
    let total = 0;
    for (let k = 0; k < count; k++) {
      const dst = row[k] as number;
      const w = acc[dst] as number;
      out.targets[out.length + k] = dst;
      out.weights[out.length + k] = w;
      total += w;
      acc[dst] = 0;
      seen[dst] = 0;
    }
    out.length += count;
    return total;
  }
}
