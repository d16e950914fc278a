import { workspaceRoots } from '../../../src/core/analysis/workspaceRoots';
import assert from 'node:assert/strict';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { rankDefinitions } from '../../../src/core/analysis/definitionRank';
import { nameEdgesOf, referenceGraph } from '../../../src/core/analysis/referenceGraph';
import { rankedContext, type Anchors } from '../../../src/core/analysis/repoMap';
import type { WorkspaceIndex } from '../../../src/core/analysis/workspaceIndex';
import { buildIndex, fixtureIndex } from './fixtureIndex';

/**
 * One large module (src/lib/big.ts: 60 helpers, then the two functions and the class the anchor
 * uses), an anchor (src/app/checkout.ts) using two of its functions and one method of its class, a
 * module with an unexported look-alike of one of those names, a global declaration file, and enough
 * other files for the common-name factor to apply (`logLine` and `settle` are used nearly everywhere).
 */
function project(): Record<string, string> {
  const helpers = Array.from({ length: 60 }, (_, i) => `export function helper${String(i).padStart(2, '0')}(value: string): string { return value + '${i}'; }`);
  const files: Record<string, string> = {
    'src/lib/big.ts': [
      ...helpers,
      'export function formatPrice(cents: number): string { return (cents / 100).toFixed(2); }',
      'export function parseQuantity(text: string): number { return Number.parseInt(text, 10); }',
      'export class Ledger {',
      '  record(entry: string): void { void entry; }',
      '  reconcileAccounts(): number { return 0; }',
      '  close(): void {}',
      '  reopen(): void {}',
      '}',
      '',
    ].join('\n'),
    'src/app/checkout.ts': [
      "import { formatPrice, parseQuantity, Ledger } from '../lib/big';",
      'export function checkout(quantity: string, ledger: Ledger): string {',
      '  logLine(formatPrice(parseQuantity(quantity) * 250));',
      '  return formatPrice(ledger.reconcileAccounts());',
      '}',
      'export const CHECKOUT_VERSION = 2;',
      '',
    ].join('\n'),
    'src/app/local.ts': 'function formatPrice(n: number): string { return String(n); }\nexport const localLabel = formatPrice(1);\n',
    'src/app/report.ts': "import { helper07 } from '../lib/big';\nexport function report(): string { return helper07('r'); }\n",
    'types/globals.d.ts': 'declare function logLine(message: string): void;\ninterface Widget { size: number }\n',
  };
  for (let i = 0; i < 20; i++) {
    files[`src/views/view${i}.ts`] = `export function settle${i}(w: Widget): void { logLine(String(w.size)); }\n`;
  }
  return files;
}

