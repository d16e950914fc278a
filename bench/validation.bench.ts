// Validating a two-file change set in this repository (a function in src/core gains a parameter, its
// caller passes it) with the TypeScriptValidator, against a full `tsc --noEmit -p .` of the same project.
// 1. Warm: one validator, many validations of change sets that differ each time (as successive tasks'
//    do), no file changed on disk between them. Figures: p50, p95 (goal p95 ≤ 300 ms).
// 2. Cold: a new validator's first validation, each in a fresh Node process (loading TypeScript and the
//    project included), run side by side with `node node_modules/typescript/bin/tsc --noEmit -p .` (what
//    `npx tsc` runs), alternating which goes first. Figure: median over rounds of validator ÷ tsc
//    process wall time (goal ≤ 0.3); the same ratio of CPU time (user + system, from /proc on Linux),
//    which other processes' load on the machine moves much less, beside it.
// 3. The thread (what the extension runs: validationThread.ts): a window's first check through it,
//    against the same first check on the calling thread. Figures: the longest the calling thread is
//    held (an extension host held that long freezes every extension and the chat), and the first
//    check's time after prepare() was told the change's files, against the first check unprepared
//    (a task prepares while its models plan and draft). And a task's first merge (its draft laid into
//    a file by declaration) through the prepared thread, against the same first merge in a fresh
//    process (a window's extension host): loading the parser and merging, all on the calling thread.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ApplyRequest } from '../src/core/chat/applyText';
import { silentLogger } from '../src/core/log/logger';
import { TypeScriptValidator } from '../src/core/validation/typeScriptValidator';
import { ThreadedValidator, ValidationThread } from '../src/core/validation/validationThread';
import { bundleForNode } from './lib/nodeBundle';
import { bundleValidationWorker } from './lib/validationWorkerBundle';
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

/** A code block a draft would hold for the change's first file: its changed function alone, to merge by declaration. */
function firstMergeRequest(change: ReturnType<typeof twoFileChange>): ApplyRequest {
  const edit = change[0];
  assert.ok(edit && edit.kind === 'edit');
  const start = edit.after.indexOf('export function workspacePath(');
  const end = edit.after.indexOf('\n}\n', start) + 3;
  assert.ok(start >= 0 && end > start, 'the changed function is in the change');
  return { fileText: edit.before, code: edit.after.slice(start, end), path: edit.path };
}

/** The first merge in a fresh process, as a window's extension host does it: the bundled parser required, then the merge (all synchronous). */
function firstMergeInFreshProcess(request: ApplyRequest): { ms: number; text: string } {
  const bundle = bundleForNode('applyMerge', 'src/core/chat/applyMerge.ts', mkdtempSync(join(tmpdir(), 'switchboard-merge-')));
  const script = `const t = performance.now(); const plan = require(${JSON.stringify(bundle)}).mergeCodeBlock(${JSON.stringify(request)}); console.log(JSON.stringify({ ms: performance.now() - t, text: plan.text }));`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout.trim()) as { ms: number; text: string };
}

/** Runs `work` while timing how long at most this thread goes without a turn of its event loop. */
async function longestBlock<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; blockMs: number }> {
  let last = performance.now();
  let block = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    block = Math.max(block, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  try {
    const value = await work();
    const ms = performance.now() - started;
    block = Math.max(block, performance.now() - last);
    return { value, ms, blockMs: block };
  } finally {
    clearInterval(timer);
  }
}

async function thread(): Promise<void> {
  const script = bundleValidationWorker();
  const change = twoFileChange(0);
  // The calling thread has loaded TypeScript already (part 1): its figure is the check alone.
  const local = new TypeScriptValidator({ root: REPO_ROOT, log: silentLogger });
  const inProcess = await longestBlock(() => local.validate(change));
  local.dispose();

  const first = new ValidationThread(script, silentLogger);
  const unprepared = await longestBlock(() => new ThreadedValidator(first, { root: REPO_ROOT }).validate(change));
  first.dispose();

  const second = new ValidationThread(script, silentLogger);
  const validator = new ThreadedValidator(second, { root: REPO_ROOT });
  const preparing = await longestBlock(() => validator.prepare(change.map((c) => c.path)));
  const prepared = await longestBlock(() => validator.validate(change));
  const request = firstMergeRequest(change);
  const merged = await longestBlock(() => second.merge(request));
  second.dispose();
  const inHost = firstMergeInFreshProcess(request);
  assert.equal(merged.value.strategy, 'merge', merged.value.description);
  assert.equal(merged.value.text, inHost.text, 'the thread merges as the host does');
  for (const r of [inProcess, unprepared, prepared]) assert.equal(r.value.status, 'passed', JSON.stringify(r.value.diagnostics));

  recordResults({
    'validation.thread.hostBlock': {
      value: Math.max(unprepared.blockMs, preparing.blockMs, prepared.blockMs),
      unit: 'ms',
      baseline: inProcess.blockMs,
      baselineName: 'the same first check on the calling thread',
      ratio: Math.max(unprepared.blockMs, preparing.blockMs, prepared.blockMs) / inProcess.blockMs,
    },
    'validation.thread.firstCheck': { value: unprepared.ms, unit: 'ms', baseline: inProcess.ms, baselineName: 'the same first check on the calling thread (TypeScript loaded)', ratio: unprepared.ms / inProcess.ms },
    'validation.thread.firstCheckPrepared': { value: prepared.ms, unit: 'ms', baseline: unprepared.ms, baselineName: 'the first check through the thread, unprepared', ratio: prepared.ms / unprepared.ms },
    'validation.thread.firstMergeHostBlock': {
      value: merged.blockMs,
      unit: 'ms',
      baseline: inHost.ms,
      baselineName: "a window's first merge on the calling thread (the parser loaded, then the merge)",
      ratio: merged.blockMs / inHost.ms,
    },
    'validation.thread.firstMerge': { value: merged.ms, unit: 'ms', baseline: inHost.ms, baselineName: "a window's first merge on the calling thread", ratio: merged.ms / inHost.ms },
  });
  console.log(`thread: preparing took ${preparing.ms.toFixed(0)} ms (a task spends it while its models plan and draft).`);
}

async function main(): Promise<void> {
  await warm();
  await thread();
  cold();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
