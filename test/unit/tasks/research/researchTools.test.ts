import assert from 'node:assert/strict';
import { MAX_TOOL_OUTPUT_CHARS } from '../../../../src/core/tasks/research/researchTools';
import { researchFixture, runTool, SECRET, toolNamed, type ResearchFixture } from './researchWorkspace';

describe('research tools', () => {
  let fx: ResearchFixture;
  before(async () => {
    fx = await researchFixture({ extra: { 'src/big.ts': Array.from({ length: 3000 }, (_, i) => `export const value${i} = ${i}; // padding padding padding`).join('\n') } });
  });
  after(() => fx.dispose());

  it('offers four tools whose argument schemas are JSON Schema objects', () => {
    const defs = fx.tools.map((t) => t.definition);
    assert.deepEqual(defs.map((d) => d.name), ['read_file', 'find_symbol', 'search_text', 'repo_map']);
    const read = defs[0]?.inputSchema as { type: string; properties: Record<string, unknown>; required: string[]; $schema?: string };
    assert.equal(read.type, 'object');
    assert.deepEqual(Object.keys(read.properties), ['path', 'startLine', 'endLine']);
    assert.deepEqual(read.required, ['path']);
    assert.equal(read.$schema, undefined);
  });

  it('read_file returns numbered lines, a range when asked', async () => {
    const whole = await runTool(fx.tools, 'read_file', { path: 'src/discount.ts' });
    assert.ok(whole.ok, whole.text);
    assert.match(whole.text, /^src\/discount\.ts \(lines 1-9 of 9\)\n1\t\/\*\* A code/);
    const part = await runTool(fx.tools, 'read_file', { path: './src/cart.ts', startLine: 8, endLine: 9 });
    assert.equal(part.text, 'src/cart.ts (lines 8-9 of 12)\n8\t  total(discount?: DiscountCode): number {\n9\t    const sum = this.items.reduce((a, b) => a + b, 0);');
    const absolute = await runTool(fx.tools, 'read_file', { path: `${fx.root}/src/checkout.ts` });
    assert.match(absolute.text, /^src\/checkout\.ts /, 'an absolute path inside the workspace is read as its relative form');
  });

  it('read_file caps a large file and says where to go on', async () => {
    const big = await runTool(fx.tools, 'read_file', { path: 'src/big.ts' });
    assert.ok(big.text.length <= MAX_TOOL_OUTPUT_CHARS + 200, String(big.text.length));
    const cut = /ask again with startLine (\d+)\]$/.exec(big.text);
    assert.ok(cut, big.text.slice(-200));
    const next = await runTool(fx.tools, 'read_file', { path: 'src/big.ts', startLine: Number(cut[1]) });
    assert.match(next.text, new RegExp(`^src/big\\.ts \\(lines ${cut[1]}-`));
  });

  it('read_file refuses secrets, ignored files, .git and every path leading outside the workspace', async () => {
    const refused: Record<string, RegExp> = {
      '.env': /may hold secrets/,
      '.env.local': /may hold secrets/,
      'config/.env.production.js': /may hold secrets/,
      'deploy/server.key': /may hold secrets/,
      'deploy/cert.pem': /may hold secrets/,
      '.npmrc': /may hold secrets/,
      '.git/config': /may hold secrets/,
      'local-notes.ts': /ignored/,
      'dist/bundle.js': /ignored/,
      '../outside.ts': /outside the workspace/,
      'src/../../etc/passwd': /outside the workspace/,
      '/etc/passwd': /outside the workspace/,
      'src/outside.ts': /leads outside the workspace/,
      'src/config.ts': /points at a file that is not read/,
      'src/missing.ts': /does not exist/,
    };
    for (const [path, reason] of Object.entries(refused)) {
      const answer = await runTool(fx.tools, 'read_file', { path });
      assert.equal(answer.ok, false, path);
      assert.match(answer.text, reason, path);
      assert.ok(!answer.text.includes(SECRET), path);
    }
  });

  it('explains wrong arguments in words a model can act on', async () => {
    assert.deepEqual(await runTool(fx.tools, 'read_file', {}), { ok: false, text: 'Invalid arguments for read_file: path: Invalid input: expected string, received undefined' });
    const range = await runTool(fx.tools, 'read_file', { path: 'src/cart.ts', startLine: 50 });
    assert.equal(range.text, 'src/cart.ts has 12 lines; startLine 50 is past its end');
    const regex = await runTool(fx.tools, 'search_text', { query: '(unclosed', regex: true });
    assert.match(regex.text, /^query is not a valid regular expression/);
  });

  it('find_symbol gives file:line, kind and signature; a member by Container.name; close names otherwise', async () => {
    const found = await runTool(fx.tools, 'find_symbol', { name: 'applyDiscount' });
    assert.equal(found.text, 'src/discount.ts:7-9  function applyDiscount  export function applyDiscount(total: number, discount: DiscountCode): number');
    const member = await runTool(fx.tools, 'find_symbol', { name: 'CartService.total' });
    assert.match(member.text, /^src\/cart\.ts:8-11 {2}method CartService\.total {2}total\(discount\?: DiscountCode\): number/);
    const close = await runTool(fx.tools, 'find_symbol', { name: 'formatPri' });
    assert.match(close.text, /^No declaration named formatPri\. Closest names:\nsrc\/util\/format\.ts:1-3 {2}function formatPrice/);
  });

  it('search_text finds lines by literal text or pattern, within a folder when asked', async () => {
    const literal = await runTool(fx.tools, 'search_text', { query: 'applydiscount(' });
    assert.deepEqual(literal.text.split('\n'), ['src/cart.ts:10: return discount ? applyDiscount(sum, discount) : sum;', 'src/discount.ts:7: export function applyDiscount(total: number, discount: DiscountCode): number {']);
    const pattern = await runTool(fx.tools, 'search_text', { query: '^export (interface|class) \\w+', regex: true, path: 'src' });
    assert.deepEqual(pattern.text.split('\n'), ['src/cart.ts:3: export class CartService {', 'src/discount.ts:2: export interface DiscountCode {']);
    const scoped = await runTool(fx.tools, 'search_text', { query: 'export', path: 'src/util' });
    assert.equal(scoped.text, 'src/util/format.ts:1: export function formatPrice(value: number): string {');
    const capped = await runTool(fx.tools, 'search_text', { query: 'export const value', maxResults: 3 });
    assert.equal(capped.text.split('\n').length, 4);
    assert.match(capped.text, /more matches not shown/);
    const outside = await runTool(fx.tools, 'search_text', { query: 'x', path: '../' });
    assert.equal(outside.ok, false);
  });

  it('repo_map ranks declarations around the focus files', async () => {
    const map = await runTool(fx.tools, 'repo_map', { focusFiles: ['src/checkout.ts'], maxTokens: 300 });
    assert.match(map.text, /src\/cart\.ts:\n {2}export class CartService/);
    assert.ok(!map.text.includes(fx.root), 'paths are workspace-relative');
    const refused = await runTool(fx.tools, 'repo_map', { focusFiles: ['.env'] });
    assert.equal(refused.ok, false);
  });

  it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(toolNamed(fx.tools, 'search_text').run({ query: 'x' }, controller.signal), { name: 'AbortError' });
  });
});

describe('research tools over an index that holds ignored and secret-named files', () => {
  let fx: ResearchFixture;
  before(async () => {
    fx = await researchFixture({ respectGitignore: false });
  });
  after(() => fx.dispose());

  it('search_text and find_symbol still never return them', async () => {
    assert.ok(fx.index.file(`${fx.root}/local-notes.ts`), 'the index holds the ignored file');
    assert.ok(fx.index.file(`${fx.root}/config/.env.production.js`), 'the index holds the secret-named file');
    const secret = await runTool(fx.tools, 'search_text', { query: SECRET });
    assert.match(secret.text, /^No match for SECRET-7f3a9c in \d+ source files\.$/);
    const uses = await runTool(fx.tools, 'search_text', { query: 'applyDiscount' });
    assert.ok(!/local-notes|dist\/|\.env/.test(uses.text), uses.text);
    const defs = await runTool(fx.tools, 'find_symbol', { name: 'applyDiscount' });
    assert.equal(defs.text.split('\n').length, 1, defs.text);
    assert.match(defs.text, /^src\/discount\.ts:7/);
  });
});
