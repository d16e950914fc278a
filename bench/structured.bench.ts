// Structured output and tool calls against their bare paths (goals of issue 11): generateObject vs
// the adapter's raw stream of the same request, and a tool-call stream through the adapter vs the
// openai SDK's own stream. The measuring code is in lib/structuredMeasure.ts; this file bundles it
// as esbuild.js bundles the extension and runs the bundle in a process of its own.
//
// Why bundled: run through tsx, every function of ours is wrapped by esbuild's `keepNames` (an
// Object.defineProperty per closure made, and the router makes dozens per call), while the SDK's
// plain JavaScript, on both sides, is not. That charged our side for a dev-only transform the
// shipped extension does not have. STRUCTURED_BENCH_TSX=1 runs the same code through tsx instead,
// to compare.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleForNode } from './lib/nodeBundle';
import { recordResults } from './lib/results';
import type { StructuredMeasurement } from './lib/structuredMeasure';

const ROOT = join(__dirname, '..');
const throughTsx = process.env['STRUCTURED_BENCH_TSX'] === '1';
const outDir = mkdtempSync(join(tmpdir(), 'sb-structured-'));
try {
  const script = throughTsx ? ['--import', 'tsx', join('bench', 'lib', 'structuredMeasure.ts')] : [bundleForNode('structuredMeasure', 'bench/lib/structuredMeasure.ts', outDir)];
  const run = spawnSync(process.execPath, ['--expose-gc', ...script], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024 });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0 || !last.startsWith('{')) {
    process.stdout.write(run.stdout);
    throw new Error(`the structured benchmark's run failed (exit ${run.status})`);
  }
  const measurement = JSON.parse(last) as StructuredMeasurement;
  console.log(`Code under test: ${throughTsx ? 'through tsx (keepNames)' : 'bundled as esbuild.js bundles the extension'}.`);
  recordResults(measurement.figures);
  for (const note of measurement.notes) console.log(note);
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
