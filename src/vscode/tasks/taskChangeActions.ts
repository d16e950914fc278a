import * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';
import { failureDigest } from '../../core/tasks/testRun';
import { recheckChangeSet } from '../../core/tasks/changeRecheck';
import type { ChangeValidator } from '../../core/tasks/taskPorts';
import type { ChangeSet, TaskResult, ValidationReport } from '../../core/tasks/taskTypes';
import type { ApplyReport } from './changeSetApply';
import type { TaskChangesHandle } from './registerTaskChanges';

/** Characters of a failing test run sent back to a refine round (the tail, where runners print failures). */
const FAILURE_CHARS = 6_000;

/** The workspace folders holding `uris`, each once, in the workspace's order. */
export function foldersOf(uris: readonly vscode.Uri[]): vscode.WorkspaceFolder[] {
  const folders = new Map<string, vscode.WorkspaceFolder>();
  for (const uri of uris) {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (folder) folders.set(folder.uri.toString(), folder);
  }
  return [...folders.values()].sort((a, b) => a.index - b.index);
}

/** What the card says of a change set written from the preview or by Accept All. */
function acceptedOutcome(accepted: { readonly report: ApplyReport; readonly skipped: readonly { readonly path: string }[] }): ChangeOutcome {
  return { kind: 'accepted', written: accepted.report.files.length, skipped: accepted.skipped.map((c) => c.path), folders: foldersOf(accepted.report.written) };
}

/** The change set a finished task proposes, when it proposes one. */
export function proposedChangeSet(result: TaskResult | undefined): ChangeSet | undefined {
  return result?.final?.kind === 'change-set' && result.final.changeSet.changes.length > 0 ? result.final.changeSet : undefined;
}

export interface ChangeActionsDeps {
  readonly changes: TaskChangesHandle;
  readonly log: Logger;
  /** switchboard.tasks.testCommand, read when it is needed. */
  readonly testCommand: () => string | undefined;
  /** The warm validator a task's change set is checked with (the first folder's). */
  readonly validator?: () => ChangeValidator | undefined;
}

/** What happened to a task's change set, for the card's note. */
export type ChangeOutcome =
  | {
      readonly kind: 'accepted';
      readonly written: number;
      readonly skipped: readonly string[];
      /** The workspace folders the change was written to, in the workspace's order: where the tests run. */
      readonly folders: readonly vscode.WorkspaceFolder[];
    }
  | { readonly kind: 'rejected' }
  | { readonly kind: 'unchanged'; readonly reason: string };

/** The test command's failures after Accept, when the person wants a refine round with them. */
export type AfterAccept = { readonly refineWith?: string };

/**
 * Preview, Accept All and Reject All of one task's change set through the preview lane's TaskChanges
 * (one multi-diff preview, one undoable WorkspaceEdit, edited files never overwritten silently), and
 * the project's test command after an Accept.
 */
export class TaskChangeActions {
  constructor(private readonly deps: ChangeActionsDeps) {}

  /** Opens the preview; resolves with what the person decided there (Accept All / Reject All in the editor). */
  async preview(changeSet: ChangeSet): Promise<ChangeOutcome | undefined> {
    const preview = await this.deps.changes.changes.preview(changeSet);
    const decision = await preview.decision;
    switch (decision.outcome) {
      case 'accepted':
        return acceptedOutcome(decision);
      case 'rejected':
        return { kind: 'rejected' };
      case 'failed':
        return { kind: 'unchanged', reason: decision.error };
      case 'superseded':
        return undefined;
    }
  }

  async accept(changeSet: ChangeSet): Promise<ChangeOutcome> {
    const result = await this.deps.changes.changes.accept(changeSet);
    switch (result.outcome) {
      case 'accepted':
        return acceptedOutcome(result);
      case 'rejected':
        return { kind: 'rejected' };
      case 'failed':
        return { kind: 'unchanged', reason: `Nothing was written: ${result.error}` };
      case 'cancelled':
        return { kind: 'unchanged', reason: `Nothing was written: ${result.conflicts.map((c) => c.path).join(', ')} changed since the task read ${result.conflicts.length === 1 ? 'it' : 'them'}.` };
      case 'superseded':
      case 'nothing-pending':
        return { kind: 'unchanged', reason: 'Nothing was written: that change set is no longer pending.' };
    }
  }

