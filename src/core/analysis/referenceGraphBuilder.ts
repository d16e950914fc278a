import { dirname, resolve } from 'node:path';
import { toSlash } from './discovery';
import type { ReferenceGraph } from './referenceGraph';
import type { StoredFile } from './storedFile';
import type { WorkspaceIndex } from './workspaceIndex';

/*
 * Builds the reference graph, and after an index change patches the previous one. A row (a file's
 * out-edges) depends on the file's own names and imports, and for each name it uses on the name's
 * definers (how many, which, whether top-level, whether a global declaration file) and its
 * common-name factor. So a patch recomputes the rows of:
 *  - changed and added files;
 *  - the users of every name whose definers changed, or whose common-name factor changed (its use
 *    count moved, or the file count did), if the name makes edges before or after (1..MAX_DEFINERS
 *    definers, not a language name);
 *  - files whose imports resolve differently because a file appeared or went (checked by the last
 *    segment of each import, see importKeys).
 * Every other row is copied, its targets renumbered when files came or went. No statistic lags: the
 * patched graph equals a full build of the same content, edge for edge and weight for weight.
 * A change of the tsconfig `paths`/`baseUrl` or of more than a quarter of the files builds afresh.
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
 * When more than this share of the files changed since the last graph, rebuilding is about as
 * cheap as patching (most rows would be recomputed anyway), and simpler: build from scratch.
 */
const FULL_REBUILD_SHARE = 0.25;
const FULL_REBUILD_MIN_FILES = 8;

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

function isGlobalDeclarations(f: StoredFile): boolean {
  return f.path.endsWith('.d.ts') && f.importSpecifiers.length === 0 && f.exports.length === 0;
}

/** Names a file declares → 1 when at least one of its declarations of it is top-level (not a member). */
function declaredNames(f: StoredFile): Map<string, number> {
  const names = new Map<string, number>();
  f.declNames.forEach((name, i) => {
    if (!f.declContainers[i]) names.set(name, 1);
    else if (!names.has(name)) names.set(name, 0);
  });
  return names;
}

/**
 * The reference graph for the index's current content. With `previous` (the last graph of the same
 * index, whose state this call takes over) it recomputes only the rows the change can affect and
 * copies the rest; the result is identical to a build from scratch (the unit tests hold it to that).
 */
