#!/usr/bin/env node
// Integration tier: the mocha suite under test/integration/suite runs INSIDE a real VS Code
// extension host (code-server: VS Code 1.100.3 on Node 20 by default, 1.139.1 on Node 24 with
// `--vscode 1.139`), loaded through VS Code's own extension-development payload, and reports back
// through a results file. The test-only extensions under test/integration/extensions/ load beside
// Switchboard (each on the versions its engines.vscode admits).
//
//   node scripts/runIntegration.mjs                     trusted, untrusted (Restricted Mode), repo, multiroot; VS Code 1.100
//   node scripts/runIntegration.mjs --vscode 1.139      the same in VS Code 1.139 (--vscode all: both, oldest first)
//   node scripts/runIntegration.mjs --mode untrusted    one mode only
//   node scripts/runIntegration.mjs --grep "smoke" --env NAME=value --timeout 300 --no-build
//   node scripts/runIntegration.mjs --summary file.json   (what scripts/test.mjs reads)
//
// `*.test.ts` suites run in a trusted copy of test/fixtures/workspace; `*.untrusted.test.ts` ones in
// a copy of test/fixtures/untrusted-workspace opened in Restricted Mode; `*.repo.test.ts` ones in this
// repository; `*.multiroot.test.ts` ones in a copy of test/fixtures/multiroot, two folders in one window.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIntegrationTests } from './buildTests.mjs';
import { startCodeServer, ensureCodeServer, resolveVersions } from './codeServer.mjs';
import { developmentExtensionsFolder, testExtensionsFor } from './testExtensions.mjs';
import {
  copyFixture, createCleanup, formatSeconds, launchChromium, makeTempDir, parseArgs, removeDir, resultsDir, root, sleep,
  workbenchUrl, writeSummary,
} from './harness.mjs';

const MODES = {
  trusted: { fixture: 'workspace', trusted: true },
  untrusted: { fixture: 'untrusted-workspace', trusted: false },
  // This repository itself, opened in place: its suites only read (analyze, map, hotspots).
  repo: { fixture: undefined, trusted: true },
  // Two folders in one window (test/fixtures/multiroot/switchboard.code-workspace).
  multiroot: { fixture: 'multiroot', trusted: true, workspaceFile: 'switchboard.code-workspace' },
};

export function buildExtension() {
  const result = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('building the extension (node esbuild.js) failed');
}

/**
 * Runs the suite of one mode in a fresh code-server and browser; always stops both.
 * @param {string} mode
 * @param {{ version: import('./vscodeVersions.mjs').VscodeVersion, env?: Record<string, string>, grep?: string, timeoutMs?: number, cleanup: any, log?: (line: string) => void }} options
 * @returns {Promise<{ mode: string, version: string, results: any, wallMs: number }>}
 */
