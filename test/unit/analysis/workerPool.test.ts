import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bundleAnalysisWorker } from '../../../bench/lib/analysisWorkerBundle';
import { WorkerPool, threadsFor } from '../../../src/core/analysis/workerPool';
import type { FileJob } from '../../../src/core/analysis/fileJob';
import { InProcessRunner } from '../../support/inProcessRunner';

describe('WorkerPool (the bundled worker on real threads)', () => {
  let dir = '';
  let workerPath = '';
  const jobs: FileJob[] = [];

  before(function () {
    this.timeout(60_000);
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'sb-pool-')));
    workerPath = bundleAnalysisWorker(join(dir, 'bundle'));
    for (let i = 0; i < 150; i++) {
      const path = join(dir, `f${i}.ts`);
      const text = `export function f${i}(x: number) { return x > ${i} ? x : ${i}; }\nexport class C${i} { m() {} }\n`;
      writeFileSync(path, text);
      jobs.push({ path, size: text.length, mtimeMs: 0 });
    }
    writeFileSync(join(dir, 'broken.ts'), 'export function (');
    jobs.push({ path: join(dir, 'broken.ts'), size: 17, mtimeMs: 0 });
    jobs.push({ path: join(dir, 'missing.ts'), size: 1, mtimeMs: 0 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same results as analysing in-process, with progress per batch', async function () {
    this.timeout(60_000);
    const pool = new WorkerPool(workerPath, 2);
    let reported = 0;
    const viaWorkers = await pool.run(jobs, { onBatch: (b) => (reported += b.length) });
    pool.dispose();
    const inProcess = await new InProcessRunner().run(jobs);
    assert.equal(reported, jobs.length);
    assert.deepEqual(viaWorkers, inProcess);
    const broken = viaWorkers.find((r) => r.type === 'analyzed' && r.file.path.endsWith('broken.ts'));
    assert.ok(broken && broken.type === 'analyzed' && broken.file.diagnostics.length > 0);
    assert.deepEqual(viaWorkers.at(-1), { type: 'skipped', path: join(dir, 'missing.ts'), reason: 'unreadable', size: 1, mtimeMs: 0 });
    assert.equal(dirname(workerPath), join(dir, 'bundle'));
  });

  it('rejects when cancelled, and stays usable', async function () {
    this.timeout(60_000);
    const pool = new WorkerPool(workerPath, 2);
    const controller = new AbortController();
    const run = pool.run(jobs, { signal: controller.signal, onBatch: () => controller.abort(new Error('stop')) });
    await assert.rejects(run, /stop/);
    const after = await pool.run(jobs.slice(0, 3));
    assert.equal(after.length, 3);
    pool.dispose();
    await assert.rejects(pool.run(jobs), /disposed/);
  });

  it('starts only the threads the work it is told of needs', async function () {
    this.timeout(60_000);
    const pool = new WorkerPool(workerPath, 2);
    assert.equal(pool.threads, 0, 'no thread before any work');
    pool.prepare({ files: 4, bytes: 2_000 });
    assert.equal(pool.threads, 1, 'four small files are one batch: one thread');
    pool.prepare({ files: 150, bytes: 9_000 });
    assert.equal(pool.threads, 2, 'three batches keep both threads busy');
    pool.prepare({ files: 1, bytes: 10 });
    assert.equal(pool.threads, 2, 'a hint never stops a thread');
    const results = await pool.run(jobs.slice(0, 3));
    assert.equal(results.length, 3);
    pool.dispose();
    assert.equal(pool.threads, 0);
  });
});

describe('threadsFor (threads a cold index starts for the files found)', () => {
  it('starts one per batch the files make, at most the pool', () => {
    assert.equal(threadsFor({ files: 0, bytes: 0 }, 8), 0);
    assert.equal(threadsFor({ files: 4, bytes: 2_000 }, 63), 1, 'a small project: one thread on a 64-core machine');
    assert.equal(threadsFor({ files: 64, bytes: 64_000 }, 63), 1, 'one full batch by count');
    assert.equal(threadsFor({ files: 65, bytes: 65_000 }, 63), 2);
    assert.equal(threadsFor({ files: 10, bytes: 5 * 1024 * 1024 }, 63), 10, 'large files: a batch per 512 KB');
    assert.equal(threadsFor({ files: 19_000, bytes: 102_000_000 }, 7), 7, 'a large corpus: the whole pool');
  });
});
