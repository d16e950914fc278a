#!/usr/bin/env node
// `npm test`: every tier in order, each in its own process so one crashing cannot hide the others.
//   1. unit          mocha + tsx on plain Node (test/unit)
//   2. integration   the suite inside VS Code 1.100.3's extension host (trusted, then Restricted Mode)
//   3. e2e           Playwright driving the workbench, screenshots in test-results/screenshots/
// Prints the counts per tier and ends with one plain line, `N passed, N failed`. Exits non-zero when
// anything failed or a tier ran no tests at all.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { formatSeconds, makeTempDir, parseArgs, removeDir, root } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
const only = typeof args.only === 'string' ? args.only.split(',') : undefined;
const temp = makeTempDir('test');

const tiers = [
  {
    name: 'unit',
    command: [path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--reporter', path.join(root, 'scripts', 'mochaSummaryReporter.cjs')],
    summaryEnv: 'SWITCHBOARD_TEST_SUMMARY',
  },
  { name: 'integration', command: [path.join(root, 'scripts', 'runIntegration.mjs')], summaryArg: true },
  { name: 'e2e', command: [path.join(root, 'scripts', 'runE2E.mjs')], summaryArg: true },
].filter((tier) => !only || only.includes(tier.name));

const rows = [];
const started = Date.now();
try {
  for (const tier of tiers) {
    const summaryFile = path.join(temp, `${tier.name}.json`);
    console.log(`\n━━━ ${tier.name} ━━━`);
    const tierStarted = Date.now();
    const result = spawnSync(process.execPath, [...tier.command, ...(tier.summaryArg ? ['--summary', summaryFile] : [])], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...(tier.summaryEnv ? { [tier.summaryEnv]: summaryFile } : {}) },
    });
    const summary = existsSync(summaryFile) ? JSON.parse(readFileSync(summaryFile, 'utf8')) : undefined;
    const row = {
      name: tier.name,
      passed: summary?.passed ?? 0,
      failed: summary?.failed ?? 0,
      pending: summary?.pending ?? 0,
      exit: result.status ?? 1,
      wallMs: Date.now() - tierStarted,
      notes: [],
    };
    if (summary?.runs) {
      for (const run of summary.runs) {
        row.notes.push(run.error ? `${run.mode}: ${run.error.split('\n')[0]}` : `${run.mode} ${run.passes}/${run.tests} in VS Code ${run.vscodeVersion}`);
        if (run.info?.activationMs !== undefined) row.notes.push(`${run.mode} activation ${run.info.activationMs} ms`);
      }
    }
    if (!summary) row.notes.push('no results');
    // A tier that ran nothing proves nothing: count it as a failure.
    if (row.passed + row.failed === 0) {
      row.failed += 1;
      row.notes.push('ran no tests');
    }
    if (row.exit !== 0 && row.failed === 0) {
      row.failed += 1;
      row.notes.push(`exited with ${row.exit}`);
    }
    rows.push(row);
  }
} finally {
  removeDir(temp);
}

const passed = rows.reduce((sum, row) => sum + row.passed, 0);
const failed = rows.reduce((sum, row) => sum + row.failed, 0);
console.log(`\n━━━ summary (${formatSeconds(Date.now() - started)}) ━━━`);
for (const row of rows) {
  const pending = row.pending ? `, ${row.pending} pending` : '';
  const notes = row.notes.length ? `  [${row.notes.join('; ')}]` : '';
  console.log(`${row.name.padEnd(12)} ${String(row.passed).padStart(4)} passed, ${row.failed} failed${pending}  (${formatSeconds(row.wallMs)})${notes}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || rows.length === 0 ? 1 : 0);
