// One fresh extension host, as far as Switchboard can tell: plain Node loads the real built bundle
// (dist/extension.js) under the minimal vscode stand-in (vscodeHost.ts), activates it on the storage
// it is given and, when asked, runs Explain Selection on a file of the workspace. bench/activation
// and bench/firstAnswer run this file (bundled by esbuild) in a new process per sample and read the
// one JSON line it prints.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createVscodeHost, fakeEditor, installVscodeHost } from './vscodeHost';

export interface ExtensionRun {
  readonly bundle: string;
  readonly extensionRoot: string;
  readonly globalStorage: string;
  readonly workspaceStorage: string;
  readonly workspaceFolder: string;
  readonly settings: Record<string, unknown>;
  /** Stay this long after activation (and the commands) before deactivating: what the host does in the background shows in the log. */
  readonly settleMs?: number;
  /** Explain Selection on this file (lines 0–`selectLines`) after activation; none when absent. */
  readonly explain?: {
    readonly file: string;
    readonly selectLines: number;
    /** Wait this long after activation before the first command (0: at once, as when the command activated the extension). */
    readonly idleMs: number;
    /** Wait this long after the first answer before the warm ones (the host's warm-up after activation runs meanwhile). */
    readonly warmAfterMs: number;
    readonly warmRuns: number;
  };
}

export interface ExtensionRunResult {
  /** require() of the bundle. */
  readonly loadMs: number;
  /** await activate(context). */
  readonly activateMs: number;
  /** What the extension's own "activated in" line says. */
  readonly loggedActivationMs: number | undefined;
  /** Wall clock (ms since the epoch, sub-ms) at which each Explain Selection was run: cold first, then warm. */
  readonly commandAt: readonly number[];
  readonly log: readonly string[];
}

const wallNow = (): number => performance.timeOrigin + performance.now();

async function main(): Promise<void> {
  const run = JSON.parse(process.argv[2] ?? '{}') as ExtensionRun;
  const activeEditor = run.explain ? fakeEditor(run.explain.file, 'typescript', 0, run.explain.selectLines) : undefined;
  const host = createVscodeHost({ ...run, ...(activeEditor ? { activeEditor } : {}) });
  installVscodeHost(host);
  const loadStarted = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const extension = require(run.bundle) as { activate(context: unknown): Promise<unknown>; deactivate(): void };
  const loadMs = performance.now() - loadStarted;
  const activateStarted = performance.now();
  await extension.activate(host.context);
  const activateMs = performance.now() - activateStarted;
  const commandAt: number[] = [];
  if (run.explain) {
    for (let i = 0; i <= run.explain.warmRuns; i++) {
      const waitMs = i === 0 ? run.explain.idleMs : i === 1 ? run.explain.warmAfterMs : 0;
      // Stamped when the person presses the keys, not when the host gets round to it: a host held by
      // other work (the warm-up's) runs the timer late, and that wait is the person's too.
      const pressedAt = wallNow() + waitMs;
      if (waitMs > 0) await sleep(waitMs);
      commandAt.push(pressedAt);
      await host.executeCommand('switchboard.explainSelection', { wait: true });
    }
  }
  if (run.settleMs) await sleep(run.settleMs);
  const logged = host.logLines.map((line) => /activated in ([\d.]+) ms/.exec(line)?.[1]).find((m) => m !== undefined);
  const result: ExtensionRunResult = { loadMs, activateMs, loggedActivationMs: logged === undefined ? undefined : Number(logged), commandAt, log: host.logLines };
  // As VS Code does on a reload: deactivate, then dispose what the extension registered.
  extension.deactivate();
  for (const d of (host.context['subscriptions'] as { dispose(): unknown }[]).reverse()) {
    try {
      d.dispose();
    } catch {
      // A disposal failing does not change a figure.
    }
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // Let the disposals' own writes (the metrics checkpoint, the index save) finish, as VS Code allows.
  await sleep(200);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