  /** Why `changeSet` can no longer be written as the task proposed it (files changed since it read them), or undefined. */
  async stale(changeSet: ChangeSet): Promise<string | undefined> {
    const conflicts = await this.deps.changes.changes.conflictsOf(changeSet);
    return conflicts.length ? conflicts.map((c) => c.message).join('; ') : undefined;
  }

  /**
   * What a type check of `changeSet` against the files as they are now finds that `validated` (the
   * task's own check) did not, in words, or undefined. A check that cannot run is logged and the
   * change set is offered as the task validated it.
   */
  async outdated(changeSet: ChangeSet, validated: ValidationReport | undefined): Promise<string | undefined> {
    const validator = this.deps.validator?.();
    if (!validator) return undefined;
    try {
      return await recheckChangeSet(validated, () => validator.validate(changeSet.changes));
    } catch (error) {
      this.deps.log.warn(`Task: checking the change set again failed; it is offered as the task validated it: ${(error as Error).message}`);
      return undefined;
    }
  }

  /**
   * The preview for a surface without a task card (the participant's button, the runTask tool),
   * clicked perhaps long after the task: the change set is first checked against the files as they
   * are now, as the card does on Preview and Accept. Out of date, it is not shown; the person is told
   * why, and `from` says where in the log.
   */
  async previewChecked(changeSet: ChangeSet, validated: ValidationReport | undefined, from: string): Promise<ChangeOutcome | undefined> {
    const outdated = await this.outdated(changeSet, validated);
    if (outdated) {
      this.deps.log.info(`${from}: the change set is out of date: ${outdated}.`);
      void vscode.window.showWarningMessage(`Switchboard: this change set is out of date: ${outdated}. Nothing was written; run the task again.`);
      return { kind: 'unchanged', reason: outdated };
    }
    return this.preview(changeSet);
  }

  /** Closes the preview if this change set is the one showing; nothing is written either way. */
  async reject(changeSet: ChangeSet): Promise<ChangeOutcome> {
    if (this.deps.changes.changes.pending?.changeSet === changeSet) await this.deps.changes.changes.reject();
    return { kind: 'rejected' };
  }

  /**
   * After an Accept: the configured test command (consent asked once per workspace, never in an
   * untrusted one), in each folder the change was written to; when it fails, offers a refine round
   * with the failures.
   */
  async afterAccept(accepted: Extract<ChangeOutcome, { kind: 'accepted' }>, token?: vscode.CancellationToken): Promise<AfterAccept> {
    const command = this.deps.testCommand();
    if (!command) return {};
    const outcome = await this.deps.changes.tests.runAfterAccept({ command, folders: accepted.folders, ...(token ? { token } : {}) });
    if (outcome.kind !== 'ran') {
      if (outcome.kind === 'skipped') this.deps.log.info(`Task: the test command did not run: ${outcome.reason}`);
      return {};
    }
    const { result } = outcome;
    // Stopped by the person: nothing failed that a refine round could answer.
    if (result.exitCode === 0 || result.cancelled) return {};
    const refine = 'Refine with the Failures';
    const where = result.failedIn ? ` in ${result.failedIn}` : '';
    const picked = await vscode.window.showWarningMessage(`Switchboard: the tests failed after the accepted change (${result.command}${where}, exit ${result.exitCode ?? 'killed'}).`, refine, 'Dismiss');
    return picked === refine ? { refineWith: `The project's tests failed after the change was applied (\`${result.command}\`):\n\n${failureDigest(result.output, FAILURE_CHARS)}` } : {};
  }
}