export function buildGraph(index: WorkspaceIndex, previous?: BuiltGraph): BuiltGraph {
  const steps = buildGraphSteps(index, previous);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Files handled between two pauses of a build in steps. */
const FILES_PER_STEP = 256;

/**
 * The same build as {@link buildGraph}, pausing (yielding) every few hundred files of a full build,
 * so that a caller can spread it over several turns of the event loop. A patch is quick and runs
 * in one step.
 */
export function* buildGraphSteps(index: WorkspaceIndex, previous?: BuiltGraph, filesPerStep = FILES_PER_STEP): Generator<void, BuiltGraph> {
  const files = index.allFiles();
  const configKey = JSON.stringify(index.resolutionConfigs);
  if (previous && previous.state.configKey === configKey) {
    const built = patchGraph(index, files, previous);
    if (built) return built;
  }
  return yield* fullBuild(index, files, configKey, Math.max(1, filesPerStep));
}

function* fullBuild(index: WorkspaceIndex, files: readonly StoredFile[], configKey: string, filesPerStep: number): Generator<void, BuiltGraph> {
  const n = files.length;
  const definers = new Map<string, number[]>();
  const usedIn = new Map<string, number>();
  const global = new Uint8Array(n);
  // The index's import table when it is already built; otherwise each file's imports are resolved
  // here, step by step, rather than the whole table at once before the first pause.
  const importGraph = index.hasCached('imports') ? index.importGraph() : undefined;
  const imports: (readonly string[])[] = new Array<readonly string[]>(n);
  for (let i = 0; i < n; i++) {
    if (i % filesPerStep === filesPerStep - 1) yield;
    const f = files[i] as StoredFile;
    for (const [name, top] of declaredNames(f)) {
      const list = definers.get(name);
      if (list) list.push(i * 2 + top);
      else definers.set(name, [i * 2 + top]);
    }
    for (const name of f.refNames) usedIn.set(name, (usedIn.get(name) ?? 0) + 1);
    global[i] = isGlobalDeclarations(f) ? 1 : 0;
    imports[i] = importGraph ? (importGraph.get(f.path) ?? []) : index.resolvedImports(f);
  }
  const state: GraphState = { files, configKey, definers, usedIn, imports, global };
  const positions = new Map(files.map((f, i) => [f.path, i] as const));
  const rows = new RowComputer(state, positions);
  const edges = new EdgeBuffer(1 << 16);
  const offsets = new Int32Array(n + 1);
  const outWeight = new Float64Array(n);
  for (let src = 0; src < n; src++) {
    if (src % filesPerStep === filesPerStep - 1) yield;
    offsets[src] = edges.length;
    outWeight[src] = rows.compute(src, edges);
  }
  offsets[n] = edges.length;
  const graph: ReferenceGraph = {
    version: index.version,
    paths: files.map((f) => f.path),
    positions,
    offsets,
    targets: edges.targets.slice(0, edges.length),
    weights: edges.weights.slice(0, edges.length),
    outWeight,
    buildKind: 'full',
    recomputedRows: n,
  };
  return { graph, state };
}

/** The incremental path; undefined when so much changed that a full build is the better deal. */
function patchGraph(index: WorkspaceIndex, files: readonly StoredFile[], previous: BuiltGraph): BuiltGraph | undefined {
  const { graph: old, state: prior } = previous;
  const oldFiles = prior.files;
  const n = files.length;
  const oldN = oldFiles.length;
  // Match old and new nodes by path (both lists are sorted the same way).
  const toNew = new Int32Array(oldN).fill(-1);
  const toOld = new Int32Array(n).fill(-1);
  const changed: { node: number; before: StoredFile }[] = [];
  const added: number[] = [];
  const removed: StoredFile[] = [];
  for (let i = 0, j = 0; i < oldN || j < n; ) {
    const a = oldFiles[i];
    const b = files[j];
    if (a && b && a.path === b.path) {
      toNew[i] = j;
      toOld[j] = i;
      // A new record with the same content hash (a touched file, a re-read stat) changes nothing.
      if (a !== b && !(a.hash && a.hash === b.hash)) changed.push({ node: j, before: a });
      i++;
      j++;
    } else if (a && (!b || a.path < b.path)) {
      removed.push(a);
      i++;
    } else {
      added.push(j);
      j++;
    }
  }
  if (changed.length + added.length + removed.length > Math.max(FULL_REBUILD_MIN_FILES, n * FULL_REBUILD_SHARE)) return undefined;

  const { definers, usedIn } = prior;
  const setChanged = added.length > 0 || removed.length > 0;
  /** Definer counts and use counts before this update, for the names it touches. */
  const definersBefore = new Map<string, number>();
  const usesBefore = new Map<string, number>();
  const affected = new Set<string>();
  const touchDefiners = (name: string): void => {
    if (!definersBefore.has(name)) definersBefore.set(name, definers.get(name)?.length ?? 0);
    affected.add(name);
  };
  const countUses = (f: StoredFile, delta: number): void => {
    for (const name of f.refNames) {
      const count = usedIn.get(name) ?? 0;
      if (!usesBefore.has(name)) usesBefore.set(name, count);
      if (count + delta === 0) usedIn.delete(name);
      else usedIn.set(name, count + delta);
    }
  };

  for (const f of removed) {
    for (const name of declaredNames(f).keys()) touchDefiners(name);
    countUses(f, -1);
  }
  let { imports, global } = prior;
  let positions = old.positions;
  if (setChanged) {
    // Renumber: the order is by path, so old nodes keep their relative order and sorted lists stay sorted.
    imports = new Array<readonly string[]>(n);
    global = new Uint8Array(n);
    for (let i = 0; i < oldN; i++) {
      const j = toNew[i] as number;
      if (j < 0) continue;
      imports[j] = prior.imports[i] as readonly string[];
      global[j] = prior.global[i] as number;
    }
    for (const [name, list] of definers) {
      let w = 0;
      for (const e of list) {
        const j = toNew[e >> 1] as number;
        if (j >= 0) list[w++] = j * 2 + (e & 1);
      }
      list.length = w;
      if (w === 0) definers.delete(name);
    }
    positions = new Map(files.map((f, i) => [f.path, i] as const));
  }
  const setDefiner = (name: string, node: number, entry: number | undefined): void => {
    let list = definers.get(name);
    if (!list) {
      if (entry === undefined) return;
      list = [];
      definers.set(name, list);
    }
    const at = list.findIndex((e) => e >> 1 >= node);
    const present = at >= 0 && (list[at] as number) >> 1 === node;
    if (entry === undefined) {
      if (present) list.splice(at, 1);
      if (list.length === 0) definers.delete(name);
    } else if (present) list[at] = entry;
    else if (at < 0) list.push(entry);
    else list.splice(at, 0, entry);
  };

  const dirty = new Uint8Array(n);
  /** Nodes whose imports were resolved in this version already. */
  const resolved = new Uint8Array(n);
  for (const { node, before } of changed) {
    const after = files[node] as StoredFile;
    const namesBefore = declaredNames(before);
    const namesAfter = declaredNames(after);
    const globalAfter = isGlobalDeclarations(after) ? 1 : 0;
    const globalChanged = globalAfter !== global[node];
    for (const name of new Set([...namesBefore.keys(), ...namesAfter.keys()])) {
      const top = namesAfter.get(name);
      if (!globalChanged && top === namesBefore.get(name)) continue;
      touchDefiners(name);
      setDefiner(name, node, top === undefined ? undefined : node * 2 + top);
    }
    global[node] = globalAfter;
    countUses(before, -1);
    countUses(after, 1);
    imports[node] = index.resolvedImports(after);
    resolved[node] = 1;
    dirty[node] = 1;
  }
  for (const node of added) {
    const f = files[node] as StoredFile;
    for (const [name, top] of declaredNames(f)) {
      touchDefiners(name);
      setDefiner(name, node, node * 2 + top);
    }
    global[node] = isGlobalDeclarations(f) ? 1 : 0;
    countUses(f, 1);
    imports[node] = index.resolvedImports(f);
    resolved[node] = 1;
    dirty[node] = 1;
  }

  // The common-name factor of a name moves with its use count, and of every name when the file count does.
  const factorChanged = (name: string, count: number): boolean => commonNameFactor(usesBefore.get(name) ?? count, oldN) !== commonNameFactor(count, n);
  if (n !== oldN) {
    for (const [name, count] of usedIn) if (factorChanged(name, count)) affected.add(name);
  }
  for (const name of usesBefore.keys()) if (factorChanged(name, usedIn.get(name) ?? 0)) affected.add(name);

  // A name moves edges only when some file's use of it makes an edge, before or after.
  const counts = (c: number): boolean => c >= 1 && c <= MAX_DEFINERS;
  const moving = new Set<string>();
  for (const name of affected) {
    const now = definers.get(name)?.length ?? 0;
    if (!LANGUAGE_NAMES.has(name) && (counts(now) || counts(definersBefore.get(name) ?? now))) moving.add(name);
  }
  // Find their users; the use counts say how many to look for (often none: a new name nobody uses yet).
  let uses = 0;
  for (const name of moving) uses += usedIn.get(name) ?? 0;
  for (let j = 0; j < n && uses > 0; j++) {
    for (const name of (files[j] as StoredFile).refNames) {
      if (moving.has(name)) {
        dirty[j] = 1;
        uses--;
      }
    }
  }
  // A file that appears or disappears can change what other files' imports resolve to.
  if (setChanged) {
    const stems = new Set<string>();
    for (const node of added) addStems(stems, (files[node] as StoredFile).path);
    for (const f of removed) addStems(stems, f.path);
    // Bare specifiers resolve only through a config governing the file; without one they name packages.
    const configDirs = index.resolutionConfigs.map((c) => c.dir + '/');
    for (let j = 0; j < n; j++) {
      if (resolved[j]) continue;
      const f = files[j] as StoredFile;
      const governed = configDirs.some((d) => f.path.startsWith(d));
      if (!mayResolveTo(f, stems, governed)) continue;
      const now = index.resolvedImports(f);
      const before = imports[j] as readonly string[];
      if (now.length !== before.length || now.some((t, k) => t !== before[k])) {
        imports[j] = now;
        dirty[j] = 1;
      }
    }
  }

  const state: GraphState = { files, configKey: prior.configKey, definers, usedIn, imports, global };
  const paths = setChanged ? files.map((f) => f.path) : old.paths;
  if (setChanged) {
    // By the rules above no clean row points at a removed file; should one, it is recomputed, not copied wrong.
    for (let j = 0; j < n; j++) {
      const i = toOld[j] as number;
      if (dirty[j] || i < 0) continue;
      for (let e = old.offsets[i] as number, end = old.offsets[i + 1] as number; e < end; e++) {
        if ((toNew[old.targets[e] as number] as number) < 0) {
          dirty[j] = 1;
          break;
        }
      }
    }
  }
  // Compute the changed rows aside first, so the new arrays are allocated once, at their exact size.
  const rows = new RowComputer(state, positions);
  const fresh = new EdgeBuffer(1024);
  const freshStart = new Int32Array(n + 1);
  const freshOut = new Float64Array(n);
  let total = 0;
  let recomputed = 0;
  for (let j = 0; j < n; j++) {
    freshStart[j] = fresh.length;
    const i = toOld[j] as number;
    if (dirty[j] || i < 0) {
      dirty[j] = 1;
      freshOut[j] = rows.compute(j, fresh);
      recomputed++;
    } else {
      total += (old.offsets[i + 1] as number) - (old.offsets[i] as number);
    }
  }
  freshStart[n] = fresh.length;
  total += fresh.length;
  const offsets = new Int32Array(n + 1);
  const targets = new Int32Array(total);
  const weights = new Float64Array(total);
  const outWeight = new Float64Array(n);
  let length = 0;
  for (let j = 0; j < n; ) {
    if (dirty[j]) {
      const start = freshStart[j] as number;
      const end = freshStart[j + 1] as number;
      offsets[j] = length;
      outWeight[j] = freshOut[j] as number;
      targets.set(fresh.targets.subarray(start, end), length);
      weights.set(fresh.weights.subarray(start, end), length);
      length += end - start;
      j++;
      continue;
    }
    // Clean rows come in long runs: copy each run at once.
    const i = toOld[j] as number;
    let stop = j + 1;
    while (stop < n && !dirty[stop] && toOld[stop] === i + (stop - j)) stop++;
    const from = old.offsets[i] as number;
    const to = old.offsets[i + (stop - j)] as number;
    if (setChanged) {
      for (let e = from, k = length; e < to; e++, k++) targets[k] = toNew[old.targets[e] as number] as number;
    } else {
      targets.set(old.targets.subarray(from, to), length);
    }
    weights.set(old.weights.subarray(from, to), length);
    outWeight.set(old.outWeight.subarray(i, i + (stop - j)), j);
    for (let k = j; k < stop; k++) offsets[k] = (old.offsets[i + (k - j)] as number) - from + length;
    length += to - from;
    j = stop;
  }
  offsets[n] = length;
  const graph: ReferenceGraph = { version: index.version, paths, positions, offsets, targets, weights, outWeight, buildKind: 'incremental', recomputedRows: recomputed };
  return setChanged ? { graph, state } : { graph, state, basis: { graph: old, dirtyRows: dirty } };
}

const SOURCE_EXTENSION = /\.(?:d\.)?[cm]?[jt]sx?$/;
const LAST_EXTENSION = /\.[cm]?[jt]sx?$/;
/** An import key for bare specifiers, which only `paths` and `baseUrl` resolve. */
const BARE = '\0bare';
/** An import key that any new or removed file may concern. */
const ANY = '\0any';

/** Names an import specifier could reach a file by: its name, without its extension, its folder's for an index file. */
function addStems(stems: Set<string>, path: string): void {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const stem = base.replace(SOURCE_EXTENSION, '');
  stems.add(base);
  stems.add(stem);
  stems.add(base.replace(LAST_EXTENSION, ''));
  if (stem === 'index') {
    const dir = path.slice(0, path.lastIndexOf('/'));
    stems.add(dir.slice(dir.lastIndexOf('/') + 1));
  }
}

const importKeyCache = new WeakMap<StoredFile, readonly string[]>();

/**
 * What a file's imports could resolve through, for telling whether a new or removed file may change
 * that: the last segment of each relative or absolute specifier's resolved base (the resolver probes
 * that base, with extensions, and its index file), with and without extension; BARE for a bare
 * specifier. Depends on the file alone, so it is kept per stored file.
 */
function importKeys(f: StoredFile): readonly string[] {
  let keys = importKeyCache.get(f);
  if (keys) return keys;
  const set = new Set<string>();
  const dir = dirname(f.path);
  for (const spec of f.importSpecifiers) {
    if (!spec.startsWith('.') && !spec.startsWith('/')) {
      set.add(BARE);
      continue;
    }
    const base = toSlash(resolve(dir, spec));
    const segment = base.slice(base.lastIndexOf('/') + 1);
    if (!segment) set.add(ANY);
    set.add(segment);
    set.add(segment.replace(SOURCE_EXTENSION, ''));
  }
  keys = [...set];
  importKeyCache.set(f, keys);
  return keys;
}

/** Whether `f`'s imports may resolve differently now that the files `stems` came from appeared or went. */
function mayResolveTo(f: StoredFile, stems: ReadonlySet<string>, governed: boolean): boolean {
  for (const key of importKeys(f)) {
    if (key === BARE ? governed : key === ANY || stems.has(key)) return true;
  }
  return false;
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
class EdgeBuffer {
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
class RowComputer {
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
