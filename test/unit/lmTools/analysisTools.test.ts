import assert from 'node:assert/strict';
import { AnalysisToolError, hotspotsAnswer, repoMapAnswer, symbolAnswer } from '../../../src/core/lmTools/analysisTools';
import { MAX_TOOL_RESULT_CHARS } from '../../../src/core/lmTools/toolResults';
import { o200k } from '../../../src/core/tokens/o200k';
import { fixtureIndex, type FixtureIndex } from '../analysis/fixtureIndex';

const branching = (name: string, branches: number) =>
  `export function ${name}(x: number): number {\n${Array.from({ length: branches }, (_, i) => `  if (x === ${i}) return ${i};`).join('\n')}\n  return -1;\n}\n`;

describe('analysis tools (repo map, symbol, hotspots)', () => {
  let fx: FixtureIndex;
  before(async () => {
    const files: Record<string, string> = {
      'src/discount.ts': 'export interface DiscountCode {\n  readonly percent: number;\n}\nexport function applyDiscount(total: number, d: DiscountCode): number {\n  return d.percent > 50 ? total : total * (1 - d.percent / 100);\n}\n',
      'src/cart.ts': "import { applyDiscount, type DiscountCode } from './discount';\nexport class CartService {\n  total(d?: DiscountCode): number {\n    return d ? applyDiscount(1, d) : 1;\n  }\n}\n",
      'src/checkout.ts': "import { CartService } from './cart';\nexport function checkout(cart: CartService): number {\n  return cart.total();\n}\n",
      'src/rules/complex.ts': branching('classify', 6),
      'lib/other.ts': branching('grade', 3),
    };
    // Many users of one name, for the references bound.
    for (let i = 0; i < 30; i++) files[`src/users/u${i}.ts`] = `import { applyDiscount } from '../discount';\nexport const v${i} = applyDiscount(${i}, { percent: 1 });\nexport const w${i} = applyDiscount(${i}, { percent: 2 });\n`;
    fx = await fixtureIndex('sb-lmtools-', files);
  });
  after(() => fx.dispose());

  it('repo map: centred on a file and a query, within maxTokens, and says how much it holds', () => {
    const text = repoMapAnswer(fx.index, { file: 'src/checkout.ts', query: 'how does CartService compute the total', maxTokens: 300 });
    const [header, , ...rest] = text.split('\n');
    assert.match(header ?? '', /^Repo map for src\/checkout\.ts and "how does CartService compute the total": \d+ of \d+ ranked symbols, \d+ of 300 tokens/);
    assert.ok(o200k().countTokens(rest.join('\n')) <= 300, 'the map fits the budget');
    assert.match(text, /CartService/);
    assert.ok(!text.includes(fx.root), 'paths are workspace-relative');
  });

  it('repo map: a file outside the workspace or not indexed is an error naming the field', () => {
    assert.throws(() => repoMapAnswer(fx.index, { file: '../etc/passwd' }), (e: unknown) => e instanceof AnalysisToolError && /^file: .*outside the workspace/.test(e.message));
    assert.throws(() => repoMapAnswer(fx.index, { file: 'src/missing.ts' }), /file: src\/missing\.ts is not in the workspace index/);
  });

  it('symbol: definitions with kind and signature, references bounded by maxReferences with a line saying more exist', () => {
    const text = symbolAnswer(fx.index, { name: 'applyDiscount', maxReferences: 5 });
    assert.match(text, /^Definitions of applyDiscount \(1\):\nsrc\/discount\.ts:4-6 {2}function \(exported\) applyDiscount {2}export function applyDiscount/);
    const refs = text.split('\n').filter((l) => /^src\/.*:\d+:\d+$/.test(l));
    assert.equal(refs.length, 5);
    assert.match(text, /References to applyDiscount \(by name; first 5\):/);
    assert.match(text, /\[more references not shown: raise maxReferences \(at most 200\)\]$/);
  });

  it('symbol: Container.member narrows to the container; an unknown name lists the closest names', () => {
    assert.match(symbolAnswer(fx.index, { name: 'CartService.total', includeReferences: false }), /^Definitions of CartService\.total \(1\):\nsrc\/cart\.ts:3-5 {2}method \(exported\) CartService\.total/);
    const unknown = symbolAnswer(fx.index, { name: 'applyDisc', includeReferences: false });
    assert.match(unknown, /^No declaration named applyDisc in the \d+ indexed files\.\nClosest names:\nsrc\/discount\.ts:4-6 {2}function \(exported\) applyDiscount/);
  });

  it('hotspots: most complex first, limited, filtered by path; a path that climbs out is an error', () => {
    const all = hotspotsAnswer(fx.index, { limit: 1 });
    assert.match(all, /^Complexity hotspots: 1 of \d+ functions that branch, most complex first\.\nsrc\/rules\/complex\.ts:1 {2}complexity 7 {2}function classify/);
    const lib = hotspotsAnswer(fx.index, { path: 'lib' });
    assert.match(lib, /^Complexity hotspots under lib: 1 of 1 functions/);
    assert.ok(!lib.includes('classify'));
    assert.match(hotspotsAnswer(fx.index, { path: 'src/users' }), /^No function under src\/users branches/);
    assert.throws(() => hotspotsAnswer(fx.index, { path: '/abs' }), (e: unknown) => e instanceof AnalysisToolError && /^path: .*not workspace-relative/.test(e.message));
  });

  it('every answer stays within the common cap', () => {
    const big = repoMapAnswer(fx.index, { maxTokens: 8000 });
    assert.ok(big.length <= MAX_TOOL_RESULT_CHARS);
    assert.ok(symbolAnswer(fx.index, { name: 'applyDiscount', maxReferences: 200 }).length <= MAX_TOOL_RESULT_CHARS);
  });
});
