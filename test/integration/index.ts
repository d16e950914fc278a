// Entry point VS Code calls inside the real extension host (extensionTestsPath): runs the mocha
// suite and writes its results as JSON for the driving script, which runs outside the host and
// cannot see mocha's reporter otherwise. Works the same under code-server (scripts/runIntegration.mjs)
// and under @vscode/test-electron (scripts/runElectron.mjs).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
// SWITCHBOARD_TEST_ORDER=reverse runs every suite backwards (scripts/test.mjs sets it for the newest VS Code).
import '../support/testOrder';
import * as vscode from 'vscode';

type Mode = 'trusted' | 'untrusted' | 'repo' | 'multiroot';

function toMode(value: string | undefined): Mode {
  return value === 'untrusted' || value === 'repo' || value === 'multiroot' ? value : 'trusted';
}

interface RunConfig {
  resultsFile: string;
  mode: Mode;
  grep?: string;
}

interface TestResult {
  title: string;
  fullTitle: string;
  file?: string;
  duration?: number;
  state: 'passed' | 'failed' | 'pending';
  err?: { message: string; stack?: string };
}

/** Shared with the suite files (separate bundles): figures a test measured, copied into the results. */
export interface TestInfo {
  [key: string]: string | number | boolean | undefined;
}

declare global {
  var switchboardTestInfo: TestInfo | undefined;
}

/**
 * The driver hands over where to write and which suite to run through the host's environment
 * (code-server passes its own environment on to the extension host). A `runConfig.json` beside this
 * bundle is the fallback for launchers that cannot set the host's environment (F5 in desktop VS Code).
 */
function readConfig(): RunConfig {
  const fromEnv = process.env.SWITCHBOARD_TEST_RESULTS;
  const mode: Mode = toMode(process.env.SWITCHBOARD_TEST_MODE);
  if (fromEnv) return { resultsFile: fromEnv, mode, grep: process.env.SWITCHBOARD_TEST_GREP };
  const file = path.join(__dirname, 'runConfig.json');
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunConfig>;
    return {
      resultsFile: parsed.resultsFile ?? path.join(__dirname, 'results.json'),
      mode: toMode(parsed.mode),
      grep: parsed.grep,
    };
  }
  return { resultsFile: path.join(__dirname, 'results.json'), mode };
}

function isSmoke(file: string): boolean {
  return path.basename(file).startsWith('smoke.');
}

/**
 * `*.untrusted.test.js` runs in Restricted Mode only; `*.repo.test.js` with this repository itself
 * opened (read-only use); `*.multiroot.test.js` in a window of two folders; every other `*.test.js`
 * in a trusted copy of the fixture workspace.
 */
export function suiteFiles(root: string, mode: Mode): string[] {
  const entries = readdirSync(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.js'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => suiteMode(file) === mode)
    // Smoke suites first: they fail fast when the foundation is broken, and they see the
    // extension before any other suite has activated it (so they can time activation).
    .sort((a, b) => Number(!isSmoke(a)) - Number(!isSmoke(b)) || a.localeCompare(b));
}

function suiteMode(file: string): Mode {
  if (file.endsWith('.untrusted.test.js')) return 'untrusted';
  if (file.endsWith('.repo.test.js')) return 'repo';
  if (file.endsWith('.multiroot.test.js')) return 'multiroot';
  return 'trusted';
}

function writeResults(file: string, body: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  // Renamed into place, so the driver that polls for the file never reads half of it.
  writeFileSync(`${file}.tmp`, JSON.stringify(body, null, 2));
  renameSync(`${file}.tmp`, file);
}

export async function run(): Promise<void> {
  const config = readConfig();
  const startedAt = Date.now();
  const header = {
    vscodeVersion: vscode.version,
    appName: vscode.env.appName,
    uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
    nodeVersion: process.version,
    mode: config.mode,
    workspaceTrusted: vscode.workspace.isTrusted,
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath),
    hostUptimeAtRunMs: Math.round(process.uptime() * 1000),
  };
  console.log(`[switchboard tests] VS Code ${vscode.version} (${header.appName}, ${header.uiKind}), Node ${process.version}, mode ${config.mode}, trusted=${header.workspaceTrusted}`);
  globalThis.switchboardTestInfo = {};

  const tests: TestResult[] = [];
  try {
    const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
    if (config.grep) mocha.grep(config.grep);
    const files = suiteFiles(path.join(__dirname, 'suite'), config.mode);
    for (const file of files) mocha.addFile(file);

    const stats = await new Promise<Mocha.Stats | undefined>((resolve) => {
      const runner = mocha.run(() => resolve(runner.stats));
      const record = (state: TestResult['state']) => (test: Mocha.Test, error?: Error) => {
        // The driver's hang detector waits on progress, not on the whole suite: say a test finished.
        writeFileSync(`${config.resultsFile}.progress`, String(tests.length + 1));
        tests.push({
          title: test.title,
          fullTitle: test.fullTitle(),
          file: test.file ? path.relative(__dirname, test.file) : undefined,
          duration: test.duration,
          state,
          err: error ? { message: error.message, stack: error.stack } : undefined,
        });
      };
      runner.on('pass', record('passed'));
      runner.on('pending', record('pending'));
      // Hook failures arrive here too ("before all" hook…), so they count as failures.
      runner.on('fail', (test: Mocha.Runnable, error: Error) => record('failed')(test as Mocha.Test, error));
    });

    writeResults(config.resultsFile, {
      ...header,
      files: files.map((file) => path.relative(__dirname, file)),
      stats: {
        tests: tests.length,
        passes: tests.filter((test) => test.state === 'passed').length,
        failures: tests.filter((test) => test.state === 'failed').length,
        pending: tests.filter((test) => test.state === 'pending').length,
        durationMs: stats?.duration ?? Date.now() - startedAt,
      },
      info: globalThis.switchboardTestInfo,
      tests,
    });
  } catch (error) {
    // Loading a suite file can throw before any test runs; say so instead of letting the driver time out.
    const err = error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
    writeResults(config.resultsFile, { ...header, fatal: err, stats: { tests: 0, passes: 0, failures: 1, pending: 0 }, tests });
    throw error;
  }
}
