// Validating a two-file change set in this repository (a function in src/core gains a parameter, its
// caller passes it) with the TypeScriptValidator, against a full `tsc --noEmit -p .` of the same project.
// 1. Warm: one validator, many validations of change sets that differ each time (as successive tasks'
//    do), no file changed on disk between them. Figures: p50, p95 (goal p95 ≤ 300 ms).
// 2. Cold: a new validator's first validation, each in a fresh Node process (loading TypeScript and the
//    project included), run side by side with `node node_modules/typescript/bin/tsc --noEmit -p .` (what
//    `npx tsc` runs), alternating which goes first. Figure: median over rounds of validator ÷ tsc
//    process wall time (goal ≤ 0.3); the same ratio of CPU time (user + system, from /proc on Linux),
//    which other processes' load on the machine moves much less, beside it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../src/core/log/logger';
import { TypeScriptValidator } from '../src/core/validation/typeScriptValidator';
import { recordResults } from './lib/results';
import { REPO_ROOT, twoFileChange } from './lib/validationChange';
import { median, percentile } from './lib/stats';

const WARM_RUNS = Number(process.env['VALIDATION_BENCH_WARM'] ?? 40);
const COLD_ROUNDS = Number(process.env['VALIDATION_BENCH_COLD'] ?? 3);
const WARM_P95_GOAL_MS = 300;
const COLD_RATIO_GOAL = 0.3;

async function warm(): Promise<void> {
  const validator = new TypeScriptValidator({ root: REPO_ROOT, log: silentLogger });
  try {
    const first = await validator.validate(twoFileChange(0));
    assert.equal(first.status, 'passed', JSON.stringify(first.diagnostics));
    assert.deepEqual(first.files.map((f) => f.check), ['types', 'types']);
    const broken = await validator.validate(twoFileChange(1, true));
    assert.equal(broken.status, 'failed', 'a required parameter breaks the unchanged callers');
    assert.ok(broken.diagnostics.some((d) => d.path.startsWith('test/')), 'an unchanged importer fails');

    const ms: number[] = [];
    for (let round = 2; round < WARM_RUNS + 2; round++) {
      const started = performance.now();
      const report = await validator.validate(twoFileChange(round));
      ms.push(performance.now() - started);
      assert.equal(report.status, 'passed');
    }
    const stats = validator.stats();
    assert.equal(stats.servicesCreated, 1);
    const p50 = median(ms);
    const p95 = percentile(ms, 95);
    recordResults({
      'validation.warm.p50': { value: p50, unit: 'ms' },
      'validation.warm.p95': { value: p95, unit: 'ms', goal: `≤ ${WARM_P95_GOAL_MS} ms`, met: p95 <= WARM_P95_GOAL_MS },
    });
    console.log(`${WARM_RUNS} warm validations of a two-file change set (${first.files.map((f) => f.path).join(', ')}); the validator read ${stats.filesRead} files once; importers left unchecked (declarations kept) in the last: ${stats.importersSkipped}.`);
  } finally {
    validator.dispose();
  }
}

/** CPU seconds of this process's waited-for children (user + system), or undefined off Linux. */
function childrenCpuMs(): number | undefined {
  try {
    // Fields after the command name: state is 3rd; cutime and cstime are the 16th and 17th of the line.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[13]) + Number(fields[14]);
    // The kernel reports in clock ticks, 100 per second on Linux.
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

interface Run {
  readonly wallMs: number;
  readonly cpuMs: number | undefined;
  readonly stdout: string;
}

function timed(args: readonly string[]): Run {
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = performance.now() - started;
  const cpuAfter = childrenCpuMs();
  if (result.error) throw result.error;
  return { wallMs, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore, stdout: result.stdout };
}

function cold(): void {
  const tscArgs = [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', '.'];
  const validatorArgs = ['--import', 'tsx', join(REPO_ROOT, 'bench', 'lib', 'validationCold.ts')];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  const validatorMs: number[] = [];
  const validationOwnMs: number[] = [];
  const tscMs: number[] = [];
  for (let round = 0; round < COLD_ROUNDS; round++) {
    const order = round % 2 === 0 ? (['validator', 'tsc'] as const) : (['tsc', 'validator'] as const);
    let v: Run | undefined;
    let t: Run | undefined;
    for (const side of order) {
      if (side === 'tsc') t = timed(tscArgs);
      else v = timed(validatorArgs);
    }
    assert.ok(v && t);
    const line = JSON.parse(v.stdout.trim().split('\n').at(-1) ?? '{}') as { ms?: number; status?: string };
    assert.equal(line.status, 'passed', `cold validation: ${v.stdout}`);
    validatorMs.push(v.wallMs);
    validationOwnMs.push(line.ms ?? Number.NaN);
    tscMs.push(t.wallMs);
    ratios.push(v.wallMs / t.wallMs);
    if (v.cpuMs !== undefined && t.cpuMs !== undefined && t.cpuMs > 0) cpuRatios.push(v.cpuMs / t.cpuMs);
    console.log(`round ${round + 1}: validator process ${v.wallMs.toFixed(0)} ms (validation ${line.ms?.toFixed(0)} ms, CPU ${v.cpuMs ?? '?'} ms), tsc ${t.wallMs.toFixed(0)} ms (CPU ${t.cpuMs ?? '?'} ms)`);
  }
  const ratio = median(ratios);
  const baselineName = 'tsc --noEmit -p . (whole process)';
  recordResults({
    'validation.cold': { value: median(validatorMs), unit: 'ms', baseline: median(tscMs), baselineName, ratio, goal: `ratio ≤ ${COLD_RATIO_GOAL}`, met: ratio <= COLD_RATIO_GOAL },
    'validation.cold.validationOnly': { value: median(validationOwnMs), unit: 'ms' },
    ...(cpuRatios.length > 0 ? { 'validation.cold.cpuRatio': { value: median(cpuRatios), unit: '×', baselineName: 'tsc CPU time', ratio: median(cpuRatios) } } : {}),
  });
}

async function main(): Promise<void> {
  await warm();
  cold();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
