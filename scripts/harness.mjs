// Pieces shared by the drivers that run VS Code (code-server) in Chromium: the browser, the
// workbench address, temporary folders, cleanup that runs on every way out, and the summary that
// scripts/test.mjs reads.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const resultsDir = path.join(root, 'test-results');

export const CHROMIUM = process.env.SWITCHBOARD_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
];

export async function launchChromium({ headless = true } = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless, args: CHROMIUM_ARGS });
}

/**
 * The workbench address opening `folder`, or the multi-root `workspaceFile` (a .code-workspace file)
 * when given, optionally with VS Code's extension-development payload: the extension loaded from
 * this clone and, for the integration tier, the compiled test entry point.
 */
export function workbenchUrl(serverUrl, { folder, workspaceFile, extensionDevelopmentPath, extensionTestsPath }) {
  const { host } = new URL(serverUrl);
  const remote = (file) => `vscode-remote://${host}${file}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  payload.push(['skipWelcome', 'true']);
  const query = new URLSearchParams({ ...(workspaceFile ? { workspace: workspaceFile } : { folder }), payload: JSON.stringify(payload) });
  return `${serverUrl}?${query}`;
}

/** Cleanups run once, in reverse order, on normal exit, on errors and on SIGINT/SIGTERM/SIGHUP. */
export function createCleanup() {
  const tasks = [];
  let running;
  const runAll = () => {
    running ??= (async () => {
      while (tasks.length > 0) {
        const task = tasks.pop();
        try {
          await task();
        } catch (error) {
          console.error(`cleanup: ${error instanceof Error ? error.message : error}`);
        }
      }
    })();
    return running;
  };
  const onSignal = (signal) => {
    console.error(`\n${signal}: stopping code-server and the browser…`);
    runAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, onSignal);
  return {
    add(task) {
      tasks.push(task);
    },
    run: runAll,
    /** True once cleanup has begun (a signal arrived or run() was called). */
    get stopping() {
      return running !== undefined;
    },
  };
}

export function makeTempDir(prefix) {
  return mkdtempSync(path.join(tmpdir(), `switchboard-${prefix}-`));
}

/** A throwaway copy of a fixture, so tests may change files and nothing leaks into the clone. */
export function copyFixture(name, into) {
  const target = path.join(into, name);
  cpSync(path.join(root, 'test', 'fixtures', name), target, { recursive: true });
  return target;
}

/** What scripts/test.mjs reads back from each tier. */
export function writeSummary(file, summary) {
  if (!file) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `--name value` and `--flag` parsing, enough for these scripts; repeated options collect into arrays. */
export function parseArgs(argv, { repeatable = [] } = {}) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) continue;
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const value = inline ?? (argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : true);
    if (repeatable.includes(name)) (options[name] ??= []).push(value);
    else options[name] = value;
  }
  return options;
}

export function formatSeconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}
