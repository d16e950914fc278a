import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { referenceGraph, warmReferenceGraph } from '../../../src/core/analysis/referenceGraph';
import { buildGraph } from '../../../src/core/analysis/referenceGraphBuilder';
import type { ReferenceGraph } from '../../../src/core/analysis/referenceGraphTypes';
import { WorkspaceIndex } from '../../../src/core/analysis/workspaceIndex';
import { InProcessRunner } from '../../support/inProcessRunner';

function assertSameGraph(actual: ReferenceGraph, expected: ReferenceGraph, step: string): void {
  assert.deepEqual(actual.paths, expected.paths, `${step}: nodes`);
  assert.deepEqual(actual.offsets, expected.offsets, `${step}: offsets`);
  assert.deepEqual(actual.targets, expected.targets, `${step}: targets`);
  assert.deepEqual(actual.weights, expected.weights, `${step}: weights`);
}

describe('reference graph, warmed up in slices', () => {
  let root = '';
  let index: WorkspaceIndex;
  const write = (rel: string, text: string): void => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };

  beforeEach(async () => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'sb-warm-'))).replace(/\\/g, '/');
    write('src/store.ts', 'export class Store { get(key: string): string { return key; } }\nexport const store = new Store();\n');
    write('src/format.ts', 'export function format(value: number): string { return String(value); }\n');
    for (let i = 0; i < 20; i++) {
      write(`src/views/view${i}.ts`, `import { store } from '../store';\nimport { format } from '../format';\nexport function view${i}(): string { return format(${i}) + store.get('k'); }\n`);
    }
    index = new WorkspaceIndex({ folders: [root], runner: new InProcessRunner() });
    await index.build();
  });
  afterEach(() => {
    index.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('spreads the build over turns of the event loop and caches the graph that ranked maps then use', async () => {
    let pauses = 0;
    const ok = await warmReferenceGraph(index, {
      sliceMs: 0,
      filesPerStep: 2,
      pause: async () => {
        pauses++;
        await new Promise<void>((resolve) => setImmediate(resolve));
      },
    });
    assert.equal(ok, true);
    // 22 files, 2 per step, in two passes: about 22 pauses; one would mean it ran in a single block.
    assert.ok(pauses >= 10, `${pauses} pauses`);
    assert.ok(index.hasCached('referenceGraph'));
    const graph = referenceGraph(index);
    assert.equal(referenceGraph(index), graph, 'the warmed graph is the cached one');
    assert.equal(graph.version, index.version);
    assertSameGraph(graph, buildGraph(index).graph, 'warmed');
  });

  it('lets a ranked map asked for meanwhile finish the same build at once', async () => {
    let mapAsked: ReferenceGraph | undefined;
    const ok = await warmReferenceGraph(index, {
      sliceMs: 0,
      filesPerStep: 2,
      pause: async () => {
        // The person asks while the warm-up is half done.
        mapAsked ??= referenceGraph(index);
        await new Promise<void>((resolve) => setImmediate(resolve));
      },
    });
    assert.equal(ok, true);
    assert.ok(mapAsked);
    assert.equal(referenceGraph(index), mapAsked);
    assertSameGraph(mapAsked, buildGraph(index).graph, 'finished by the map');
  });

  it('stops when the index changes meanwhile, leaving no stale graph behind', async () => {
    let changed = false;
    const ok = await warmReferenceGraph(index, {
      sliceMs: 0,
      filesPerStep: 2,
      pause: async () => {
        if (changed) return;
        changed = true;
        write('src/format.ts', 'export function format(value: number): string { return String(value); }\nexport function pad(s: string): string { return s; }\n');
        await index.update([`${root}/src/format.ts`]);
      },
    });
    assert.equal(ok, false);
    assert.equal(index.hasCached('referenceGraph'), false);
    const graph = referenceGraph(index);
    assert.equal(graph.version, index.version);
    assertSameGraph(graph, buildGraph(index).graph, 'after the change');
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const ok = await warmReferenceGraph(index, { sliceMs: 0, filesPerStep: 2, signal: controller.signal, pause: async () => controller.abort() });
    assert.equal(ok, false);
    assert.equal(index.hasCached('referenceGraph'), false);
  });
});
