#!/usr/bin/env node
// `npm test`: every tier in order, each in its own process so one crashing cannot hide the others.
//   1. unit          mocha + tsx on plain Node (test/unit)
//   2. integration   the suite inside the extension host of each VS Code version (1.100.3, then 1.139.1;
//                    trusted, Restricted Mode, this repository)
//   3. e2e           Playwright driving the workbench of each version with the packaged .vsix installed,
//                    screenshots in test-results/screenshots/<version>/
// `--vscode 1.139` (or 1.100) runs the VS Code tiers on one version only; `--only unit,integration`
// picks tiers by name.
// The unit tier runs once more at each instant of CLOCKS (libfaketime from Debian's `faketime`
// package, in the given time zone) to prove no test depends on the wall clock or the time zone:
// off-peak catalog prices, a year's last seconds, both daylight-saving changes, a half-hour zone.
// Two of those runs, and the VS Code tiers of the newest version, run every suite's tests in reverse
// order (test/support/testOrder.ts) to prove no test leans on what an earlier one left behind.
// Prints the counts per tier and ends with one plain line, `N passed, N failed`. Exits non-zero when
// anything failed or a tier ran no tests at all.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDebianPackages, resolveVersions } from './codeServer.mjs';
import { formatSeconds, makeTempDir, parseArgs, removeDir, root } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
const only = typeof args.only === 'string' ? args.only.split(',') : undefined;
const versions = resolveVersions(args.vscode ?? 'all');
const temp = makeTempDir('test');

/** Fixed instants (local time in `tz`) at which the unit tier runs again. */
const CLOCKS = [
  { tz: 'UTC', at: '2026-06-15 17:00:00', why: 'DeepSeek off-peak hours' },
  { tz: 'UTC', at: '2026-12-31 23:59:50', why: 'the last seconds of a year', reverse: true },
  { tz: 'Europe/Berlin', at: '2026-03-29 01:59:50', why: 'ten seconds before clocks go forward' },
  { tz: 'Europe/Berlin', at: '2026-10-25 02:59:50', why: 'ten seconds before clocks go back', reverse: true },
  { tz: 'Asia/Kolkata', at: '2026-12-05 05:29:50', why: 'UTC+5:30, ten seconds before midnight UTC' },
];
/** The VS Code tiers whose newer-version run goes backwards (all of them: forwards on 1.100, backwards on the newest). */
const REVERSED = new Set(['integration', 'e2e']);
const findFaketime = () => spawnSync('sh', ['-c', 'command -v faketime'], { encoding: 'utf8' }).stdout.trim();

