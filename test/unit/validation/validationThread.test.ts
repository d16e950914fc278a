import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bundleValidationWorker } from '../../../bench/lib/validationWorkerBundle';
import { mergeCodeBlock } from '../../../src/core/chat/applyMerge';
import type { Logger } from '../../../src/core/log/logger';
import { eventually } from '../../support/eventually';
import { TypeScriptValidator } from '../../../src/core/validation/typeScriptValidator';
import { ThreadedValidator, ValidationThread } from '../../../src/core/validation/validationThread';
import type { FileChange } from '../../../src/core/tasks/taskTypes';

const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, target: 'ES2022', module: 'Node16', moduleResolution: 'Node16', types: [], noEmit: true },
  include: ['src'],
});
const PRICE = 'export function price(amount: number): number {\n  return Math.round(amount * 100) / 100;\n}\n';
const CART = "import { price } from './price';\n\nexport function total(amounts: number[]): number {\n  return amounts.reduce((sum, a) => sum + price(a), 0);\n}\n";
const LIB = join(__dirname, '..', '..', '..', 'node_modules', 'typescript', 'lib');

function recordingLog(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (m: string | Error) => lines.push(`${level}: ${m instanceof Error ? m.message : m}`);
  return { lines, trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('ValidationThread (the bundled validator on a thread of its own)', function () {
  this.timeout(60_000);
  let dir = '';
  let script = '';
  let root = '';
  let thread: ValidationThread | undefined;

  before(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'sb-vthread-')));
    script = bundleValidationWorker(join(dir, 'bundle'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    root = join(dir, `ws-${Math.random().toString(36).slice(2)}`);
    for (const [path, text] of Object.entries({ 'tsconfig.json': TSCONFIG, 'src/price.ts': PRICE, 'src/cart.ts': CART })) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  });
  afterEach(() => {
    thread?.dispose();
    thread = undefined;
  });

  const broken: FileChange = { kind: 'edit', path: 'src/price.ts', before: PRICE, after: 'export function price(amount: number): string {\n  return String(amount);\n}\n' };

  it('reports what the validator in this thread reports, and its log lines reach the host log', async () => {
    const log = recordingLog();
    thread = new ValidationThread(script, log);
    assert.equal(thread.started, false, 'no thread until something is checked');
    const viaThread = await new ThreadedValidator(thread, { root, libDirectory: LIB }).validate([broken]);
    const local = new TypeScriptValidator({ root, log: log, libDirectory: LIB });
    const inProcess = await local.validate([broken]);
    local.dispose();
    assert.deepEqual({ ...viaThread, timeMs: 0 }, { ...inProcess, timeMs: 0 });
    assert.deepEqual(viaThread.diagnostics.map((d) => `${d.path}:${d.line} ${d.code}`), ['src/cart.ts:4 TS2769']);
    assert.equal(log.lines.filter((l) => l.startsWith('debug: Validation: failed, 1 new error in 1 file')).length, 2, `the thread's line and this one: ${log.lines.join(' | ')}`);
  });

  it('prepares a folder, then checks it; an invalidated file is read again', async () => {
    thread = new ValidationThread(script, recordingLog());
    const validator = new ThreadedValidator(thread, { root, libDirectory: LIB });
    const preparing = validator.prepare(['src/price.ts']);
    assert.equal(thread.started, true);
    await preparing;
    const first = await validator.validate([broken]);
    assert.equal(first.status, 'failed');
    // The caller fixed on disk: without the invalidation the thread would keep the old text.
    writeFileSync(join(root, 'src/cart.ts'), "import { price } from './price';\n\nexport const shown: string = price(1);\n");
    validator.invalidate([join(root, 'src/cart.ts')]);
    const second = await validator.validate([broken]);
    assert.equal(second.status, 'passed', JSON.stringify(second.diagnostics));
  });

  it('answers a stopped check at once with the reason, and the next check still works', async () => {
    thread = new ValidationThread(script, recordingLog());
    const validator = new ThreadedValidator(thread, { root, libDirectory: LIB });
    const controller = new AbortController();
    const stopped = validator.validate([broken], controller.signal);
    controller.abort(new Error('Stopped by the person'));
    await assert.rejects(stopped, /Stopped by the person/);
    const already = new AbortController();
    already.abort(new Error('gone'));
    await assert.rejects(validator.validate([broken], already.signal), /gone/);
    assert.equal((await validator.validate([broken])).status, 'failed');
  });

  it('answers a stopped preparation at once and stops it in the thread: a check queued behind it waits for no more', async () => {
    const log = recordingLog();
    thread = new ValidationThread(script, log);
    const validator = new ThreadedValidator(thread, { root, libDirectory: LIB });
    const already = new AbortController();
    already.abort();
    await validator.prepare(['src/price.ts'], already.signal);
    assert.equal(thread.started, false, 'a preparation stopped before it was sent starts no thread');

    const stop = new AbortController();
    let settled = false;
    const preparing = validator.prepare(['src/price.ts'], stop.signal).then(() => (settled = true));
    stop.abort();
    await preparing;
    assert.equal(settled, true);
    // The thread heard the stop: its log says the preparation ended with its task, and a check still works.
    assert.equal((await validator.validate([broken])).status, 'failed');
    assert.ok(log.lines.some((l) => /debug: Validation: preparing .* was stopped with its task/.test(l)), log.lines.join('\n'));
  });

  it('merges a code block as the extension host would, starting the thread for it', async () => {
    thread = new ValidationThread(script, recordingLog());
    const request = { fileText: CART, code: 'export function total(amounts: number[]): number {\n  return amounts.length;\n}', path: 'src/cart.ts' };
    const merged = await thread.merge(request);
    assert.equal(thread.started, true);
    assert.deepEqual(merged, mergeCodeBlock(request));
    assert.equal(merged.strategy, 'merge');
    assert.ok(merged.text.startsWith("import { price } from './price';") && merged.text.includes('return amounts.length;'), merged.text);
    thread.dispose();
    await assert.rejects(thread.merge(request), /the validation thread was closed/);
  });

  it('stops after it has been idle, saying so in the log, and starts again for the next check', async () => {
    const log = recordingLog();
    thread = new ValidationThread(script, log, 50);
    const validator = new ThreadedValidator(thread, { root, libDirectory: LIB });
    assert.equal((await validator.validate([broken])).status, 'failed');
    await eventually(() => thread!.started, (started) => !started, 'the idle thread stops', { ms: 30_000 });
    assert.ok(log.lines.some((l) => /^info: Validation: the thread was idle for 50 ms and stopped/.test(l)), log.lines.join('\n'));
    assert.ok(!log.lines.some((l) => l.startsWith('warn:')), 'an idle stop is no crash');
    assert.equal((await validator.validate([broken])).status, 'failed');
    assert.equal(thread.started, true, 'the next check started it again');
  });

  it('does not stop while a request is pending, however long it takes', async () => {
    thread = new ValidationThread(script, recordingLog(), 1);
    const validator = new ThreadedValidator(thread, { root, libDirectory: LIB });
    // Each request finds the thread it was sent to: a merge, a preparation and a check back to back, none lost.
    const [merged, , report] = await Promise.all([thread.merge({ fileText: CART, code: 'export const n = 1;\n', path: 'src/cart.ts' }), validator.prepare(['src/cart.ts']), validator.validate([broken])]);
    assert.equal(merged.strategy, 'merge');
    assert.equal(report.status, 'failed');
  });

  it('fails the checks of a thread that stops, says so in the log, and starts a new one for the next check', async () => {
    const exits = join(dir, 'exits.js');
    writeFileSync(exits, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n");
    const log = recordingLog();
    thread = new ValidationThread(exits, log);
    const validator = new ThreadedValidator(thread, { root });
    await assert.rejects(validator.validate([broken]), /the validation thread stopped \(exit code 3\)/);
    assert.equal(thread.started, false);
    assert.ok(log.lines.some((l) => l.startsWith('warn: Validation: the validation thread stopped (exit code 3); the checks it was running failed')), log.lines.join(' | '));
    await assert.rejects(validator.validate([broken]), /exit code 3/, 'a new thread took the next check');
    // A preparation the thread never finishes is given up, not thrown: it was only a hint.
    await validator.prepare(['src/price.ts']);
  });

  it('ignores a message from the thread it cannot read, and logs it', async () => {
    const garbled = join(dir, 'garbled.js');
    writeFileSync(
      garbled,
      "const { parentPort } = require('node:worker_threads');\nparentPort.on('message', (m) => { parentPort.postMessage({ type: 'report', id: m.id, report: { status: 'fine' } }); parentPort.postMessage({ type: 'failed', id: m.id, message: 'no compiler', aborted: false }); });\n",
    );
    const log = recordingLog();
    thread = new ValidationThread(garbled, log);
    await assert.rejects(new ThreadedValidator(thread, { root }).validate([broken]), /no compiler/);
    assert.ok(log.lines.some((l) => l.startsWith('error: Validation: the thread sent a message that cannot be read')), log.lines.join(' | '));
  });

  it('fails what is pending when closed, and refuses checks after', async () => {
    thread = new ValidationThread(script, recordingLog());
    const validator = new ThreadedValidator(thread, { root, libDirectory: LIB });
    const pending = validator.validate([broken]);
    thread.dispose();
    await assert.rejects(pending, /closed/);
    await assert.rejects(validator.validate([broken]), /closed/);
    assert.equal(thread.started, false);
  });
});
