/*
 * Public surface:
 *   decideTestRun({ trusted, command, consent }) → TestRunDecision   run, ask first, or why not
 *   TEST_CONSENT_CHOICES                                              the three answers, in order
 *   consentFromChoice(choice, command) → { run, remember }             what an answer means
 *   parseTestConsent(stored) → TestConsent                             the remembered consent, read back
 *   failureDigest(output, maxChars) → string                          the tail a refine round gets
 *
 * After Accept, a task may run the project's test command. It is a shell command from settings, so it
 * runs only in a trusted workspace and only after the person said yes (once, or always for this
 * workspace); the VS Code layer asks and spawns, these decide.
 */

/**
 * What the workspace remembers once the person chose "Always for This Workspace": the command they
 * said yes to. Another command asks again: the command is a setting, and an accepted change set (a
 * model's) may edit `.vscode/settings.json` or the script a command names. Consent given before it
 * named its command (the string `always`) reads as none.
 */
export type TestConsent = { readonly always: string } | undefined;

export function parseTestConsent(stored: unknown): TestConsent {
  const always = typeof stored === 'object' && stored !== null ? (stored as { always?: unknown }).always : undefined;
  return typeof always === 'string' && always.trim() !== '' ? { always } : undefined;
}

export type TestRunDecision =
  | { readonly kind: 'run' }
  | { readonly kind: 'ask' }
  | { readonly kind: 'skip'; readonly reason: string };

export function decideTestRun(input: { readonly trusted: boolean; readonly command: string | undefined; readonly consent: TestConsent }): TestRunDecision {
  const command = input.command?.trim();
  if (!command) return { kind: 'skip', reason: 'no test command is set (switchboard.taskTestCommand)' };
  // Checked first and regardless of consent: a consent given while trusted does not outlive trust.
  if (!input.trusted) return { kind: 'skip', reason: 'the workspace is not trusted, so its test command is never run' };
  return input.consent?.always.trim() === command ? { kind: 'run' } : { kind: 'ask' };
}

export const TEST_CONSENT_CHOICES = ['Run Tests Now', 'Always for This Workspace', 'Not Now'] as const;
export type TestConsentChoice = (typeof TEST_CONSENT_CHOICES)[number];

export function consentFromChoice(choice: TestConsentChoice | undefined, command: string): { readonly run: boolean; readonly remember: TestConsent } {
  if (choice === 'Always for This Workspace') return { run: true, remember: { always: command } };
  return { run: choice === 'Run Tests Now', remember: undefined };
}

/**
 * The end of a test run's output, where runners print failures and totals, within `maxChars`; cut at
 * a line start so a refine prompt never begins mid-line.
 */
export function failureDigest(output: string, maxChars: number): string {
  const text = output.replace(/\r\n/g, '\n').trimEnd();
  if (text.length <= maxChars) return text;
  const tail = text.slice(text.length - maxChars);
  const lineStart = tail.indexOf('\n');
  const cut = lineStart >= 0 && lineStart < tail.length - 1 ? tail.slice(lineStart + 1) : tail;
  return `[… ${text.length - cut.length} earlier characters left out]\n${cut}`;
}

/** How a run of the test command ended. */
export interface TestRunEnd {
  /** Null when the process was killed (timeout, cancel) or could not start. */
  readonly exitCode: number | null;
  readonly output: string;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  readonly timeMs: number;
}

/** One folder's run of the test command. */
export interface FolderTestRun extends TestRunEnd {
  /** The folder's name in the workspace. */
  readonly folder: string;
}

/**
 * The runs of one test command in each folder a change touched, read as one: exit code 0 when every
 * folder passed, else the first failing folder's; each folder's output in turn, headed by its name
 * when there are several.
 */
export interface CombinedTestRun extends TestRunEnd {
  /** The folders whose run failed, named when the command ran in several (for "failed in server"). */
  readonly failedIn?: string;
}

/**
 * One result of the test command's runs in several folders: it failed if any folder's failed, and
 * its output carries each folder's under a heading, so a refine round sees which project broke.
 */
export function combineTestRuns(runs: readonly FolderTestRun[]): CombinedTestRun {
  const failed = runs.filter((r) => r.exitCode !== 0);
  const several = runs.length > 1;
  const combined: CombinedTestRun = {
    exitCode: failed.length > 0 ? (failed[0] as FolderTestRun).exitCode : 0,
    output: several ? runs.map((r) => `── ${r.folder} ──\n${r.output}`).join('\n') : (runs[0]?.output ?? ''),
    timedOut: runs.some((r) => r.timedOut),
    cancelled: runs.some((r) => r.cancelled),
    timeMs: runs.reduce((sum, r) => sum + r.timeMs, 0),
  };
  return several && failed.length > 0 ? Object.assign({}, combined, { failedIn: failed.map((r) => r.folder).join(', ') }) : combined;
}