const unitCommand = [path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--reporter', path.join(root, 'scripts', 'mochaSummaryReporter.cjs')];
const tiers = [
  { name: 'unit', command: unitCommand, summaryEnv: 'SWITCHBOARD_TEST_SUMMARY' },
  ...CLOCKS.map((clock) => ({
    name: 'unit@clock',
    label: `unit @ ${clock.at} ${clock.tz}${clock.reverse ? ', tests in reverse order' : ''}`,
    command: unitCommand,
    summaryEnv: 'SWITCHBOARD_TEST_SUMMARY',
    faketime: clock,
    ...(clock.reverse ? { env: { SWITCHBOARD_TEST_ORDER: 'reverse' } } : {}),
  })),
  ...['integration', 'e2e'].flatMap((name) => versions.map((version, i) => ({
    name,
    label: `${name} · VS Code ${version.vscode}${i > 0 && REVERSED.has(name) ? ', tests in reverse order' : ''}`,
    vscode: version.vscode,
    // The newer version's runs take every suite backwards: the same tests, no order to lean on.
    ...(i > 0 && REVERSED.has(name) ? { env: { SWITCHBOARD_TEST_ORDER: 'reverse' } } : {}),
    // One .vsix for every version: the first e2e run packages it, the next installs the same file.
    command: [path.join(root, 'scripts', name === 'e2e' ? 'runE2E.mjs' : 'runIntegration.mjs'), '--vscode', version.key, ...(name === 'e2e' ? ['--vsix', path.join(temp, 'switchboard.vsix')] : [])],
    summaryArg: true,
  }))),
].filter((tier) => !only || only.includes(tier.name));
let faketime = findFaketime();
if (tiers.some((tier) => tier.faketime) && !faketime) {
  try {
    ensureDebianPackages();
  } catch (error) {
    console.error(String(error instanceof Error ? error.message : error));
  }
  faketime = findFaketime();
}
if (tiers.some((tier) => tier.faketime) && !faketime) {
  // Not a silent skip: a run without the clock checks says so and fails, like a tier that ran nothing.
  console.error('faketime is not installed (Debian: apt-get install faketime); the unit tier cannot be run at fixed instants.');
}

const rows = [];
const started = Date.now();
try {
  for (const [index, tier] of tiers.entries()) {
    const name = tier.label ?? tier.name;
    const summaryFile = path.join(temp, `${index}-${tier.name}.json`);
    console.log(`\n━━━ ${name}${tier.faketime ? ` (${tier.faketime.why})` : ''} ━━━`);
    const tierStarted = Date.now();
    const argv = [process.execPath, ...tier.command, ...(tier.summaryArg ? ['--summary', summaryFile] : [])];
    if (tier.faketime && !faketime) {
      rows.push({ name, passed: 0, failed: 1, pending: 0, exit: 1, wallMs: 0, notes: ['faketime is not installed'] });
      continue;
    }
    const [program, ...programArgs] = tier.faketime ? [faketime, tier.faketime.at, ...argv] : argv;
    const result = spawnSync(program, programArgs, {
      cwd: root,
      stdio: tier.faketime ? ['ignore', 'pipe', 'inherit'] : 'inherit',
      encoding: 'utf8',
      env: { ...process.env, ...tier.env, ...(tier.faketime ? { TZ: tier.faketime.tz } : {}), ...(tier.summaryEnv ? { [tier.summaryEnv]: summaryFile } : {}) },
    });
    // The clock runs repeat the unit tier's 800-odd lines: print only their failures and closing lines.
    if (tier.faketime) process.stdout.write(clockRunOutput(result.stdout ?? ''));
    const summary = existsSync(summaryFile) ? JSON.parse(readFileSync(summaryFile, 'utf8')) : undefined;
    const row = {
      name,
      vscode: tier.vscode,
      passed: summary?.passed ?? 0,
      failed: summary?.failed ?? 0,
      pending: summary?.pending ?? 0,
      exit: result.status ?? 1,
      wallMs: Date.now() - tierStarted,
      notes: [],
    };
    if (summary?.runs) {
      for (const run of summary.runs) {
        row.notes.push(run.error ? `${run.mode}: ${run.error.split('\n')[0]}` : `${run.mode} ${run.passes}/${run.tests} (${formatSeconds(run.wallMs ?? 0)})`);
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
  console.log(`${row.name.padEnd(44)} ${String(row.passed).padStart(4)} passed, ${row.failed} failed${pending}  (${formatSeconds(row.wallMs)})${notes}`);
}
// Wall time per VS Code version: what adding or dropping a version costs a CI run.
for (const version of versions) {
  const mine = rows.filter((row) => row.vscode === version.vscode);
  if (mine.length === 0) continue;
  const parts = mine.map((row) => `${row.name.split(' ')[0]} ${row.passed}/${row.passed + row.failed} in ${formatSeconds(row.wallMs)}`);
  const wall = mine.reduce((sum, row) => sum + row.wallMs, 0);
  console.log(`VS Code ${version.vscode}: ${parts.join(', ')}; ${formatSeconds(wall)} in all`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || rows.length === 0 ? 1 : 0);

/** A clock run's output from its first failure (or its summary) on. */
function clockRunOutput(output) {
  const lines = output.split('\n');
  const from = lines.findIndex((line) => /^\s+\d+ (passing|failing|pending)/.test(line));
  return `${lines.slice(from === -1 ? Math.max(0, lines.length - 20) : from).join('\n')}\n`;
}
