import { workspaceRoots } from '../../../src/core/analysis/workspaceRoots';
import assert from 'node:assert/strict';
import { renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { cachedPageRank, definersOf, referenceGraph } from '../../../src/core/analysis/referenceGraph';
import { buildGraph } from '../../../src/core/analysis/referenceGraphBuilder';
import { commonNameFactor } from '../../../src/core/analysis/referenceGraphRows';
import type { ReferenceGraph } from '../../../src/core/analysis/referenceGraphTypes';
import { rankedContext, type Anchors } from '../../../src/core/analysis/repoMap';
import type { WorkspaceIndex } from '../../../src/core/analysis/workspaceIndex';
import { buildIndex, fixtureIndex, writeFixtureFile } from './fixtureIndex';

/**
 * 27 files: enough for the common-name damping to apply (`store` is used in most of them), with a
 * global declaration file, member-only names, an index file, a `paths` alias, relative imports, and
 * imports whose target changes when files appear (`../legacy/thing` prefers a .ts file to the .js
 * one, `@core/extra` a file in src/core to the one in src/fallback; `../util/helper.js` and
 * `../legacy/shapes` name files that do not exist yet), and a workspace package imported by name
 * (`@shop/pricing/rules/discount` names a file that does not exist yet).
 */
function project(): Record<string, string> {
  const files: Record<string, string> = {
    'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@core/*": ["src/core/*", "src/fallback/*"] } } }\n',
    'src/fallback/extra.ts': 'export const fallbackExtra = 1;\n',
    'types/globals.d.ts': 'declare function logLine(message: string): void;\ninterface Widget { size: number }\n',
    'src/core/store.ts': 'export class Store { get(key: string): string { return key; } set(key: string, value: string): void {} }\nexport const store = new Store();\n',
    'src/core/index.ts': "export { store } from './store';\nexport function coreVersion(): number { return 1; }\n",
    'src/util/format.ts': 'export function format(value: number): string { return String(value); }\n',
    'src/util/options.ts': 'export class Options { parse(text: string): number { return text.length; } verbose = false; }\n',
    'src/feature/alpha.ts': "import { store } from '@core/store';\nexport function alpha(): string { return store.get('a') + helperName(); }\n",
    'src/legacy/thing.js': 'module.exports = { legacyValue: 1 };\n',
    'src/feature/delta.ts': "import '../legacy/thing';\nimport '../legacy/shapes';\nimport { unusedHelper } from '../util/helper.js';\nexport const delta = 1;\n",
    'src/feature/epsilon.ts': "import '@core/extra';\nexport const epsilon = 1;\n",
    'src/feature/beta.ts': "import { coreVersion } from '../core';\nexport function beta(o: { parse(t: string): number }): number { return o.parse('x') + coreVersion(); }\n",
    // A workspace package, imported by its name: its index through `exports`, a rule through a `*` pattern into its build output.
    'packages/pricing/package.json': JSON.stringify({ name: '@shop/pricing', exports: { '.': './src/index.ts', './rules/*': { types: './dist/rules/*.d.ts', default: './dist/rules/*.js' } } }),
    'packages/pricing/src/index.ts': 'export function price(cents: number): number { return cents; }\n',
    'src/feature/zeta.ts': "import { price } from '@shop/pricing';\nimport { discount } from '@shop/pricing/rules/discount';\nexport const zeta = price(1) + discount(2);\n",
  };
  for (let i = 0; i < 14; i++) {
    files[`src/views/view${i}.ts`] =
      `import { store } from '../core/store';\nimport { format } from '../util/format';\n` +
      `export function view${i}(w: Widget): string { logLine('v'); return format(w.size) + store.get('k${i}'); }\n` +
      (i % 4 === 0 ? `export const parsed${i} = new Options().parse('${i}');\n` : '');
  }
  return files;
}

const ANCHORS: readonly Anchors[] = [
  {},
  { activeFile: 'src/views/view3.ts', mentionedNames: ['format'] },
  { activeFile: 'src/feature/alpha.ts', mentionedNames: ['helperName', 'store'] },
  { selection: { path: 'src/feature/beta.ts', startLine: 0, endLine: 1 } },
];

function assertSameGraph(actual: ReferenceGraph, expected: ReferenceGraph, step: string): void {
  assert.deepEqual(actual.paths, expected.paths, `${step}: nodes`);
  assert.deepEqual(actual.offsets, expected.offsets, `${step}: offsets`);
  assert.deepEqual(actual.targets, expected.targets, `${step}: targets`);
  assert.deepEqual(actual.weights, expected.weights, `${step}: weights`);
  assert.deepEqual(actual.outWeight, expected.outWeight, `${step}: out weights`);
  assert.deepEqual([...actual.positions], [...expected.positions], `${step}: positions`);
}

describe('reference graph, incremental', () => {
  let root = '';
  let index: WorkspaceIndex;
  let dispose = (): void => undefined;
  const abs = (rel: string): string => `${root}/${rel}`;
  const write = (rel: string, text: string): void => writeFixtureFile(root, rel, text);
  // What a file watcher would report: the change on disk, then the index told of it.
  const edit = async (rel: string, text: string): Promise<void> => {
    write(rel, text);
    await index.update([abs(rel)]);
  };
  const remove = (rel: string): void => {
    unlinkSync(join(root, rel));
    index.remove([abs(rel)]);
  };
  const move = async (from: string, to: string): Promise<void> => {
    renameSync(join(root, from), join(root, to));
    await index.rename(abs(from), abs(to));
  };
  const anchorsIn = (a: Anchors): Anchors => ({
    ...a,
    ...(a.activeFile ? { activeFile: abs(a.activeFile) } : {}),
    ...(a.selection ? { selection: { ...a.selection, path: abs(a.selection.path) } } : {}),
  });

  /** The patched graph equals a full build of the same index, and the maps equal those of a fresh index of the same folder. */
  async function assertMatchesFromScratch(step: string): Promise<ReferenceGraph> {
    const graph = referenceGraph(index);
    assert.equal(graph.version, index.version);
    assertSameGraph(graph, buildGraph(index).graph, step);
    const fresh = await buildIndex(root);
    try {
      assertSameGraph(graph, referenceGraph(fresh), `${step} (fresh index)`);
      for (const a of ANCHORS) {
        const patched = rankedContext(index, anchorsIn(a), { tokenBudget: 400, roots: workspaceRoots([root]) });
        const scratch = rankedContext(fresh, anchorsIn(a), { tokenBudget: 400, roots: workspaceRoots([root]) });
        assert.equal(patched.map, scratch.map, `${step}: map for ${JSON.stringify(a)}`);
        assert.deepEqual(patched.files, scratch.files, `${step}: ranks for ${JSON.stringify(a)}`);
      }
    } finally {
      fresh.dispose();
    }
    return graph;
  }

  beforeEach(async () => {
    ({ root, index, dispose } = await fixtureIndex('sb-graph-', project()));
  });
  afterEach(() => dispose());

  it('builds the first graph in full, and the damping for common names is in play', () => {
    const graph = referenceGraph(index);
    assert.equal(graph.buildKind, 'full');
    assert.equal(graph.recomputedRows, graph.paths.length);
    assert.ok(commonNameFactor(17, graph.paths.length) < 1, '`store` is used by most files');
  });

  it('patches the graph after each edit, add, delete and rename, and equals a build from scratch every time', async () => {
    const first = referenceGraph(index);
    const steps: { name: string; act: () => void | Promise<void> }[] = [
      { name: 'add a declaration others already use', act: () => edit('src/util/format.ts', 'export function format(value: number): string { return String(value); }\nexport function helperName(): string { return "h"; }\n') },
      { name: 'remove a declaration', act: () => edit('src/core/index.ts', "export { store } from './store';\n") },
      { name: 'change imports', act: () => edit('src/feature/beta.ts', "import { format } from '../util/format';\nimport { store } from '@core/store';\nexport function beta(): string { return format(1) + store.get('b'); }\n") },
      { name: 'turn a member into a top-level declaration', act: () => edit('src/util/options.ts', 'export class Options { verbose = false; }\nexport function parse(text: string): number { return text.length; }\n') },
      { name: 'make a global declaration file a module', act: () => edit('types/globals.d.ts', 'export declare function logLine(message: string): void;\nexport interface Widget { size: number }\n') },
      { name: 'delete a file others import', act: () => remove('src/util/format.ts') },
      { name: 'add a file that existing imports now resolve to', act: () => edit('src/util/format.ts', 'export function format(value: number): string { return value.toFixed(2); }\n') },
      { name: 'add a file that takes over an import from a .js file', act: () => edit('src/legacy/thing.ts', 'export const legacyValue = 2;\n') },
      { name: 'add a file an ESM-style import names with .js', act: () => edit('src/util/helper.ts', 'export const helperValue = 3;\n') },
      { name: 'add a declaration file an import names without extension', act: () => edit('src/legacy/shapes.d.ts', 'export interface Shape { sides: number }\n') },
      { name: 'add a file that takes over an alias import', act: () => edit('src/core/extra.ts', 'export const coreExtra = 1;\n') },
      { name: 'delete the file that took over the import', act: () => remove('src/legacy/thing.ts') },
      { name: "add a file a workspace package's export pattern now resolves to", act: () => edit('packages/pricing/src/rules/discount.ts', 'export function discount(cents: number): number { return cents; }\n') },
      { name: "delete a workspace package's file", act: () => remove('packages/pricing/src/index.ts') },
      { name: 'add a new file that uses common names', act: () => edit('src/feature/gamma.ts', "import { store } from '../core/store';\nexport function gamma(w: Widget): string { return store.get(String(w.size)) + format(2); }\n") },
      { name: 'rename a file others import', act: () => move('src/core/store.ts', 'src/core/state.ts') },
      { name: 'rename it back', act: () => move('src/core/state.ts', 'src/core/store.ts') },
    ];
    let previous = first;
    for (const step of steps) {
      const before = index.version;
      await step.act();
      assert.ok(index.version > before, `${step.name}: the index changed`);
      const graph = await assertMatchesFromScratch(step.name);
      assert.notEqual(graph, previous);
      assert.equal(graph.buildKind, 'incremental', `${step.name}: patched, not rebuilt`);
      assert.ok(graph.recomputedRows < graph.paths.length, `${step.name}: ${graph.recomputedRows} of ${graph.paths.length} rows recomputed`);
      previous = graph;
    }
    assert.deepEqual(definersOf(index, 'helperName'), [], 'its file was deleted and came back without it');
    assert.deepEqual(index.importersOf(abs('packages/pricing/src/rules/discount.ts')), [abs('src/feature/zeta.ts')], 'the package import resolved to the rule added');
    assert.deepEqual(definersOf(index, 'gamma'), index.definers().get('gamma'));
    assert.deepEqual(definersOf(index, 'format'), index.definers().get('format'));
  });

  it('recomputes only the edited row when an edit changes no declaration, import or name use', async () => {
    referenceGraph(index);
    await edit('src/views/view5.ts', "import { store } from '../core/store';\nimport { format } from '../util/format';\nexport function view5(w: Widget): string { logLine('changed'); return format(w.size) + store.get('other key'); }\n");
    const graph = await assertMatchesFromScratch('body edit');
    assert.equal(graph.buildKind, 'incremental');
    assert.equal(graph.recomputedRows, 1);
  });

  it('keeps the ranks of a graph whose edges a save left as they were, and ranks again when an edge changed', async () => {
    const anchored = (): Float64Array => {
      const graph = referenceGraph(index);
      const p = new Float64Array(graph.paths.length);
      p[graph.positions.get(abs('src/views/view5.ts')) as number] = 1;
      return cachedPageRank(graph, p, 0.6);
    };
    const first = anchored();
    assert.equal(anchored(), first, 'the same anchors on the same graph: the ranks computed once');
    // A body edit: the file uses the same names of the same files.
    await edit('src/views/view5.ts', "import { store } from '../core/store';\nimport { format } from '../util/format';\nexport function view5(w: Widget): string { logLine('changed'); return format(w.size) + store.get('other key'); }\n");
    const graph = await assertMatchesFromScratch('body edit');
    assert.equal(graph.recomputedRows, 1);
    assert.equal(anchored(), first, 'no edge changed: the ranks of the graph before still hold');
    // Now view5 no longer uses format: its edge to format.ts goes, and the ranks are computed again.
    await edit('src/views/view5.ts', "import { store } from '../core/store';\nexport function view5(): string { return store.get('k'); }\n");
    await assertMatchesFromScratch('edge removed');
    const after = anchored();
    assert.notEqual(after, first);
    assert.notDeepEqual([...after], [...first]);
  });

  it('recomputes the users of a name whose definers changed, and no others', async () => {
    const before = referenceGraph(index);
    // A second definer of `format`: every file using `format` now splits its edge between two files.
    const alpha = abs('src/feature/alpha.ts');
    write('src/feature/alpha.ts', "import { store } from '@core/store';\nexport function alpha(): string { return store.get('a') + helperName(); }\nexport function format(value: number): string { return `${value}`; }\n");
    await index.update([alpha]);
    const graph = await assertMatchesFromScratch('second definer');
    const expected = new Set(index.allFiles().filter((f) => f.refNames.includes('format')).map((f) => f.path)).add(alpha);
    assert.equal(graph.buildKind, 'incremental');
    assert.equal(graph.recomputedRows, expected.size, 'the users of `format` and the edited file');
    assert.ok(graph.recomputedRows < before.paths.length);
  });

  it('stays exact when the file count crosses the threshold of the common-name damping', async () => {
    // 27 files down to 19: below 20 files no name counts as common, which re-weights every use of `store`.
    const gone = ['src/views/view6.ts', 'src/views/view7.ts', 'src/views/view8.ts', 'src/views/view9.ts', 'src/views/view10.ts', 'src/views/view11.ts', 'src/views/view12.ts', 'src/views/view13.ts'];
    assert.equal(referenceGraph(index).paths.length, 27);
    for (const rel of gone) unlinkSync(join(root, rel));
    index.remove(gone.map(abs));
    assert.equal(index.fileCount, 19);
    const graph = await assertMatchesFromScratch('below the damping threshold');
    assert.equal(graph.buildKind, 'incremental');
  });

  it('re-weights the users of a common name when only the file count moves its damping', async () => {
    const before = referenceGraph(index);
    const users = index.allFiles().filter((f) => f.refNames.includes('store')).length;
    const n = before.paths.length;
    // Enough new files that use nothing to move `store` to the next step, though no use of it changed.
    let k = 1;
    while (k <= 8 && commonNameFactor(users, n + k) === commonNameFactor(users, n)) k++;
    assert.ok(k <= 8, 'some file count up to 8 more moves the damping of `store`');
    const added = Array.from({ length: k }, (_, i) => `src/plain/plain${i}.ts`);
    for (const rel of added) write(rel, `export const plain${added.indexOf(rel)} = 1;\n`);
    await index.update(added.map(abs));
    const graph = await assertMatchesFromScratch('file count moves the damping');
    assert.equal(graph.buildKind, 'incremental');
  });

  it('rebuilds in full when a large share of the files changed at once', async () => {
    referenceGraph(index);
    const edited = Array.from({ length: 10 }, (_, i) => `src/views/view${i}.ts`);
    for (const rel of edited) write(rel, `export function ${rel.slice(10, -3)}(): number { return 1; }\n`);
    await index.update(edited.map(abs));
    const graph = await assertMatchesFromScratch('many edits');
    assert.equal(graph.buildKind, 'full');
  });

  it('rebuilds in full when the import resolution settings change', async () => {
    referenceGraph(index);
    write('tsconfig.json', '{ "compilerOptions": { "baseUrl": "." } }\n');
    await index.build();
    const graph = await assertMatchesFromScratch('new tsconfig');
    assert.equal(graph.buildKind, 'full');
  });

  it("rebuilds in full when a workspace package's exports change", async () => {
    const before = referenceGraph(index);
    assert.deepEqual(before.paths.filter((p) => index.importersOf(p).includes(abs('src/feature/zeta.ts'))), [abs('packages/pricing/src/index.ts')]);
    write('packages/pricing/src/main.ts', 'export function price(cents: number): number { return cents * 2; }\n');
    write('packages/pricing/package.json', JSON.stringify({ name: '@shop/pricing', exports: { '.': './src/main.ts' } }));
    await index.build();
    const graph = await assertMatchesFromScratch('new exports');
    assert.equal(graph.buildKind, 'full');
    assert.deepEqual(index.importersOf(abs('packages/pricing/src/main.ts')), [abs('src/feature/zeta.ts')]);
    assert.deepEqual(index.importersOf(abs('packages/pricing/src/index.ts')), []);
  });

  // What the file watcher reports, without a full build (until 2026-12 a changed tsconfig or
  // package.json was read only at the next Analyze Workspace or reload).
  it("follows a package.json the watcher reports changed, created or deleted, as a build from scratch would", async () => {
    referenceGraph(index);
    write('packages/pricing/src/main.ts', 'export function price(cents: number): number { return cents * 2; }\n');
    await index.update([abs('packages/pricing/src/main.ts')]);
    await edit('packages/pricing/package.json', JSON.stringify({ name: '@shop/pricing', exports: { '.': './src/main.ts' } }));
    const graph = await assertMatchesFromScratch('exports changed');
    assert.equal(graph.buildKind, 'full');
    assert.deepEqual(index.importersOf(abs('packages/pricing/src/main.ts')), [abs('src/feature/zeta.ts')]);
    assert.deepEqual(index.importersOf(abs('packages/pricing/src/index.ts')), []);

    const version = index.version;
    await index.update([abs('packages/pricing/package.json')]);
    assert.equal(index.version, version, 'a save that changes nothing resolution reads leaves the index as it was');
    await edit('node_modules/@shop/pricing/package.json', JSON.stringify({ name: '@shop/pricing', main: './index.js' }));
    assert.equal(index.version, version, "a dependency's package.json in node_modules is not a workspace package");

    remove('packages/pricing/package.json');
    await assertMatchesFromScratch('manifest deleted');
    assert.deepEqual(index.importersOf(abs('packages/pricing/src/main.ts')), [], 'the name resolves nothing without its package.json');

    await edit('packages/pricing/package.json', JSON.stringify({ name: '@shop/pricing', main: './src/index.ts' }));
    await assertMatchesFromScratch('manifest created');
    assert.deepEqual(index.importersOf(abs('packages/pricing/src/index.ts')), [abs('src/feature/zeta.ts')]);
  });

  it('follows a tsconfig the watcher reports changed, and one under a deleted or renamed folder', async () => {
    referenceGraph(index);
    assert.deepEqual(index.importersOf(abs('src/core/store.ts')).includes(abs('src/feature/alpha.ts')), true);
    await edit('tsconfig.json', '{ "compilerOptions": { "baseUrl": ".", "paths": { "@core/*": ["src/fallback/*"] } } }\n');
    const graph = await assertMatchesFromScratch('paths changed');
    assert.equal(graph.buildKind, 'full');
    assert.equal(index.importersOf(abs('src/core/store.ts')).includes(abs('src/feature/alpha.ts')), false, '@core/store no longer reaches src/core');
    assert.deepEqual(index.importersOf(abs('src/fallback/extra.ts')), [abs('src/feature/epsilon.ts')]);

    // A package's own tsconfig moves its build output: its folder renamed, then deleted.
    await edit('packages/pricing/tsconfig.json', '{ "compilerOptions": { "outDir": "built", "rootDir": "lib" } }\n');
    await edit('packages/pricing/package.json', JSON.stringify({ name: '@shop/pricing', main: './built/index.js' }));
    write('packages/pricing/lib/index.ts', 'export function price(cents: number): number { return cents + 1; }\n');
    await index.update([abs('packages/pricing/lib/index.ts')]);
    await assertMatchesFromScratch('outDir read from the package tsconfig');
    assert.deepEqual(index.importersOf(abs('packages/pricing/lib/index.ts')), [abs('src/feature/zeta.ts')]);
    await move('packages/pricing', 'packages/prices');
    await assertMatchesFromScratch('package folder renamed');
    assert.deepEqual(index.importersOf(abs('packages/prices/lib/index.ts')), [abs('src/feature/zeta.ts')]);
    assert.deepEqual(index.workspacePackages.map((p) => p.dir), [abs('packages/prices')]);
  });
});

describe('common-name factor', () => {
  it('is 1 for small workspaces and names in at most a tenth of the files', () => {
    assert.equal(commonNameFactor(15, 19), 1);
    assert.equal(commonNameFactor(100, 1000), 1);
    assert.equal(commonNameFactor(105, 1000), 1, 'just above a tenth rounds to no damping');
  });

  it('shrinks in quarter-octave steps as a name gets more common', () => {
    assert.equal(commonNameFactor(200, 1000), 0.5);
    assert.equal(commonNameFactor(201, 1000), 0.5, 'one more use does not move it');
    assert.equal(commonNameFactor(200, 1001), 0.5, 'one more file does not move it');
    assert.equal(commonNameFactor(1000, 1000), 2 ** -3.25);
    let last = 1;
    for (let used = 100; used <= 1000; used += 50) {
      const f = commonNameFactor(used, 1000);
      assert.ok(f <= last, `monotone at ${used}`);
      assert.ok(Math.abs(f / (100 / Math.max(100, used)) - 1) < 0.1, `within 10% of the exact ratio at ${used}`);
      last = f;
    }
  });
});

describe('reference graph, a monorepo without a tsconfig', () => {
  it('resolves a package import to a file added later, patching the graph as a build from scratch would', async () => {
    const { root, index, dispose } = await fixtureIndex('sb-monorepo-', {
      'package.json': JSON.stringify({ name: 'shop', private: true, workspaces: ['packages/*', 'apps/*'] }),
      'packages/money/package.json': JSON.stringify({ name: 'money', main: 'dist/index.js', types: 'dist/index.d.ts' }),
      'packages/money/src/index.ts': 'export function cents(n: number): number { return Math.round(n * 100); }\n',
      'apps/web/src/main.ts': "import { cents } from 'money';\nimport { round } from 'money/dist/round.js';\nimport pad from 'left-pad';\nexport const total = cents(round(1.5)) + pad;\n",
      // A dependency's manifest is not a workspace package (its files may be indexed; its name resolves nothing).
      'node_modules/left-pad/package.json': JSON.stringify({ name: 'left-pad', main: 'index.js' }),
      'node_modules/left-pad/index.js': 'module.exports = 1;\n',
    });
    try {
      const abs = (rel: string): string => `${root}/${rel}`;
      assert.deepEqual(index.importersOf(abs('packages/money/src/index.ts')), [abs('apps/web/src/main.ts')], 'main/types in dist/ read at src/');
      assert.deepEqual(index.workspacePackages.map((p) => p.name).sort(), ['money', 'shop']);
      assert.deepEqual(index.importersOf(abs('node_modules/left-pad/index.js')), []);
      referenceGraph(index);
      writeFixtureFile(root, 'packages/money/src/round.ts', 'export function round(n: number): number { return Math.round(n); }\n');
      await index.update([abs('packages/money/src/round.ts')]);
      const graph = referenceGraph(index);
      assert.equal(graph.buildKind, 'incremental');
      assert.deepEqual(index.importersOf(abs('packages/money/src/round.ts')), [abs('apps/web/src/main.ts')]);
      const fresh = await buildIndex(root);
      try {
        assertSameGraph(graph, referenceGraph(fresh), 'a package file added');
      } finally {
        fresh.dispose();
      }
    } finally {
      dispose();
    }
  });
});
