import { workspaceRoots } from '../../../../src/core/analysis/workspaceRoots';
import assert from 'node:assert/strict';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { silentLogger } from '../../../../src/core/log/logger';
import type { ResearchQuery } from '../../../../src/core/tasks/taskPorts';
import { researchIndexOf } from '../../../../src/core/tasks/research/researchIndex';
import { WorkspaceResearch } from '../../../../src/core/tasks/research/workspaceResearch';
import { mentionedNames, mentionedPaths } from '../../../../src/core/tasks/research/instructionMentions';
import { researchFixture, SECRET, type ResearchFixture } from './researchWorkspace';

function query(instruction: string, more: Partial<ResearchQuery> = {}): ResearchQuery {
  return { instruction, files: [], planFiles: [], ...more };
}

describe('what an instruction names', () => {
  it('finds backticked names, code-like words and paths, not prose or version numbers', () => {
    const text = 'Add a discount code to `CartService.total()` in src/checkout/cart.ts and update applyDiscount (see README.md). Keep DiscountCode and MAX_ITEMS; Node 20.1.0 is fine. Add it.';
    assert.deepEqual(mentionedNames(text), ['CartService', 'total', 'applyDiscount', 'DiscountCode', 'MAX_ITEMS']);
    assert.deepEqual(mentionedPaths(text), ['src/checkout/cart.ts', 'README.md']);
  });
});

describe('workspace research context', () => {
  let fx: ResearchFixture;
  before(async () => {
    fx = await researchFixture();
  });
  after(() => fx.dispose());

  it('puts the named symbols\' definitions first, then the mentioned files, then the ranked map', async () => {
    const { context, sources } = await fx.research.gather(query('Let `CartService` accept a second DiscountCode; see src/checkout.ts.'), 2000);
    assert.deepEqual(sources, ['src/cart.ts:3-12 (CartService)', 'src/discount.ts:2-5 (DiscountCode)', 'src/checkout.ts', 'repo map']);
    assert.ok(context.startsWith('### CartService: src/cart.ts:3-12\n```\nexport class CartService {\n'), context.slice(0, 120));
    assert.ok(context.includes('### DiscountCode: src/discount.ts:2-5\n```\nexport interface DiscountCode {\n  readonly code: string;'));
    assert.ok(context.includes('### src/checkout.ts\n```\nimport { CartService }'));
    assert.match(context, /### Repo map \(most relevant declarations first\)\nsrc\/(cart|discount)\.ts:\n/);
    assert.ok(countTokens(context) <= 2000);
  });

  it('is the same for the same query', async () => {
    const q = query('Fix `applyDiscount` rounding', { planFiles: ['src/discount.ts'] });
    assert.deepEqual(await fx.research.gather(q, 800), await fx.research.gather(q, 800));
  });

  it('fits every budget, dropping the least relevant first and keeping the definition while it fits', async () => {
    const q = query('Change `applyDiscount` and `CartService`, see src/checkout.ts and src/util/format.ts', { files: [{ path: 'src/cart.ts', text: '' }] });
    let previous = Infinity;
    for (const budget of [1200, 400, 150, 60]) {
      const { context, sources } = await fx.research.gather(q, budget);
      const tokens = countTokens(context);
      assert.ok(tokens <= budget, `${tokens} tokens for a budget of ${budget}`);
      assert.ok(sources.length <= previous, `${budget}: ${sources.join(', ')}`);
      previous = sources.length;
      if (budget >= 150) assert.ok(context.includes('export function applyDiscount(total: number, discount: DiscountCode): number {'), `${budget}: ${sources.join(', ')}`);
    }
    assert.equal((await fx.research.gather(q, 0)).context, '');
  });

  it('cuts a long mentioned file from the top and says how much it shows', async () => {
    const lines = Array.from({ length: 400 }, (_, i) => `export const setting${i} = ${i};`);
    const big = await researchFixture({ extra: { 'src/settings.ts': lines.join('\n') + '\n' } });
    try {
      const { context, sources } = await big.research.gather(query('What does src/settings.ts hold?'), 600);
      assert.deepEqual(sources.slice(0, 1), ['src/settings.ts']);
      assert.match(context, /^### src\/settings\.ts \(lines 1-\d+ of 401\)\n```\nexport const setting0 = 0;/);
      assert.ok(countTokens(context) <= 600);
    } finally {
      big.dispose();
    }
  });

  it('never includes an ignored file, a secret or a file outside the workspace, however the instruction names them', async () => {
    const instruction = 'Read .env.local, deploy/server.key, deploy/cert.pem, .npmrc, .git/config, local-notes.ts, dist/bundle.js, ../outside.ts, src/outside.ts and src/config.ts; then `applyDiscount`.';
    const { context, sources } = await fx.research.gather(query(instruction, { planFiles: ['.env', 'local-notes.ts'] }), 4000);
    assert.ok(!context.includes(SECRET), context);
    assert.ok(!/local-notes|dist\/bundle|server\.key|\.env|outside/.test(sources.join(' ')), sources.join(', '));
    assert.deepEqual(sources, ['src/discount.ts:7-9 (applyDiscount)', 'repo map']);
  });

  it('gives nothing and fails nothing when the index is empty', async () => {
    const research = new WorkspaceResearch({ roots: workspaceRoots([fx.root]), index: researchIndexOf(() => undefined), log: silentLogger });
    const { context, sources } = await research.gather(query('Change `applyDiscount` in src/discount.ts'), 1000);
    assert.deepEqual(sources, ['src/discount.ts'], 'the mentioned file is read from disk without the index');
    assert.ok(context.startsWith('### src/discount.ts\n'));
  });

  it('reads the index once the wait for it is over, and passes on what the wait said', async () => {
    // The index is built while research waits (as the host's is, started when the task starts).
    let built = false;
    const waitNote = { text: 'Research waited 2.3 s for the workspace index to be built.', level: 'info' as const };
    const research = new WorkspaceResearch({
      roots: workspaceRoots([fx.root]),
      index: researchIndexOf(() => (built ? fx.index : undefined)),
      log: silentLogger,
      awaitIndex: async (_signal, onNote) => {
        built = true;
        onNote(waitNote);
      },
    });
    const heard: unknown[] = [];
    const gathered = await research.gather(query('Let `CartService` accept a second DiscountCode'), 2000, undefined, (note) => heard.push(note));
    assert.deepEqual(gathered.sources, ['src/cart.ts:3-12 (CartService)', 'src/discount.ts:2-5 (DiscountCode)', 'repo map']);
    assert.deepEqual(heard, [waitNote]);
  });
});
