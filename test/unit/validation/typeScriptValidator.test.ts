import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { silentLogger } from '../../../src/core/log/logger';
import type { FileChange, ValidationReport } from '../../../src/core/tasks/taskTypes';
import { TypeScriptValidator } from '../../../src/core/validation/typeScriptValidator';

const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, target: 'ES2022', module: 'Node16', moduleResolution: 'Node16', types: [], noEmit: true },
  include: ['src'],
});

const PRICE = 'export function price(amount: number): number {\n  return Math.round(amount * 100) / 100;\n}\n';
/** A report's errors as `path:line code`, the form each test expects them in. */
function found(report: ValidationReport): string[] {
  return report.diagnostics.map((d) => `${d.path}:${d.line} ${d.code}`);
}

const CART = "import { price } from './price';\n\nexport function total(amounts: number[]): number {\n  return amounts.reduce((sum, a) => sum + price(a), 0);\n}\n";

describe('TypeScriptValidator', function () {
  // The first validation of each workspace parses the standard library.
  this.timeout(60_000);

  let root: string;
  let validator: TypeScriptValidator | undefined;

  function workspace(files: Record<string, string>): string {
    root = mkdtempSync(join(tmpdir(), 'sb-validate-'));
    for (const [path, text] of Object.entries(files)) write(path, text);
    return root;
  }
  function write(path: string, text: string): void {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  function read(path: string): string {
    return readFileSync(join(root, path), 'utf8');
  }
  function validatorFor(files: Record<string, string>): TypeScriptValidator {
    validator = new TypeScriptValidator({ root: workspace(files), log: silentLogger });
    return validator;
  }
  function edit(path: string, after: string): FileChange {
    return { kind: 'edit', path, before: read(path), after };
  }

  afterEach(() => {
    validator?.dispose();
    validator = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it('reports a type error the change introduces with its code and file:line', async () => {
    const v = validatorFor({ 'tsconfig.json': TSCONFIG, 'src/price.ts': PRICE, 'src/cart.ts': CART });
    const report = await v.validate([edit('src/cart.ts', `${CART}\nexport const label: number = 'total';\n`)]);
    assert.equal(report.status, 'failed');
    assert.deepEqual(report.files, [{ path: 'src/cart.ts', check: 'types' }]);
    assert.equal(report.diagnostics.length, 1);
    assert.deepEqual({ ...report.diagnostics[0], message: undefined }, { path: 'src/cart.ts', line: 7, column: 14, code: 'TS2322', message: undefined });
    assert.match(report.diagnostics[0]!.message, /string.*number/);
  });

  it('finishes a validation during which the disk changes (files reported changed at every turn), and finds what it must', async () => {
    const v = validatorFor({ 'tsconfig.json': TSCONFIG, 'src/price.ts': PRICE, 'src/cart.ts': CART });
    const changed = 'export function price(amount: number, currency: string): number {\n  return Math.round(amount * 100) / 100;\n}\n';
    let settled = false;
    const pending = v.validate([edit('src/price.ts', changed)]).finally(() => (settled = true));
    // A file watcher reports another file saved while the check runs (it awaits between files).
    while (!settled) {
      v.invalidate(['src/other.ts']);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const report = await pending;
    assert.deepEqual(found(report), ['src/cart.ts:4 TS2554']);
  });

  it('fails a changed exported signature through the unchanged importer', async () => {
    const v = validatorFor({ 'tsconfig.json': TSCONFIG, 'src/price.ts': PRICE, 'src/cart.ts': CART });
    const changed = 'export function price(amount: number, currency: string): number {\n  return Math.round(amount * 100) / 100;\n}\n';
    const report = await v.validate([edit('src/price.ts', changed)]);
    assert.equal(report.status, 'failed');
    assert.deepEqual(report.files, [{ path: 'src/price.ts', check: 'types' }]);
    assert.deepEqual(found(report), ['src/cart.ts:4 TS2554']);
  });

  it('leaves the importers unchecked when the change keeps what the file declares, and checks them when it does not', async () => {
    const v = validatorFor({ 'tsconfig.json': TSCONFIG, 'src/price.ts': PRICE, 'src/cart.ts': CART });
    const body = await v.validate([edit('src/price.ts', 'export function price(amount: number): number {\n  return Math.round(amount * 1000) / 1000;\n}\n')]);
    assert.equal(body.status, 'passed');
    assert.equal(v.stats().importersSkipped, 1, 'a new body leaves src/cart.ts as it was');
    const signature = await v.validate([edit('src/price.ts', 'export function price(amount: number, digits: number): number {\n  return Math.round(amount * digits) / digits;\n}\n')]);
    assert.equal(v.stats().importersSkipped, 0);
    assert.deepEqual(found(signature), ['src/cart.ts:4 TS2554']);
  });

  it("checks a changed file's own body when its declarations equal those of an earlier validation (created, then edited)", async () => {
    // Same declarations, the second body assigns `number | string` to a number: kept declarations may skip importers, never the file.
    const rates = (fallback: string) =>
      `export const CODES: Record<string, number> = { SAVE10: 0.1 };\n\nexport function codeRate(code: string): number {\n  const rate: number = code.length > 0 ? CODES[code] : ${fallback};\n  return rate;\n}\n`;
    const v = validatorFor({ 'tsconfig.json': TSCONFIG, 'src/price.ts': PRICE, 'src/rates.ts': rates('1') });
    const create = (after: string): FileChange => ({ kind: 'create', path: 'src/discountCodes.ts', after });
    assert.equal((await v.validate([create(rates('0'))])).status, 'passed');
    const created = await v.validate([create(rates("'none'"))]);
    assert.deepEqual(found(created), ['src/discountCodes.ts:4 TS2322']);
    assert.equal((await v.validate([edit('src/rates.ts', rates('0'))])).status, 'passed');
    const edited = await v.validate([edit('src/rates.ts', rates("'none'"))]);
    assert.deepEqual(found(edited), ['src/rates.ts:4 TS2322']);
  });

  it('checks the importers of a file whose declarations read the same but name a type the change set changed', async () => {
    const v = validatorFor({
      'tsconfig.json': TSCONFIG,
      'src/money.ts': 'export interface Money {\n  cents: number;\n}\n',
      'src/wallet.ts': "import type { Money } from './money';\n\nexport function empty(): Money {\n  return { cents: 0 };\n}\n",
      'src/app.ts': "import { empty } from './wallet';\n\nexport const shown: number = empty().cents;\n",
    });
    const report = await v.validate([
      edit('src/money.ts', 'export interface Money {\n  amount: string;\n}\n'),
      edit('src/wallet.ts', "import type { Money } from './money';\n\nexport function empty(): Money {\n  return { amount: '0' };\n}\n"),
    ]);
    assert.deepEqual(found(report), ['src/app.ts:3 TS2339']);
  });

  it('checks the importers of an unchanged file whose declarations the change alters (a type it infers), as tsc does', async () => {
    const v = validatorFor({
      'tsconfig.json': TSCONFIG,
      'src/price.ts': PRICE,
      'src/first.ts': "import { price } from './price';\n\nexport const first = (amount: number) => price(amount);\n",
      'src/label.ts': "import { first } from './first';\n\nexport const label: string = first(1).toFixed(2);\n",
    });
    // first.ts itself still type-checks; what it exports now returns a string, which label.ts cannot call toFixed on.
    const report = await v.validate([edit('src/price.ts', 'export function price(amount: number): string {\n  return amount.toFixed(2);\n}\n')]);
    assert.deepEqual(found(report), ['src/label.ts:3 TS2551']);
    // A body that keeps every declaration reaches no further than before.
    const body = await v.validate([edit('src/price.ts', 'export function price(amount: number): number {\n  return amount;\n}\n')]);
    assert.equal(body.status, 'passed', JSON.stringify(body.diagnostics));
  });

  it('finds an importer that reaches the changed file through a re-exporting index', async () => {
    const v = validatorFor({
      'tsconfig.json': TSCONFIG,
      'src/price.ts': PRICE,
      'src/index.ts': "export * from './price';\n",
      'src/app.ts': "import { price } from './index';\n\nexport const shown = price(3);\n",
    });
    const report = await v.validate([edit('src/price.ts', 'export function price(amount: string): string {\n  return amount;\n}\n')]);
    assert.deepEqual(found(report), ['src/app.ts:3 TS2345']);
  });

  it('does not blame the change for errors the files already had, even when lines shift', async () => {
    const broken = `${CART}\nexport const wrong: string = 42;\n`;
    const v = validatorFor({ 'tsconfig.json': TSCONFIG, 'src/price.ts': PRICE, 'src/cart.ts': broken });
    const report = await v.validate([edit('src/cart.ts', `// Totals for the checkout.\n\n${broken}`)]);
    assert.equal(report.status, 'passed');
    assert.deepEqual(report.diagnostics, []);
  });

  it('passes a fix that removes an error', async () => {
    const v = validatorFor({ 'tsconfig.json': TSCONFIG, 'src/price.ts': PRICE, 'src/cart.ts': `${CART}export const wrong: string = 42;\n` });
    const report = await v.validate([edit('src/cart.ts', `${CART}export const wrong: string = '42';\n`)]);
    assert.equal(report.status, 'passed');
  });

  it('checks a new file, a deletion and a rename against their importers', async () => {
    const v = validatorFor({ 'tsconfig.json': TSCONFIG, 'src/price.ts': PRICE, 'src/cart.ts': CART });

    const created = await v.validate([{ kind: 'create', path: 'src/discount.ts', after: "import { price } from './price';\n\nexport const off: string = price(1);\n" }]);
    assert.deepEqual(created.files, [{ path: 'src/discount.ts', check: 'types' }]);
    assert.deepEqual(found(created), ['src/discount.ts:3 TS2322']);

    const deleted = await v.validate([{ kind: 'delete', path: 'src/price.ts', before: PRICE }]);
    assert.equal(deleted.status, 'failed');
    assert.deepEqual(found(deleted), ['src/cart.ts:1 TS2307']);

    const renamed: FileChange = { kind: 'rename', path: 'src/price.ts', newPath: 'src/money/price.ts', before: PRICE, after: PRICE };
    const alone = await v.validate([renamed]);
    assert.deepEqual(found(alone), ['src/cart.ts:1 TS2307']);
    assert.deepEqual(alone.files, [{ path: 'src/money/price.ts', check: 'types' }]);

    const withImporter = await v.validate([renamed, edit('src/cart.ts', CART.replace("'./price'", "'./money/price'"))]);
    assert.equal(withImporter.status, 'passed', JSON.stringify(withImporter.diagnostics));
  });


  it('checks a new module against the unchanged files that already import it (unresolved on disk), as a file or a folder index', async () => {
    // Written first by the person, the module asked of the model next: on disk the imports resolve to nothing.
    const CHECKOUT = "import { applyDiscount } from './discount.js';\n\nexport const due: number = applyDiscount(100);\n";
    const REPORT = "import { rate } from './rates';\n\nexport const shown: string = rate.toFixed(2);\n";
    const v = validatorFor({ 'tsconfig.json': TSCONFIG, 'src/checkout.ts': CHECKOUT, 'src/report.ts': REPORT });

    const wrong = await v.validate([{ kind: 'create', path: 'src/discount.ts', after: 'export function applyDiscount(code: string): number {\n  return code.length;\n}\n' }]);
    assert.deepEqual(found(wrong), ['src/checkout.ts:3 TS2345']);

    const right = await v.validate([{ kind: 'create', path: 'src/discount.ts', after: 'export function applyDiscount(total: number): number {\n  return total * 0.9;\n}\n' }]);
    assert.equal(right.status, 'passed', JSON.stringify(right.diagnostics));

    // './discount.js' above named the TypeScript file; './rates' names a folder's index.
    const index = await v.validate([{ kind: 'create', path: 'src/rates/index.ts', after: "export const rate = '0.9';\n" }]);
    assert.deepEqual(found(index), ['src/report.ts:3 TS2551']);
  });

  it('checks a new module against the files importing it through a `paths` alias, unresolved on disk', async () => {
    const tsconfig = JSON.stringify({ compilerOptions: { ...JSON.parse(TSCONFIG).compilerOptions, paths: { '@app/*': ['./src/*'] } }, include: ['src'] });
    const v = validatorFor({ 'tsconfig.json': tsconfig, 'src/checkout.ts': "import { applyDiscount } from '@app/discount';\n\nexport const due: number = applyDiscount(100);\n" });
    const wrong = await v.validate([{ kind: 'create', path: 'src/discount.ts', after: 'export function applyDiscount(code: string): number {\n  return code.length;\n}\n' }]);
    assert.deepEqual(found(wrong), ['src/checkout.ts:3 TS2345']);
  });

  it('checks further than the file waiting for the new module: what that file exports was `any` on disk', async () => {
    const v = validatorFor({
      'tsconfig.json': TSCONFIG,
      'src/cart.ts': "import { rate } from './rate';\n\nexport const shownRate = rate;\n",
      'src/shown.ts': "import { shownRate } from './cart';\n\nexport const percent: number = shownRate * 100;\n",
    });
    const report = await v.validate([{ kind: 'create', path: 'src/rate.ts', after: "export const rate = '0.9';\n" }]);
    assert.deepEqual(found(report), ['src/shown.ts:3 TS2362']);
  });
  it('keeps a renamed file’s existing errors from being blamed on the move', async () => {
    const broken = `${PRICE}export const wrong: string = 42;\n`;
    const v = validatorFor({ 'tsconfig.json': TSCONFIG, 'src/price.ts': broken, 'src/cart.ts': CART });
    const report = await v.validate([
      { kind: 'rename', path: 'src/price.ts', newPath: 'src/money.ts', before: broken, after: broken },
      edit('src/cart.ts', CART.replace("'./price'", "'./money'")),
    ]);
    assert.equal(report.status, 'passed', JSON.stringify(report.diagnostics));
  });

  it('gives JavaScript without a tsconfig a syntax check', async () => {
    const v = validatorFor({ 'app.js': 'export const a = 1;\n', 'lib.js': 'export const broken = ;\n' });
    const report = await v.validate([edit('app.js', 'export const a = (1;\n'), edit('lib.js', 'export const broken = ;\nexport const b = 2;\n')]);
    assert.equal(report.status, 'failed');
    assert.deepEqual(report.files, [
      { path: 'app.js', check: 'syntax' },
      { path: 'lib.js', check: 'syntax' },
    ]);
    // lib.js was already broken: only app.js's new error counts.
    assert.deepEqual(found(report), ['app.js:1 TS1005']);
  });

  it('does not validate a Python file', async () => {
    const v = validatorFor({ 'tsconfig.json': TSCONFIG, 'src/price.ts': PRICE, 'tool.py': 'print(1)\n' });
    const report = await v.validate([edit('tool.py', 'print(\n')]);
    assert.deepEqual(report, { status: 'not-validated', diagnostics: [], files: [{ path: 'tool.py', check: 'none' }], timeMs: report.timeMs });
  });

  it('stays warm: a second validation reuses the service, the parsed files and the baseline', async () => {
    const v = validatorFor({ 'tsconfig.json': TSCONFIG, 'src/price.ts': PRICE, 'src/cart.ts': CART });
    const first = await v.validate([edit('src/price.ts', 'export function price(amount: number): string {\n  return String(amount);\n}\n')]);
    assert.deepEqual(found(first), ['src/cart.ts:4 TS2769']);
    const stats = v.stats();
    assert.equal(stats.servicesCreated, 1);
    assert.ok(stats.filesRead > 2, 'the first validation read the project and the standard library');
    assert.equal(stats.baselineFilesChecked, 1, 'the one file with errors after the change (cart.ts) was checked as it was before');

    const second = await v.validate([edit('src/price.ts', 'export function price(amount: string): number {\n  return Number(amount);\n}\n')]);
    assert.deepEqual(found(second), ['src/cart.ts:4 TS2345']);
    assert.deepEqual(v.stats(), stats, 'no new service, config parse, disk read or baseline check');
  });

  it('drops a preparation stopped before its turn, and ends one stopped under way at its next step', async () => {
    const v = validatorFor({ 'tsconfig.json': TSCONFIG, 'src/price.ts': PRICE, 'src/cart.ts': CART });
    const gone = new AbortController();
    gone.abort();
    await v.prepare(['src/cart.ts'], gone.signal);
    assert.equal(v.stats().projectLoads, 0, 'a preparation stopped before it began loads nothing');

    // Stopped while it loads the project (one synchronous step): it reads no file after that step.
    const stop = new AbortController();
    const preparing = v.prepare(['src/cart.ts'], stop.signal);
    setImmediate(() => stop.abort());
    await preparing;
    assert.deepEqual({ loads: v.stats().projectLoads, read: v.stats().filesRead }, { loads: 1, read: 0 });

    // Not stopped: the project's files are read (the import graph), and a check after it finds the same.
    await v.prepare(['src/cart.ts']);
    assert.ok(v.stats().filesRead >= 2, `read ${v.stats().filesRead} files`);
    const report = await v.validate([edit('src/price.ts', 'export function price(amount: number): string {\n  return String(amount);\n}\n')]);
    assert.deepEqual(found(report), ['src/cart.ts:4 TS2769']);
  });

  it('prepares the project and the files a change will touch: the check after it reads nothing more and finds the same', async () => {
    const v = validatorFor({ 'tsconfig.json': TSCONFIG, 'src/price.ts': PRICE, 'src/cart.ts': CART });
    await v.prepare(['src/price.ts', 'src/missing.ts', '../outside.ts']);
    const prepared = v.stats();
    assert.equal(prepared.servicesCreated, 1);
    assert.equal(prepared.projectLoads, 1);
    assert.ok(prepared.filesRead > 2, 'the project, the importer and the standard library were read');
    // An empty change set has nothing to check, and leaves the prepared program as it was.
    assert.deepEqual(await v.validate([]), { status: 'not-validated', diagnostics: [], files: [], timeMs: 0 });
    const report = await v.validate([edit('src/price.ts', 'export function price(amount: number): string {\n  return String(amount);\n}\n')]);
    assert.deepEqual(found(report), ['src/cart.ts:4 TS2769']);
    const after = v.stats();
    assert.deepEqual({ ...after, baselineFilesChecked: 0, importersSkipped: 0 }, { ...prepared, baselineFilesChecked: 0, importersSkipped: 0 }, 'no new service, config parse or disk read');
  });

  it('prepares after a check that created a file: the importers of the file, gone again, are read as on disk', async () => {
    // On disk cart.ts imports a module that does not exist: `charged` is `any` there.
    const cart = "import { RATE } from './rate';\n\nexport const charged = RATE;\n";
    const v = validatorFor({ 'tsconfig.json': TSCONFIG, 'src/cart.ts': cart, 'src/shown.ts': "import { charged } from './cart';\n\nexport const label: string = charged;\n" });
    const create: FileChange = { kind: 'create', path: 'src/rate.ts', after: 'export const RATE = 2;\n' };
    await v.validate([create]);
    await v.prepare(['src/cart.ts']);
    // The same file created again, and cart.ts edited: `charged` becomes a number, which shown.ts, unchanged, cannot take.
    const report = await v.validate([create, edit('src/cart.ts', `${cart}// priced\n`)]);
    assert.deepEqual(found(report), ['src/shown.ts:3 TS2322']);
  });

  it('prepares with no path named: the project loads, and a validation after it is the same as without', async () => {
    const v = validatorFor({ 'tsconfig.json': TSCONFIG, 'src/price.ts': PRICE, 'src/cart.ts': CART });
    await v.prepare([]);
    assert.equal(v.stats().servicesCreated, 1);
    const report = await v.validate([edit('src/cart.ts', `${CART}\nexport const label: number = 'total';\n`)]);
    assert.deepEqual(found(report), ['src/cart.ts:7 TS2322']);
    assert.equal(v.stats().projectLoads, 1);
  });

  it('sees a file changed on disk after invalidate', async () => {
    const v = validatorFor({ 'tsconfig.json': TSCONFIG, 'src/price.ts': PRICE, 'src/cart.ts': CART });
    const twoArgs = 'export function price(amount: number, rate: number): number {\n  return amount * rate;\n}\n';
    const stale = await v.validate([edit('src/price.ts', twoArgs)]);
    assert.equal(stale.status, 'failed');

    // The person updates the caller on disk, and adds a file that calls the old signature.
    write('src/cart.ts', CART.replace('price(a)', 'price(a, 1)'));
    write('src/extra.ts', "import { price } from './price';\n\nexport const one = price(1);\n");
    v.invalidate(['src/cart.ts', join(root, 'src/extra.ts')]);
    const fresh = await v.validate([{ kind: 'edit', path: 'src/price.ts', before: PRICE, after: twoArgs }]);
    assert.deepEqual(found(fresh), ['src/extra.ts:3 TS2554']);
    assert.equal(v.stats().servicesCreated, 1, 'the service is kept');
    assert.equal(v.stats().projectLoads, 2, 'the new file made the config be read again');
  });

  it('stops between files when the signal is aborted', async () => {
    const v = validatorFor({ 'tsconfig.json': TSCONFIG, 'src/price.ts': PRICE, 'src/cart.ts': CART });
    const controller = new AbortController();
    const pending = v.validate([edit('src/price.ts', `${PRICE}\n`)], controller.signal);
    // Runs at the first turn the validator yields, after it has started (the signal is not aborted at the start).
    setImmediate(() => controller.abort());
    await assert.rejects(pending, { name: 'AbortError' });
    assert.equal(v.stats().servicesCreated, 1, 'it had started: the signal was seen at a turn between files');
    const after = await v.validate([edit('src/cart.ts', `${CART}export const x: number = 'x';\n`)]);
    assert.equal(after.status, 'failed', 'the validator still works after a cancelled run');
  });
});