export async function runMode(mode, { version, env = {}, grep, timeoutMs = 240_000, cleanup, log = console.log }) {
  const { fixture, trusted, workspaceFile } = MODES[mode];
  const started = Date.now();
  const temp = makeTempDir(`it-${version.key}-${mode}`);
  const extensions = testExtensionsFor(version.vscode);
  let keepTemp = false;
  const local = [];
  const stopLocal = async () => {
    while (local.length > 0) await local.pop()();
  };
  // Cleanups run in reverse: on a signal, stop server and browser first, then remove their files.
  cleanup.add(() => {
    if (!keepTemp) removeDir(temp);
  });
  cleanup.add(stopLocal);
  try {
    const copied = fixture ? copyFixture(fixture, temp) : root;
    const workspace = workspaceFile ? path.join(copied, workspaceFile) : copied;
    const resultsFile = path.join(temp, 'results.json');
    const logFile = path.join(temp, 'code-server.log');
    const server = await startCodeServer({
      version,
      // The suite arrives through the URL's payload (on 1.139 that needs the smoke-test driver,
      // which hides notification toasts: integration tests must not wait on toasts).
      payload: true,
      workspace,
      userDataDir: path.join(temp, 'user-data'),
      extensionsDir: path.join(temp, 'extensions'),
      trusted,
      logFile,
      log,
      env: {
        ...env,
        SWITCHBOARD_TEST_RESULTS: resultsFile,
        SWITCHBOARD_TEST_MODE: mode,
        SWITCHBOARD_TEST_VSCODE: version.vscode,
        SWITCHBOARD_TEST_EXTENSIONS: JSON.stringify({ loaded: extensions.loaded.map((e) => e.id), leftOut: extensions.leftOut.map((e) => e.id) }),
        ...(grep ? { SWITCHBOARD_TEST_GREP: grep } : {}),
      },
    });
    local.push(() => server.stop());

    const browser = await launchChromium();
    local.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const consoleLines = [];
    page.on('console', (message) => {
      consoleLines.push(`[${message.type()}] ${message.text()}`);
      if (consoleLines.length > 200) consoleLines.shift();
    });
    page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.message}`));

    const url = workbenchUrl(server.url, {
      ...(workspaceFile ? { workspaceFile: workspace } : { folder: workspace }),
      extensionDevelopmentPath: developmentExtensionsFolder(temp, [root, ...extensions.loaded.map((e) => e.dir)]),
      extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index.js'),
    });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

    // A hang detector, not a limit on the suite: the deadline moves on each time a test finishes
    // (the suite writes `<results>.progress`), so a growing suite or a loaded machine is not a hang.
    let deadline = Date.now() + timeoutMs;
    let progress = '';
    let serverExit;
    server.exited.then((code) => { serverExit = code; });
    while (!existsSync(resultsFile)) {
      if (serverExit !== undefined) throw new Error(`code-server exited (code ${serverExit}) before the ${mode} suite reported`);
      const now = existsSync(`${resultsFile}.progress`) ? readFileSync(`${resultsFile}.progress`, 'utf8') : '';
      if (now !== progress) {
        progress = now;
        deadline = Date.now() + timeoutMs;
      }
      if (Date.now() > deadline) {
        keepTemp = true;
        const shot = path.join(resultsDir, `integration-${version.key}-${mode}-timeout.png`);
        mkdirSync(resultsDir, { recursive: true });
        await page.screenshot({ path: shot }).catch(() => undefined);
        throw new Error(
          `no test of the ${mode} run (VS Code ${version.vscode}) finished within ${formatSeconds(timeoutMs)}${progress ? ` (after ${progress} had)` : ''}: the extension host stopped reporting.\n` +
            `  screenshot: ${path.relative(root, shot)}\n  code-server log: ${logFile}\n` +
            `  last browser console lines:\n${consoleLines.slice(-25).map((line) => `    ${line}`).join('\n')}\n` +
            `  last server output:\n${server.recentOutput().split('\n').slice(-15).map((line) => `    ${line}`).join('\n')}`,
        );
      }
      await sleep(250);
    }
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    // Stop server and browser first so every log and storage file is flushed, then search them all.
    await stopLocal();
    addLeakCheck(results, mode, temp);
    const selfReported = activationFromLog(path.join(temp, 'user-data', 'logs'));
    if (selfReported !== undefined) results.info = { ...results.info, activateSelfReportedMs: selfReported };
    if (results.stats.failures > 0 || results.fatal) {
      keepTemp = true;
      mkdirSync(resultsDir, { recursive: true });
      copyFileSync(logFile, path.join(resultsDir, `integration-${version.key}-${mode}-code-server.log`));
    }
    return { mode, version: version.vscode, results, wallMs: Date.now() - started };
  } finally {
    await stopLocal();
    if (!keepTemp) removeDir(temp);
    else log(`  (kept ${temp} for inspection)`);
  }
}

const CANARY_KEY = JSON.parse(readFileSync(path.join(root, 'test', 'integration', 'support', 'canary.json'), 'utf8')).key;

/**
 * The suites set a recognisable API key through "Set API Key" and use it. Afterwards every file the
 * run wrote (logs, global and workspace storage, settings, the workspace copy, code-server's own
 * log) is searched for it; a hit is a failed test. Secret storage itself lives in the browser
 * profile, not among these files.
 */
function addLeakCheck(results, mode, temp) {
  const hits = [];
  let files = 0;
  for (const entry of readdirSync(temp, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (file === path.join(temp, 'results.json')) continue;
    files++;
    if (readFileSync(file).includes(CANARY_KEY)) hits.push(path.relative(temp, file));
  }
  const title = `no file written during the ${mode} run contains the API key (${files} files searched)`;
  const failed = hits.length > 0;
  results.tests.push({
    title,
    fullTitle: `Secrets ${title}`,
    state: failed ? 'failed' : 'passed',
    ...(failed ? { err: { message: `the key was found in: ${hits.join(', ')}` } } : {}),
  });
  results.stats.tests += 1;
  if (failed) results.stats.failures += 1;
  else results.stats.passes += 1;
}

/** The extension logs "Switchboard x.y.z activated in N ms" to its LogOutputChannel; find it in the profile's logs. */
function activationFromLog(logsDir) {
  if (!existsSync(logsDir)) return undefined;
  for (const entry of readdirSync(logsDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.log')) continue;
    const match = /Switchboard \S+ activated in ([\d.]+) ms/.exec(readFileSync(path.join(entry.parentPath, entry.name), 'utf8'));
    if (match) return Number(match[1]);
  }
  return undefined;
}

export function printResults({ mode, results, wallMs }, log = console.log) {
  log(`\n${mode} suite inside VS Code ${results.vscodeVersion} (${results.appName}, ${results.uiKind} UI; extension host on Node ${results.nodeVersion}; workspace trusted: ${results.workspaceTrusted})`);
  if (results.fatal) log(`  FATAL before or while running the suite: ${results.fatal.message}\n${results.fatal.stack ?? ''}`);
  for (const test of results.tests) {
    const mark = test.state === 'passed' ? '✔' : test.state === 'failed' ? '✘' : '-';
    log(`  ${mark} ${test.fullTitle}${test.duration ? ` (${test.duration} ms)` : ''}`);
    if (test.err) log(`      ${test.err.message.split('\n').join('\n      ')}`);
  }
  const info = results.info ?? {};
  for (const [key, value] of Object.entries(info)) log(`  info: ${key} = ${value}`);
  log(`  ${mode}: ${results.stats.passes} passed, ${results.stats.failures} failed, ${results.stats.pending} pending (${formatSeconds(wallMs)} wall)`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2), { repeatable: ['env'] });
  const modes = args.mode && args.mode !== 'all' && args.mode !== 'both' ? [args.mode] : ['trusted', 'untrusted', 'repo', 'multiroot'];
  const versions = resolveVersions(args.vscode);
  for (const mode of modes) if (!MODES[mode]) throw new Error(`unknown --mode ${mode} (trusted, untrusted, repo, multiroot or all)`);
  const env = Object.fromEntries((args.env ?? []).map((pair) => {
    const index = pair.indexOf('=');
    if (index < 1) throw new Error(`--env expects NAME=value, got "${pair}"`);
    return [pair.slice(0, index), pair.slice(index + 1)];
  }));
  const timeoutMs = args.timeout ? Number(args.timeout) * 1000 : 240_000;
  const cleanup = createCleanup();
  const started = Date.now();
  // Artifacts of an earlier failed run would mislead: keep only this run's.
  if (existsSync(resultsDir)) {
    for (const name of readdirSync(resultsDir)) if (name.startsWith('integration-')) rmSync(path.join(resultsDir, name), { force: true });
  }
  const summary = { tier: 'integration', passed: 0, failed: 0, pending: 0, total: 0, runs: [], versions: {} };
  let exitCode = 0;
  try {
    if (!args['no-build']) {
      buildExtension();
      await buildIntegrationTests();
    }
    for (const version of versions) {
      const versionStarted = Date.now();
      const tally = (summary.versions[version.vscode] ??= { passed: 0, failed: 0, pending: 0, wallMs: 0 });
      const fail = (mode, error) => {
        console.error(`\n✘ ${mode} integration run in VS Code ${version.vscode} failed: ${error instanceof Error ? error.message : error}`);
        summary.failed += 1;
        tally.failed += 1;
        summary.runs.push({ mode, vscodeVersion: version.vscode, error: String(error instanceof Error ? error.message : error) });
        exitCode = 1;
      };
      try {
        await ensureCodeServer({ version });
      } catch (error) {
        fail('install', error);
        continue;
      }
      for (const mode of modes) {
        try {
          const run = await runMode(mode, { version, env, grep: args.grep, timeoutMs, cleanup });
          printResults(run);
          const { stats } = run.results;
          summary.passed += stats.passes;
          summary.failed += stats.failures;
          summary.pending += stats.pending;
          summary.total += stats.tests;
          tally.passed += stats.passes;
          tally.failed += stats.failures;
          tally.pending += stats.pending;
          summary.runs.push({ mode, vscodeVersion: run.results.vscodeVersion, ...stats, wallMs: run.wallMs, info: run.results.info });
          if (stats.tests === 0 && !run.results.fatal) {
            console.error(`✘ ${mode}: no tests ran (suite files: ${run.results.files?.join(', ') || 'none'}); a tier that runs nothing proves nothing`);
            summary.failed += 1;
            tally.failed += 1;
          }
          if (stats.failures > 0 || stats.tests === 0) exitCode = 1;
        } catch (error) {
          fail(mode, error);
        }
      }
      tally.wallMs = Date.now() - versionStarted;
    }
  } catch (error) {
    console.error(`✘ integration: ${error instanceof Error ? error.message : error}`);
    summary.error = String(error instanceof Error ? error.message : error);
    exitCode = 1;
  } finally {
    await cleanup.run();
  }
  summary.wallMs = Date.now() - started;
  writeSummary(args.summary, summary);
  for (const [vscodeVersion, tally] of Object.entries(summary.versions)) {
    console.log(`integration in VS Code ${vscodeVersion}: ${tally.passed} passed, ${tally.failed} failed (${formatSeconds(tally.wallMs)})`);
  }
  console.log(`\nintegration: ${summary.passed} passed, ${summary.failed} failed (${formatSeconds(summary.wallMs)})`);
  process.exit(exitCode);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main();
}
