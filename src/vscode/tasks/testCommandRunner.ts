import { spawn } from 'node:child_process';
import * as vscode from 'vscode';
import { DisposableBase } from '../../core/lifecycle/disposable';
import type { Logger } from '../../core/log/logger';
import { TEST_CONSENT_CHOICES, combineTestRuns, consentFromChoice, decideTestRun, parseTestConsent, type CombinedTestRun, type FolderTestRun, type TestConsentChoice, type TestRunEnd } from '../../core/tasks/testRun';

/*
 * Public surface:
 *   new TestCommandRunner({ state, log, ask?, command? })
 *   .runAfterAccept({ token?, timeoutMs?, command?, folders? }) → TestRunOutcome   ran (exit code, output) | skipped (why) | declined
 *   .forgetConsent()                                                     the workspace asks again next time
 *
 * After Accept, a task may run the test command the person configured, so it can offer a refine round
 * with the failures. The command is a shell line from settings, so: never in an untrusted workspace,
 * and only after the person said "Run Tests Now" or "Always for This Workspace" (remembered in
 * workspaceState, for that command only: a changed command asks again). It runs in each folder the
 * accepted change was written to (the first folder when none is given), one after the other, each with
 * a timeout, in its own process group so Cancel and the timeout end the test runner's children too;
 * its output goes live to an output channel.
 */

/** The test command's runs after an Accept, read as one (see combineTestRuns). */
export interface TestRunResult extends CombinedTestRun {
  readonly command: string;
}

export type TestRunOutcome =
  | { readonly kind: 'ran'; readonly result: TestRunResult }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'declined' };

export interface TestCommandRunnerOptions {
  /** Where the consent is remembered: the extension's workspaceState. */
  readonly state: vscode.Memento;
  readonly log: Logger;
  /** Asks the person (a notification by default). */
  readonly ask?: (command: string) => Thenable<TestConsentChoice | undefined>;
  /** The configured command; `switchboard.taskTestCommand` until the engine lane's settings land. */
  readonly command?: () => string | undefined;
  readonly now?: () => number;
}

const CONSENT_KEY = 'switchboard.taskTestCommand.consent';
const DEFAULT_TIMEOUT_MS = 10 * 60_000;
/** Output kept for the result (the tail: runners print failures and totals last). */
const MAX_OUTPUT_CHARS = 1_000_000;

function configuredCommand(): string | undefined {
  return vscode.workspace.getConfiguration('switchboard').get<string>('taskTestCommand');
}

function askInNotification(command: string): Thenable<TestConsentChoice | undefined> {
  return vscode.window.showInformationMessage(`Run the project's tests (${command}) to check the accepted changes?`, ...TEST_CONSENT_CHOICES);
}

export class TestCommandRunner extends DisposableBase {
  private readonly channel: vscode.OutputChannel;
  private readonly now: () => number;

  constructor(private readonly options: TestCommandRunnerOptions) {
    super();
    this.channel = this.register(vscode.window.createOutputChannel('Switchboard Tests'));
    this.now = options.now ?? (() => performance.now());
  }

  async runAfterAccept(
    run: { readonly token?: vscode.CancellationToken; readonly timeoutMs?: number; readonly command?: string; readonly folders?: readonly vscode.WorkspaceFolder[] } = {},
  ): Promise<TestRunOutcome> {
    const command = (run.command ?? (this.options.command ?? configuredCommand)())?.trim();
    const consent = parseTestConsent(this.options.state.get<unknown>(CONSENT_KEY));
    const decision = decideTestRun({ trusted: vscode.workspace.isTrusted, command, consent });
    if (decision.kind === 'skip') {
      this.options.log.info(`Task tests: not run: ${decision.reason}.`);
      return { kind: 'skipped', reason: decision.reason };
    }
    const given = run.folders?.length ? run.folders : (vscode.workspace.workspaceFolders ?? []).slice(0, 1);
    const folders = given.filter((f) => f.uri.scheme === 'file');
    if (folders.length === 0) return { kind: 'skipped', reason: 'the workspace has no folder on disk to run the tests in' };
    if (decision.kind === 'ask') {
      const answer = consentFromChoice(await (this.options.ask ?? askInNotification)(command!), command!);
      if (answer.remember) await this.options.state.update(CONSENT_KEY, answer.remember);
      if (!answer.run) return { kind: 'declined' };
    }
    const several = folders.length > 1;
    const title = several ? `Running ${command} in ${folders.map((f) => f.name).join(', ')}` : `Running ${command}`;
    const runs = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, progressToken) => {
      const tokens = [progressToken, ...(run.token ? [run.token] : [])];
      this.channel.clear();
      const done: FolderTestRun[] = [];
      for (const folder of folders) {
        // A cancel or a timeout ends the whole run: the later folders are not started.
        if (done.some((r) => r.cancelled || r.timedOut)) break;
        done.push({ folder: folder.name, ...(await this.spawn(command!, folder.uri.fsPath, run.timeoutMs ?? DEFAULT_TIMEOUT_MS, tokens)) });
      }
      return done;
    });
    const combined = combineTestRuns(runs);
    return { kind: 'ran', result: { command: command!, ...combined } };
  }

  forgetConsent(): Thenable<void> {
    return this.options.state.update(CONSENT_KEY, undefined);
  }

  private spawn(command: string, cwd: string, timeoutMs: number, tokens: readonly vscode.CancellationToken[]): Promise<TestRunEnd> {
    const started = this.now();
    this.channel.appendLine(`$ ${command}    (in ${cwd})`);
    this.channel.show(true);
    this.options.log.info(`Task tests: running ${command} in ${cwd}.`);
    return new Promise((resolve) => {
      let output = '';
      let timedOut = false;
      let cancelled = false;
      let settled = false;
      const posix = process.platform !== 'win32';
      // Its own process group (detached), so killing the group ends the runner's children too.
      const child = spawn(command, { cwd, shell: true, detached: posix, env: process.env, windowsHide: true });
      const kill = () => {
        if (child.exitCode !== null || child.pid === undefined) return;
        try {
          if (posix) process.kill(-child.pid, 'SIGKILL');
          else child.kill();
        } catch (error) {
          this.options.log.warn(`Task tests: could not stop ${command}: ${error instanceof Error ? error.message : String(error)}`);
        }
      };
      const append = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        this.channel.append(text);
        output = (output + text).slice(-MAX_OUTPUT_CHARS);
      };
      child.stdout.on('data', append);
      child.stderr.on('data', append);
      const timer = setTimeout(() => {
        timedOut = true;
        kill();
      }, timeoutMs);
      const subscriptions = tokens.map((t) =>
        t.onCancellationRequested(() => {
          cancelled = true;
          kill();
        }),
      );
      const finish = (exitCode: number | null, error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        for (const s of subscriptions) s.dispose();
        if (error) append(Buffer.from(`\n${error.message}\n`));
        const timeMs = this.now() - started;
        const how = timedOut ? `stopped after ${timeoutMs} ms (timeout)` : cancelled ? 'cancelled' : `exited with ${exitCode}`;
        this.channel.appendLine(`\n[${how}, ${(timeMs / 1000).toFixed(1)} s]`);
        this.options.log[exitCode === 0 ? 'info' : 'warn'](`Task tests: ${command} ${how}.`);
        resolve({ exitCode, output, timedOut, cancelled, timeMs });
      };
      child.on('error', (error) => finish(null, error));
      child.on('close', (code) => finish(timedOut || cancelled ? null : code));
      if (tokens.some((t) => t.isCancellationRequested)) {
        cancelled = true;
        kill();
      }
    });
  }
}
