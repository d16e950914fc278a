#!/usr/bin/env node
// The integration suite under desktop VS Code through @vscode/test-electron, for machines that can
// download VS Code from Microsoft (a developer's laptop, CI with internet). The same compiled suite
// (out/test/integration), the same test-only extensions beside Switchboard and the same results file
// as scripts/runIntegration.mjs.
//
//   node scripts/runElectron.mjs [--mode trusted|untrusted|multiroot|all] [--vscode 1.100|1.139 | --version 1.2.3] [--summary file.json]
//
// On Linux without a display, run it under `xvfb-run -a`.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { buildIntegrationTests } from './buildTests.mjs';
import { cacheRoot, resolveVersion } from './codeServer.mjs';
import { copyFixture, formatSeconds, makeTempDir, parseArgs, removeDir, root, writeSummary } from './harness.mjs';
import { buildExtension, printResults } from './runIntegration.mjs';
import { testExtensionsFor } from './testExtensions.mjs';

const MODES = {
  trusted: { fixture: 'workspace', trusted: true },
  untrusted: { fixture: 'untrusted-workspace', trusted: false },
  multiroot: { fixture: 'multiroot', trusted: true, workspaceFile: 'switchboard.code-workspace' },
};

function explainDownloadFailure(error, version) {
  const message = error instanceof Error ? error.message : String(error);
  return [
    `✘ test:electron could not download VS Code ${version} from update.code.visualstudio.com:`,
    `    ${message.split('\n')[0]}`,
    '  This machine cannot reach Microsoft\'s download servers (only the npm registry and Debian are reachable here).',
    '  The same suite runs in VS Code 1.100.3 and 1.139.1 through code-server instead: npm run test:integration',
  ].join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const version = typeof args.version === 'string' ? args.version : resolveVersion(args.vscode).vscode;
  const extensions = testExtensionsFor(version);
  const modes = args.mode && args.mode !== 'both' && args.mode !== 'all' ? [args.mode] : ['trusted', 'untrusted', 'multiroot'];
  const summary = { tier: 'integration (electron)', passed: 0, failed: 0, pending: 0, total: 0, runs: [] };
  const started = Date.now();
  let exitCode = 0;

  buildExtension();
  const { index } = await buildIntegrationTests();

  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version, cachePath: path.join(cacheRoot(), 'vscode-test'), timeout: 30_000 });
  } catch (error) {
    console.error(explainDownloadFailure(error, version));
    summary.failed = 1;
    summary.error = `VS Code ${version} could not be downloaded`;
    writeSummary(args.summary, summary);
    process.exit(1);
  }

  for (const mode of modes) {
    const { fixture, trusted, workspaceFile } = MODES[mode];
    const temp = makeTempDir(`electron-${mode}`);
    const runStarted = Date.now();
    try {
      const copied = copyFixture(fixture, temp);
      const workspace = workspaceFile ? path.join(copied, workspaceFile) : copied;
      const resultsFile = path.join(temp, 'results.json');
      const code = await runTests({
        vscodeExecutablePath,
        extensionDevelopmentPath: [root, ...extensions.loaded.map((e) => e.dir)],
        extensionTestsPath: index,
        extensionTestsEnv: {
          SWITCHBOARD_TEST_RESULTS: resultsFile,
          SWITCHBOARD_TEST_MODE: mode,
          SWITCHBOARD_TEST_VSCODE: version,
          SWITCHBOARD_TEST_EXTENSIONS: JSON.stringify({ loaded: extensions.loaded.map((e) => e.id), leftOut: extensions.leftOut.map((e) => e.id) }),
        },
        launchArgs: [
          workspace,
          '--user-data-dir', path.join(temp, 'user-data'),
          '--extensions-dir', path.join(temp, 'extensions'),
          '--skip-welcome', '--skip-release-notes', '--disable-telemetry',
          ...(trusted ? ['--disable-workspace-trust'] : []),
        ],
      }).catch((error) => {
        // runTests rejects when the suite fails too; the results file says which tests.
        if (!existsSync(resultsFile)) throw error;
        return 1;
      });
      if (!existsSync(resultsFile)) throw new Error(`VS Code exited (code ${code}) without writing test results`);
      const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
      const run = { mode, results, wallMs: Date.now() - runStarted };
      printResults(run);
      summary.passed += results.stats.passes;
      summary.failed += results.stats.failures;
      summary.pending += results.stats.pending;
      summary.total += results.stats.tests;
      summary.runs.push({ mode, vscodeVersion: results.vscodeVersion, ...results.stats });
      if (results.stats.failures > 0 || results.stats.tests === 0) exitCode = 1;
    } catch (error) {
      console.error(`✘ ${mode} run under test-electron failed: ${error instanceof Error ? error.message : error}`);
      summary.failed += 1;
      exitCode = 1;
    } finally {
      removeDir(temp);
    }
  }
  summary.wallMs = Date.now() - started;
  writeSummary(args.summary, summary);
  console.log(`\nintegration (electron): ${summary.passed} passed, ${summary.failed} failed (${formatSeconds(summary.wallMs)})`);
  process.exit(exitCode);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
