import { workspaceRoots } from '../../../src/core/analysis/workspaceRoots';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { referenceGraph, personalizedPageRank } from '../../../src/core/analysis/referenceGraph';
import { rankedContext } from '../../../src/core/analysis/repoMap';
import type { WorkspaceIndex } from '../../../src/core/analysis/workspaceIndex';
import { fixtureIndex } from './fixtureIndex';

/** A small layered project: many files use `store`, fewer use `render`, one uses `audit`. */
function project(): Record<string, string> {
  const files: Record<string, string> = {
    'src/store.ts': 'export class Store { get(key: string): string { return key; } set(key: string, value: string): void {} }\nexport const store = new Store();\n',
    'src/render.ts': "import { store } from './store';\nexport function render(id: string): string { return store.get(id); }\n",
    'src/audit.ts': "export interface AuditEntry { at: number; who: string }\nexport function audit(entry: AuditEntry): void { console.log(entry.who); }\n",
  };
  for (let i = 0; i < 12; i++) {
    files[`src/views/view${i}.ts`] =
      `import { store } from '../store';\nimport { render } from '../render';\n` +
      `export function view${i}(): string { return render('v${i}') + store.get('k${i}'); }\n` +
      `export interface View${i}Props { title: string; count${i}: number }\n`;
  }
  files['src/admin.ts'] = "import { audit } from './audit';\nexport function adminTask(): void { audit({ at: 1, who: 'admin' }); }\n";
  return files;
}

describe('ranked context', () => {
  let root = '';
  let index: WorkspaceIndex;
  let dispose = (): void => undefined;

  before(async () => {
    ({ root, index, dispose } = await fixtureIndex('sb-rank-', project()));
  });
  after(() => dispose());

  it('ranks the most used file first without anchors, and follows the anchors when given', () => {
    const plain = rankedContext(index, {}, { tokenBudget: 2000, roots: workspaceRoots([root]) });
    assert.equal(plain.files[0]?.path, `${root}/src/store.ts`);
    const anchored = rankedContext(index, { activeFile: `${root}/src/admin.ts`, mentionedNames: ['AuditEntry'] }, { tokenBudget: 2000, roots: workspaceRoots([root]) });
    assert.equal(anchored.files[0]?.path, `${root}/src/audit.ts`);
    assert.equal(anchored.symbols[0]?.name, 'AuditEntry');
    assert.match(anchored.map, /^src\/audit\.ts:\n {2}export interface AuditEntry/);
  });

  it('weights what a selection uses', () => {
    const r = rankedContext(index, { selection: { path: `${root}/src/views/view3.ts`, startLine: 2, endLine: 2 } }, { tokenBudget: 300, roots: workspaceRoots([root]) });
    const top = r.files.slice(0, 3).map((f) => f.path.slice(root.length + 1));
    assert.ok(top.includes('src/render.ts') && top.includes('src/store.ts'), top.join(', '));
  });

  it('ranks what a file imports above global declarations it merely uses', async () => {
    const lib = ['declare var NaN: number;', 'interface PromiseLike<T> { then(): void }', 'declare function parseInt(s: string): number;', 'interface ErrorConstructor { new (message?: string): Error }', 'declare var Error: ErrorConstructor;'];
    const sources: Record<string, string> = {
      'types/lib.globals.d.ts': lib.join('\n') + '\n',
      'src/budget.ts': 'export function remaining(limit: number, spent: number): number { return limit - spent; }\n',
      'src/router.ts': "import { remaining } from './budget';\nexport function route(limit: string): number {\n  const n = parseInt(limit);\n  if (Number.isNaN(n)) throw new Error('bad');\n  return remaining(n, parseInt('1')) + parseInt('2') + parseInt('3');\n}\n",
    };
    const { root: dir, index: globals, dispose: disposeGlobals } = await fixtureIndex('sb-rank-globals-', sources);
    try {
      const r = rankedContext(globals, { activeFile: `${dir}/src/router.ts`, selection: { path: `${dir}/src/router.ts`, startLine: 1, endLine: 5 } }, { tokenBudget: 2000, roots: workspaceRoots([dir]) });
      const order = r.files.map((f) => f.path.slice(dir.length + 1));
      assert.ok(order.indexOf('src/budget.ts') < order.indexOf('types/lib.globals.d.ts') || !order.includes('types/lib.globals.d.ts'), order.join(', '));
      assert.equal(r.symbols.find((sym) => !sym.path.endsWith('/src/router.ts'))?.name, 'remaining', 'the first symbol from another file is the imported one');
    } finally {
      disposeGlobals();
    }
  });

  it('is deterministic for the same index and anchors', () => {
    const anchors = { activeFile: `${root}/src/views/view1.ts`, mentionedNames: ['render'] };
    const a = rankedContext(index, anchors, { tokenBudget: 500, roots: workspaceRoots([root]) });
    const b = rankedContext(index, anchors, { tokenBudget: 500, roots: workspaceRoots([root]) });
    assert.equal(a.map, b.map);
    assert.deepEqual(a.files, b.files);
  });

  it('fits the token budget exactly as the real tokenizer counts, and uses it', () => {
    for (const budget of [40, 150, 400]) {
      const r = rankedContext(index, { mentionedNames: ['store'] }, { tokenBudget: budget, roots: workspaceRoots([root]) });
      assert.equal(r.tokens, countTokens(r.map));
      assert.ok(r.tokens <= budget, `${r.tokens} > ${budget}`);
      assert.ok(r.symbols.length < r.candidates, 'the budget cut the list');
      // One more symbol would not have fitted (the search finds the largest prefix).
      const bigger = rankedContext(index, { mentionedNames: ['store'] }, { tokenBudget: r.tokens + 2, roots: workspaceRoots([root]) });
      assert.ok(bigger.symbols.length <= r.symbols.length + 1);
    }
    assert.equal(rankedContext(index, {}, { tokenBudget: 0 }).map, '');
  });

  it('keeps mentioned names out of the cached graph: only an index change rebuilds it', async () => {
    const graph = referenceGraph(index);
    rankedContext(index, { mentionedNames: ['audit'] }, { tokenBudget: 100 });
    rankedContext(index, { mentionedNames: ['somethingElse'], activeFile: `${root}/src/store.ts` }, { tokenBudget: 100 });
    assert.equal(referenceGraph(index), graph, 'same graph object across requests');
    writeFileSync(`${root}/src/extra.ts`, "import { audit } from './audit';\nexport const e = audit;\n");
    await index.update([`${root}/src/extra.ts`]);
    assert.notEqual(referenceGraph(index), graph);
    assert.equal(referenceGraph(index).paths.length, graph.paths.length + 1);
  });

  it('computes PageRank that sums to one and favours the personalized node', () => {
    const graph = referenceGraph(index);
    const p = new Float64Array(graph.paths.length);
    const admin = graph.paths.indexOf(`${root}/src/admin.ts`);
    p[admin] = 1;
    const rank = personalizedPageRank(graph, p);
    const sum = rank.reduce((s, v) => s + v, 0);
    assert.ok(Math.abs(sum - 1) < 1e-6, `sum ${sum}`);
    const audit = graph.paths.indexOf(`${root}/src/audit.ts`);
    const view = graph.paths.indexOf(`${root}/src/views/view0.ts`);
    assert.ok((rank[audit] as number) > (rank[view] as number));
  });
});
