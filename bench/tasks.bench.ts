// Orchestration overhead of a multi-model task (goals of issue 12): a six-phase `implement` task
// through runTask against the same phases' bare calls. The measuring code is in lib/tasksMeasure.ts;
// this file bundles it as esbuild.js bundles the extension and runs the bundle in a process of its
// own (see structured.bench.ts for why). TASKS_BENCH_TSX=1 runs the same code through tsx instead.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleForNode } from './lib/nodeBundle';
import { recordResults } from './lib/results';
import type { TasksMeasurement } from './lib/tasksMeasure';

const ROOT = join(__dirname, '..');
const throughTsx = process.env['TASKS_BENCH_TSX'] === '1';
const outDir = mkdtempSync(join(tmpdir(), 'sb-tasks-'));
try {
  const script = throughTsx ? ['--import', 'tsx', join('bench', 'lib', 'tasksMeasure.ts')] : [bundleForNode('tasksMeasure', 'bench/lib/tasksMeasure.ts', outDir)];
  const run = spawnSync(process.execPath, script, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024 });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0 || !last.startsWith('{')) {
    process.stdout.write(run.stdout);
    throw new Error(`the tasks benchmark's run failed (exit ${run.status})`);
  }
  const measurement = JSON.parse(last) as TasksMeasurement;
  console.log(`Code under test: ${throughTsx ? 'through tsx (keepNames)' : 'bundled as esbuild.js bundles the extension'}.`);
  recordResults(measurement.figures);
  for (const note of measurement.notes) console.log(note);
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
