#!/usr/bin/env node
// End-to-end tier: Playwright drives the VS Code workbench (code-server in Debian's Chromium; VS Code
// 1.100.3 by default, 1.139.1 with `--vscode 1.139`) as a person would, with Switchboard installed
// from the .vsix that `npm run package` ships, and saves screenshots in
// test-results/screenshots/<version>/ (git-ignored; a whole run empties it first, a --grep run does not).
//
//   node scripts/runE2E.mjs               package the .vsix, install it, run test/e2e/*.test.ts
//   node scripts/runE2E.mjs --vscode 1.139
//   node scripts/runE2E.mjs --vsix FILE   install FILE, packaging it there first if it does not exist
//                                         (npm test packages once for both versions)
//   node scripts/runE2E.mjs --dev         load the extension from this clone instead (faster, no packaging;
//                                         on 1.139 that needs the smoke-test driver, which hides toasts)
//   node scripts/runE2E.mjs --grep "Models" --timeout 900 --summary file.json
//
// Beside it, the test-only extension test/integration/extensions/external-tool (packaged here) adds
// another extension's language-model tool, whose consent modal test/e2e/externalTool.test.ts answers.
//
// Installed with --install-extension, the extension needs no `payload`, so on 1.139 the workbench
// runs without the smoke-test-driver option and notification toasts show as they do for a person.
//
// Why the .vsix by default: it is what people install, so this tier also catches what only the
// package can get wrong (.vscodeignore leaving out a bundle or an icon, the production build).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureCodeServer, installExtension, resolveVersion, startCodeServer } from './codeServer.mjs';
import {
  copyFixture, createCleanup, formatSeconds, makeTempDir, parseArgs, removeDir, resultsDir, root, workbenchUrl, writeSummary,
} from './harness.mjs';


function packageVsix(outFile) {
  // vsce runs `vscode:prepublish` (the production build) before packaging.
  const vsce = path.join(root, 'node_modules', '.bin', 'vsce');
  const result = spawnSync(vsce, ['package', '--no-dependencies', '--out', outFile], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0 || !existsSync(outFile)) {
    throw new Error(`packaging the extension (vsce package) failed:\n${result.stdout}${result.stderr}`);
  }
  const line = result.stdout.split('\n').find((l) => /Packaged:/.test(l));
  console.log(line ? line.replace(/^\s*DONE\s*/, '') : `packaged ${outFile}`);
}

/**
 * Another extension with a language-model tool (the integration tier's test-only extension), packaged
 * and installed beside Switchboard: the research phase offers its tool and asks before calling it.
 */
const TEST_EXTENSIONS = ['external-tool'];

function packageTestExtension(name, outFile) {
  const vsce = path.join(root, 'node_modules', '.bin', 'vsce');
  const dir = path.join(root, 'test', 'integration', 'extensions', name);
  const result = spawnSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', outFile], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0 || !existsSync(outFile)) throw new Error(`packaging the test extension ${name} (vsce package) failed:\n${result.stdout}${result.stderr}`);
}