describe('ranked context by definition', () => {
  let root = '';
  let index: WorkspaceIndex;
  let dispose = (): void => undefined;
  const anchor = (): Anchors => ({ activeFile: `${root}/src/app/checkout.ts` });

  before(async () => {
    ({ root, index, dispose } = await fixtureIndex('sb-defrank-', project()));
  });
  after(() => dispose());

  it('shows the names the anchor uses from a large module, not everything the module declares', () => {
    const r = rankedContext(index, anchor(), { tokenBudget: 100, roots: workspaceRoots([root]) });
    assert.match(r.map, /export function formatPrice\(cents: number\): string/);
    assert.match(r.map, /export function parseQuantity\(text: string\): number/);
    assert.ok(!/helper\d\d/.test(r.map), `no unrelated helper in a small map:\n${r.map}`);
    assert.ok(r.tokens <= 100);
    // With room for everything, the helpers still come after what the anchor uses.
    const all = rankedContext(index, anchor(), { tokenBudget: 100_000, roots: workspaceRoots([root]) });
    const names = all.symbols.map((s) => s.name);
    const firstHelper = names.findIndex((name) => name.startsWith('helper'));
    for (const used of ['formatPrice', 'parseQuantity', 'Ledger', 'reconcileAccounts']) {
      assert.ok(names.indexOf(used) !== -1 && names.indexOf(used) < firstHelper, `${used} before the helpers: ${names.slice(0, 12).join(', ')}`);
    }
  });

  it("shows the anchor's exported API first, and a used method under its class", () => {
    const r = rankedContext(index, anchor(), { tokenBudget: 200, roots: workspaceRoots([root]) });
    assert.match(r.map, /^src\/app\/checkout\.ts:\n {2}export function checkout\(quantity: string, ledger: Ledger\): string\n {2}export const CHECKOUT_VERSION = 2\n/);
    assert.deepEqual(
      r.symbols.slice(0, 2).map((s) => s.name),
      ['checkout', 'CHECKOUT_VERSION'],
    );
    assert.match(r.map, / {2}export class Ledger\n {4}reconcileAccounts\(\): number\n/);
    assert.ok(!/ {4}(record|close|reopen)\(/.test(r.map), `only the used method of Ledger:\n${r.map}`);
  });

  it("ranks an exported declaration above another module's unexported look-alike", () => {
    const r = rankedContext(index, anchor(), { tokenBudget: 100_000, roots: workspaceRoots([root]) });
    const exported = r.symbols.findIndex((s) => s.name === 'formatPrice' && s.path.endsWith('/src/lib/big.ts'));
    const local = r.symbols.findIndex((s) => s.name === 'formatPrice' && s.path.endsWith('/src/app/local.ts'));
    assert.ok(exported !== -1 && (local === -1 || exported < local), `big.ts at ${exported}, local.ts at ${local}`);
  });

  it('lets a mentioned name win even when the anchor does not use it', () => {
    const r = rankedContext(index, { ...anchor(), mentionedNames: ['helper42'] }, { tokenBudget: 120, roots: workspaceRoots([root]) });
    assert.equal(r.symbols[0]?.name, 'helper42');
    assert.match(r.map, /^src\/lib\/big\.ts:\n {2}export function helper42\(value: string\): string\n/);
    assert.ok(!/helper(?!42)\d\d/.test(r.map), r.map);
  });

  it('is deterministic, across calls and across indexes built from the same files', async () => {
    const anchors: Anchors = { ...anchor(), mentionedNames: ['Ledger'], selection: { path: `${root}/src/app/checkout.ts`, startLine: 2, endLine: 3 } };
    const a = rankedContext(index, anchors, { tokenBudget: 300, roots: workspaceRoots([root]) });
    const b = rankedContext(index, anchors, { tokenBudget: 300, roots: workspaceRoots([root]) });
    assert.equal(a.map, b.map);
    assert.deepEqual(a.symbols, b.symbols);
    const again = await buildIndex(root);
    try {
      assert.equal(rankedContext(again, anchors, { tokenBudget: 300, roots: workspaceRoots([root]) }).map, a.map);
    } finally {
      again.dispose();
    }
  });

  it('never exceeds the budget, counted with the real tokenizer', () => {
    const requests: Anchors[] = [{}, anchor(), { ...anchor(), mentionedNames: ['helper03', 'Widget'] }, { selection: { path: `${root}/src/app/checkout.ts`, startLine: 0, endLine: 4 } }];
    for (const anchors of requests) {
      for (const budget of [0, 5, 20, 60, 150, 400, 1500]) {
        const r = rankedContext(index, anchors, { tokenBudget: budget, roots: workspaceRoots([root]) });
        assert.equal(r.tokens, countTokens(r.map));
        assert.ok(r.tokens <= budget, `${r.tokens} > ${budget} for ${JSON.stringify(anchors)}`);
      }
    }
  });

  it("shares a file's rank among the names its edges stand for, all of it when every edge carries names", () => {
    const graph = referenceGraph(index);
    const src = graph.positions.get(`${root}/src/app/checkout.ts`) as number;
    const rank = new Float64Array(graph.paths.length);
    rank[src] = 0.5;
    const shares = rankDefinitions(index, graph, rank, [src]);
    const total = shares.ranks.reduce((s, v) => s + v, 0);
    assert.ok(Math.abs(total - 0.5) < 1e-12, `shared ${total} of 0.5`);
    const big = graph.positions.get(`${root}/src/lib/big.ts`) as number;
    const toBig = new Map(shares.names.map((name, p) => [name, shares.nodes[p] === big ? (shares.ranks[p] as number) : 0] as const));
    assert.deepEqual([...toBig.keys()].filter((name) => (toBig.get(name) ?? 0) > 0).sort(), ['Ledger', 'formatPrice', 'parseQuantity', 'reconcileAccounts']);
    // formatPrice is used twice and split with local.ts, parseQuantity once: the weights the graph uses decide.
    assert.ok((toBig.get('formatPrice') ?? 0) > (toBig.get('reconcileAccounts') ?? 0), 'a top-level name outweighs a member-only one');
  });

  it('reports name edges that add up to the graph, edge for edge', () => {
    const graph = referenceGraph(index);
    const files = index.allFiles();
    for (let src = 0; src < graph.paths.length; src++) {
      const sums = new Map<number, number>();
      nameEdgesOf(index, src, (dst, _name, weight) => sums.set(dst, (sums.get(dst) ?? 0) + weight));
      for (const target of index.resolvedImports(files[src]!)) {
        const dst = graph.positions.get(target);
        if (dst !== undefined) sums.set(dst, (sums.get(dst) ?? 0) + 1);
      }
      const row = new Map<number, number>();
      for (let e = graph.offsets[src]!; e < graph.offsets[src + 1]!; e++) row.set(graph.targets[e]!, graph.weights[e]!);
      assert.deepEqual([...sums.keys()].sort((a, b) => a - b), [...row.keys()], `targets of ${graph.paths[src]}`);
      for (const [dst, w] of row) assert.ok(Math.abs((sums.get(dst) ?? 0) - w) < 1e-9 * Math.max(1, w), `${graph.paths[src]} → ${graph.paths[dst]}: ${sums.get(dst)} vs ${w}`);
    }
  });
});
