import { dirname, resolve } from 'node:path';
import { EdgeBuffer, RowComputer, commonNameFactor, declaredNames, isGlobalDeclarations, LANGUAGE_NAMES, MAX_DEFINERS, type GraphState } from './referenceGraphRows';
import type { BuiltGraph, ReferenceGraph } from './referenceGraphTypes';
import type { StoredFile } from './storedFile';
import { toSlash } from './workspaceFiles';
import type { WorkspaceIndex } from './workspaceIndex';

/*
 * After an index change, patches the previous reference graph instead of building it afresh. A row (a file's
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

/**
 * When more than this share of the files changed since the last graph, rebuilding is about as
 * cheap as patching (most rows would be recomputed anyway), and simpler: build from scratch.
 */
const FULL_REBUILD_SHARE = 0.25;
const FULL_REBUILD_MIN_FILES = 8;

/** The incremental path; undefined when so much changed that a full build is the better deal. */
export function patchGraph(index: WorkspaceIndex, files: readonly StoredFile[], previous: BuiltGraph): BuiltGraph | undefined {
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
    // Bare specifiers resolve only through a config governing the file or a workspace package; without either they name dependencies.
    const configDirs = index.resolutionConfigs.map((c) => c.dir + '/');
    const anyPackage = index.workspacePackages.length > 0;
    for (let j = 0; j < n; j++) {
      if (resolved[j]) continue;
      const f = files[j] as StoredFile;
      const governed = anyPackage || configDirs.some((d) => f.path.startsWith(d));
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