function runSuite({ env, timeoutMs, cleanup }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test', 'e2e', 'runSuite.ts')], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: 'inherit',
    });
    // Playwright in the child closes its browser on SIGTERM.
    cleanup.add(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the end-to-end suite did not finish within ${formatSeconds(timeoutMs)}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const dev = Boolean(args.dev);
  const version = resolveVersion(args.vscode);
  const screenshotDir = path.join(resultsDir, 'screenshots', version.key);
  const timeoutMs = args.timeout ? Number(args.timeout) * 1000 : 900_000;
  const cleanup = createCleanup();
  const started = Date.now();
  const summary = { tier: 'e2e', vscodeVersion: version.vscode, passed: 0, failed: 0, pending: 0, total: 0 };
  let exitCode = 0;
  const temp = makeTempDir('e2e');
  // SWITCHBOARD_E2E_KEEP=1 keeps the profile, logs and workspace of a passing run too, for inspection.
  let keepTemp = process.env.SWITCHBOARD_E2E_KEEP === '1';
  // Registered first, so it runs last: after a signal has stopped code-server.
  cleanup.add(() => {
    if (!keepTemp) removeDir(temp);
  });
  try {
    await ensureCodeServer({ version });
    // A whole run starts from an empty folder, so no screenshot of an earlier run passes for this one's;
    // a --grep run replaces only the screenshots it takes, and keeps the rest of the last whole run's.
    if (!args.grep) rmSync(screenshotDir, { recursive: true, force: true });
    const userDataDir = path.join(temp, 'user-data');
    const extensionsDir = path.join(temp, 'extensions');
    if (dev) {
      const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });
      if (build.status !== 0) throw new Error('building the extension (node esbuild.js) failed');
    } else {
      const vsix = typeof args.vsix === 'string' ? path.resolve(args.vsix) : path.join(temp, 'switchboard.vsix');
      if (existsSync(vsix)) console.log(`installing the already packaged ${vsix}`);
      else packageVsix(vsix);
      await installExtension({ version, vsix, userDataDir, extensionsDir });
    }
    for (const name of TEST_EXTENSIONS) {
      const vsix = path.join(temp, `${name}.vsix`);
      packageTestExtension(name, vsix);
      await installExtension({ version, vsix, userDataDir, extensionsDir, log: () => undefined });
    }
    const workspace = copyFixture('workspace', temp);
    // A second window's workspace of two folders (test/e2e/multiRoot.test.ts), beside the first.
    const multiroot = copyFixture('multiroot', temp);
    const settings = JSON.parse(readFileSync(path.join(root, 'test', 'e2e', 'userSettings.json'), 'utf8'));
    const server = await startCodeServer({ version, payload: dev, workspace, userDataDir, extensionsDir, trusted: true, settings, logFile: path.join(temp, 'code-server.log') });
    cleanup.add(() => server.stop());

    const resultsFile = path.join(temp, 'results.json');
    const url = workbenchUrl(server.url, { folder: workspace, extensionDevelopmentPath: dev ? root : undefined });
    const code = await runSuite({
      timeoutMs,
      cleanup,
      env: {
        SWITCHBOARD_E2E_URL: url,
        SWITCHBOARD_E2E_MULTIROOT: path.join(multiroot, 'switchboard.code-workspace'),
        SWITCHBOARD_E2E_SCREENSHOTS: screenshotDir,
        // Where code-server writes its logs (the Switchboard log among them), for suites that read them.
        SWITCHBOARD_E2E_USER_DATA: userDataDir,
        SWITCHBOARD_E2E_VSCODE: version.vscode,
        SWITCHBOARD_TEST_RESULTS: resultsFile,
        ...(args.grep ? { SWITCHBOARD_TEST_GREP: String(args.grep) } : {}),
      },
    });
    if (!existsSync(resultsFile)) throw new Error(`the end-to-end suite wrote no results (exit ${code})`);
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    summary.passed = results.stats.passes;
    summary.failed = results.stats.failures;
    summary.pending = results.stats.pending;
    summary.total = results.stats.tests;
    summary.installedFrom = dev ? 'development folder' : '.vsix';
    for (const test of results.tests.filter((t) => t.state === 'failed')) {
      console.log(`  ✘ ${test.fullTitle}\n      ${test.err?.message.split('\n').join('\n      ')}`);
    }
    if (summary.failed > 0 || summary.total === 0 || code !== 0) {
      exitCode = 1;
      keepTemp = true;
    }
  } catch (error) {
    console.error(`✘ e2e: ${error instanceof Error ? error.message : error}`);
    summary.failed += 1;
    summary.error = String(error instanceof Error ? error.message : error);
    exitCode = 1;
    keepTemp = true;
  } finally {
    await cleanup.run();
    if (keepTemp) console.log(`  (kept ${temp} for inspection)`);
  }
  summary.wallMs = Date.now() - started;
  summary.screenshots = existsSync(screenshotDir) ? path.relative(root, screenshotDir) : undefined;
  writeSummary(args.summary, summary);
  console.log(`\ne2e in VS Code ${version.vscode}: ${summary.passed} passed, ${summary.failed} failed (${formatSeconds(summary.wallMs)}; screenshots in ${path.relative(root, screenshotDir)}/)`);
  process.exit(exitCode);
}

main();
