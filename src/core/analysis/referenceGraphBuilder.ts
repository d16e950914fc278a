import { patchGraph } from './referenceGraphPatch';
import { EdgeBuffer, RowComputer, declaredNames, isGlobalDeclarations, type GraphState } from './referenceGraphRows';
import type { BuiltGraph, ReferenceGraph } from './referenceGraphTypes';
import type { StoredFile } from './storedFile';
import type { WorkspaceIndex } from './workspaceIndex';

/* Builds the reference graph from scratch, or hands a change to referenceGraphPatch.ts. */

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
  const configKey = JSON.stringify([index.resolutionConfigs, index.workspacePackages]);
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
