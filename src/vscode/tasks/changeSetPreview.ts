import * as vscode from 'vscode';
import { DisposableBase, toDisposable } from '../../core/lifecycle/disposable';
import type { Logger } from '../../core/log/logger';
import { changePaths, findConflicts, type ChangeConflict } from '../../core/tasks/changeConflicts';
import { summarizeChangeSet, type ChangeLine, type ChangeSetSummary } from '../../core/tasks/changeSummary';
import type { ChangeSet, FileChange } from '../../core/tasks/taskTypes';
import { applyChangeSet, buildWorkspaceEdit, readCurrentTexts, targetOf, type ApplyReport, type CurrentTexts, type ResolvePath } from './changeSetApply';
import { locate } from '../workspacePaths';

/*
 * Public surface (the host lane wires these to the task controller, the chat card and the commands):
 *   new TaskChanges({ log, resolve? })
 *   .preview(changeSet) → ChangeSetPreview     shows every file in one multi-diff editor; `.decision` settles on Accept/Reject
 *   .accept(changeSet?, { conflicts? })        writes the change set as one undoable edit (conflicts: ask | skip | overwrite)
 *   .reject()                                  closes the preview; nothing is written
 *   .pending                                   the preview waiting for an answer, if any
 *   .previewInRefactorPanel(changeSet)         VS Code's own Refactor Preview instead (see below)
 *   commands switchboard.task.acceptAll / switchboard.task.rejectAll (the diff editor's title while a preview waits)
 *
 * Which preview. VS Code offers two ways to show a multi-file change before it is written:
 * (a) a WorkspaceEdit whose entries carry `needsConfirmation`, applied with applyEdit: VS Code opens
 *     its Refactor Preview, where the person unchecks files and applies or discards; applyEdit
 *     resolves `true` when applied (possibly only the checked part) and `false` when discarded (the
 *     preview handler hands back no edits, so BulkEditService reports isApplied false).
 * (b) the proposed texts served from a virtual document scheme and shown beside the files with
 *     `vscode.changes` (one multi-diff editor of every file; VS Code ≥ 1.85), or per-file `vscode.diff`,
 *     plus Accept All / Reject All.
 * (b) is the default: it lets Switchboard check for the person's own edits at the moment of Accept
 * (a) applies whatever the panel holds, unchecked files and all, with no hook before writing), it
 * can be answered from the chat card, and a test can drive it (the Refactor Preview blocks applyEdit
 * until a person clicks). (a) stays available for people who prefer VS Code's panel.
 */

export const TASK_PROPOSED_SCHEME = 'switchboard-task';
const PENDING_CONTEXT_KEY = 'switchboard.taskPreviewPending';

export interface PreviewEntry {
  readonly change: FileChange;
  readonly line: ChangeLine;
  /** The file the change writes (a rename's new path). */
  readonly target: vscode.Uri;
  /** Left side: the file as it is now (undefined for a created file). */
  readonly original?: vscode.Uri;
  /** Right side: the proposed text (undefined for a deleted file). */
  readonly proposed?: vscode.Uri;
}

export type ChangeSetDecision =
  | { readonly outcome: 'accepted'; readonly report: ApplyReport; readonly skipped: readonly ChangeConflict[] }
  | { readonly outcome: 'rejected' }
  /** A newer preview replaced this one before it was answered. */
  | { readonly outcome: 'superseded' }
  | { readonly outcome: 'failed'; readonly error: string };

export interface ChangeSetPreview {
  readonly id: number;
  readonly changeSet: ChangeSet;
  readonly summary: ChangeSetSummary;
  readonly entries: readonly PreviewEntry[];
  /** The title of the multi-diff editor. */
  readonly title: string;
  readonly mode: 'multi-diff' | 'diffs';
  readonly decision: Promise<ChangeSetDecision>;
}

/** What Accept does with files the person changed since the task read them. */
export type ConflictPolicy = 'ask' | 'skip' | 'overwrite';

export type AcceptResult =
  | ChangeSetDecision
  /** The person closed the overwrite question: nothing written, the preview still waits. */
  | { readonly outcome: 'cancelled'; readonly conflicts: readonly ChangeConflict[] }
  | { readonly outcome: 'nothing-pending' };

export interface TaskChangesOptions {
  readonly log: Logger;
  /** Workspace-relative path → URI; by default where the task's reader finds it (locate). */
  readonly resolve?: ResolvePath;
}

interface Pending {
  readonly preview: ChangeSetPreview;
  readonly settle: (decision: ChangeSetDecision) => void;
}

function defaultResolve(path: string): vscode.Uri {
  // Where the task read the file (locate: the first folder holding it, else the first folder): in a
  // multi-root workspace an edit of a file in the second folder was written to the first.
  const located = locate(path);
  if (located) return vscode.Uri.file(located.absolute);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('Task changes need an open workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...path.split('/'));
}

export class TaskChanges extends DisposableBase implements vscode.TextDocumentContentProvider {
  /** Virtual documents by URI, with the preview they belong to. */
  private readonly contents = new Map<string, { readonly previewId: number; readonly text: string }>();
  private accepting: Promise<AcceptResult> | undefined;
  /** The last settled preview's tabs closing: a new preview opens after, so it is not closed with them. */
  private closing: Promise<void> = Promise.resolve();
  private readonly resolve: ResolvePath;
  private current: Pending | undefined;
  private nextId = 1;

  constructor(private readonly options: TaskChangesOptions) {
    super();
    this.resolve = options.resolve ?? defaultResolve;
    this.register(vscode.workspace.registerTextDocumentContentProvider(TASK_PROPOSED_SCHEME, this));
    this.register(vscode.commands.registerCommand('switchboard.task.acceptAll', () => this.accept()));
    this.register(vscode.commands.registerCommand('switchboard.task.rejectAll', () => this.reject()));
    // Registered last so it runs first: a preview still open is answered before its provider goes.
    this.register(toDisposable(() => this.current?.settle({ outcome: 'rejected' })));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString())?.text ?? '';
  }

  get pending(): ChangeSetPreview | undefined {
    return this.current?.preview;
  }

  /** Opens one preview of every file; a preview still waiting is superseded. */
  async preview(changeSet: ChangeSet): Promise<ChangeSetPreview> {
    this.current?.settle({ outcome: 'superseded' });
    await this.closing;
    const id = this.nextId++;
    const now = await readCurrentTexts(changeSet.changes, this.resolve);
    const conflicts = findConflicts(changeSet.changes, (p) => now.get(p));
    const summary = summarizeChangeSet(changeSet, conflicts);
    const entries = changeSet.changes.map((change, i) => this.entry(id, change, summary.lines[i]!, now));
    const mode = (await vscode.commands.getCommands(true)).includes('vscode.changes') ? 'multi-diff' : 'diffs';
    // The multi-diff editor adds "(2 files)" to its title itself: said twice, the tab read "2 files: … (2 files)".
    const title = `Proposed by Switchboard: ${mode === 'multi-diff' ? summary.counts : summary.title}`;

    let settle!: (decision: ChangeSetDecision) => void;
    const decision = new Promise<ChangeSetDecision>((resolve) => {
      settle = (d) => {
        if (this.current?.preview.id !== id) return;
        this.current = undefined;
        this.closing = this.finish(id, entries, title).catch((error: unknown) => this.options.log.warn(`Task changes: closing the preview failed: ${String(error)}`));
        resolve(d);
      };
    });
    const preview: ChangeSetPreview = { id, changeSet, summary, entries, title, mode, decision };
    this.current = { preview, settle };
    await vscode.commands.executeCommand('setContext', PENDING_CONTEXT_KEY, true);
    // Not awaited: the decision must not wait on the editor opening (see DiffApplier.propose).
    void this.open(preview).catch((error: unknown) => this.options.log.error(`Task changes: could not open the preview: ${error instanceof Error ? error.message : String(error)}`));
    this.options.log.info(`Task changes: previewing ${summary.text}`);
    this.ask(preview);
    return preview;
  }

  /** The files of `changeSet` that are no longer as the task read them (edited, deleted, or created meanwhile). */
  async conflictsOf(changeSet: ChangeSet): Promise<ChangeConflict[]> {
    const now = await readCurrentTexts(changeSet.changes, this.resolve);
    return findConflicts(changeSet.changes, (p) => now.get(p));
  }

  /**
   * Writes `changeSet` (by default the pending preview's) as one undoable edit. Files the person
   * changed since the task read them are never overwritten silently: `ask` (the default) asks in a
   * modal, `skip` leaves them as they are, `overwrite` is for a person who already said yes.
   */
  accept(changeSet?: ChangeSet, options: { readonly conflicts?: ConflictPolicy } = {}): Promise<AcceptResult> {
    // The card's button, the notification and the command may all fire: one Accept at a time.
    this.accepting ??= this.acceptNow(changeSet, options).finally(() => (this.accepting = undefined));
    return this.accepting;
  }

  private async acceptNow(changeSet: ChangeSet | undefined, options: { readonly conflicts?: ConflictPolicy }): Promise<AcceptResult> {
    const pending = this.current && (!changeSet || changeSet === this.current.preview.changeSet) ? this.current : undefined;
    const target = changeSet ?? pending?.preview.changeSet;
    if (!target) return { outcome: 'nothing-pending' };
    const now = await readCurrentTexts(target.changes, this.resolve);
    const conflicts = findConflicts(target.changes, (p) => now.get(p));
    let policy = options.conflicts ?? 'ask';
    if (conflicts.length > 0 && policy === 'ask') {
      const answer = await this.askOverwrite(conflicts);
      if (!answer) return { outcome: 'cancelled', conflicts };
      policy = answer;
    }
    const skipped = policy === 'skip' ? conflicts : [];
    const skippedPaths = new Set(skipped.map((c) => c.path));
    const changes = target.changes.filter((c) => !changePaths(c).some((p) => skippedPaths.has(p)));
    const decision = await this.write(changes, now, skipped);
    pending?.settle(decision);
    return decision;
  }

  /** Closes the pending preview; nothing is written. */
  reject(): Promise<AcceptResult> {
    if (!this.current) return Promise.resolve({ outcome: 'nothing-pending' });
    const decision: ChangeSetDecision = { outcome: 'rejected' };
    this.current.settle(decision);
    this.options.log.info('Task changes: rejected; nothing was written.');
    return Promise.resolve(decision);
  }

  /**
   * The other way, (a) above: VS Code's Refactor Preview, where the person checks files and applies or
   * discards. Resolves `discarded` when applyEdit reports nothing applied. The files the person
   * changed meanwhile are checked first and left out unless `conflicts` is `overwrite`.
   */
  async previewInRefactorPanel(changeSet: ChangeSet, options: { readonly conflicts?: 'skip' | 'overwrite' } = {}): Promise<'applied' | 'discarded'> {
    const now = await readCurrentTexts(changeSet.changes, this.resolve);
    const conflicts = options.conflicts === 'overwrite' ? [] : findConflicts(changeSet.changes, (p) => now.get(p));
    const summary = summarizeChangeSet(changeSet, conflicts);
    const conflictPaths = new Set(conflicts.map((c) => c.path));
    const changes = changeSet.changes.filter((c) => !changePaths(c).some((p) => conflictPaths.has(p)));
    const lines = new Map(changeSet.changes.map((c, i) => [c, summary.lines[i]!]));
    const edit = await buildWorkspaceEdit(changes, this.resolve, now, (change) => ({
      needsConfirmation: true,
      label: changeSet.summary || summary.title,
      description: lines.get(change)?.detail ?? '',
    }));
    const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
    this.options.log.info(`Task changes: the Refactor Preview was ${applied ? 'applied' : 'discarded'}.`);
    return applied ? 'applied' : 'discarded';
  }

  private entry(id: number, change: FileChange, line: ChangeLine, now: CurrentTexts): PreviewEntry {
    const target = targetOf(change, this.resolve);
    const exists = now.get(change.path) !== undefined;
    const original = change.kind !== 'create' && exists ? this.resolve(change.path) : undefined;
    let proposed: vscode.Uri | undefined;
    if (change.kind !== 'delete') {
      proposed = target.with({ scheme: TASK_PROPOSED_SCHEME, query: `preview=${id}` });
      this.contents.set(proposed.toString(), { previewId: id, text: change.after });
    }
    return { change, line, target, ...(original ? { original } : {}), ...(proposed ? { proposed } : {}) };
  }

  private async open(preview: ChangeSetPreview): Promise<void> {
    if (preview.mode === 'multi-diff') {
      const resources = preview.entries.map((e) => [e.target, e.original, e.proposed]);
      await vscode.commands.executeCommand('vscode.changes', preview.title, resources);
      return;
    }
    for (const e of preview.entries) {
      // A diff needs two sides: an absent one is an empty virtual document.
      const empty = e.target.with({ scheme: TASK_PROPOSED_SCHEME, query: `empty=${preview.id}` });
      this.contents.set(empty.toString(), { previewId: preview.id, text: '' });
      await vscode.commands.executeCommand('vscode.diff', e.original ?? empty, e.proposed ?? empty, `${e.line.text}`, { preview: false });
    }
  }

  /**
   * The notification beside the preview, with the conflicts said first. A progress notification,
   * because it is the one kind VS Code closes from code: it goes when the preview is decided,
   * wherever that happens (the card's Accept All / Reject All, the editor's title, a newer preview).
   * Its Cancel rejects.
   */
  private ask(preview: ChangeSetPreview): void {
    const { summary } = preview;
    const warning = summary.conflicts.length > 0 ? ` ${summary.conflicts.map((c) => c.message).join('; ')}: Accept will ask before overwriting.` : '';
    const title = `Switchboard proposes changes to ${summary.title}.${warning} Accept All or Reject All from the editor's title or the task card; Cancel rejects.`;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
      const cancelled = token.onCancellationRequested(() => {
        if (this.current?.preview.id === preview.id) void this.reject();
      });
      return preview.decision.finally(() => cancelled.dispose());
    });
  }

  private async askOverwrite(conflicts: readonly ChangeConflict[]): Promise<'skip' | 'overwrite' | undefined> {
    const names = conflicts.map((c) => c.path).join(', ');
    const picked = await vscode.window.showWarningMessage(
      `Overwrite my edits in ${names}?`,
      { modal: true, detail: `${conflicts.map((c) => c.message).join('.\n')}.\n\nSkip keeps your version of ${conflicts.length === 1 ? 'that file' : 'those files'} and writes the rest; run the task again to include them.` },
      'Overwrite',
      'Skip These Files',
    );
    return picked === 'Overwrite' ? 'overwrite' : picked === 'Skip These Files' ? 'skip' : undefined;
  }

  private async write(changes: readonly FileChange[], now: CurrentTexts, skipped: readonly ChangeConflict[]): Promise<ChangeSetDecision> {
    const report = await applyChangeSet(changes, { resolve: this.resolve, log: this.options.log, current: now });
    if (!report.applied) {
      void vscode.window.showErrorMessage(`Switchboard could not apply the changes: ${report.error ?? 'unknown reason'}`);
      return { outcome: 'failed', error: report.error ?? 'the edit was not applied' };
    }
    if (skipped.length > 0) this.options.log.warn(`Task changes: left the person's edits in ${skipped.map((c) => c.path).join(', ')}.`);
    if (report.saveFailures.length > 0) {
      void vscode.window.showWarningMessage(`Switchboard applied the changes but could not save ${report.saveFailures.map((f) => f.path).join(', ')}.`);
    }
    return { outcome: 'accepted', report, skipped };
  }

  private async finish(id: number, entries: readonly PreviewEntry[], title: string): Promise<void> {
    const proposed = new Set(entries.flatMap((e) => (e.proposed ? [e.proposed.toString()] : [])));
    // The multi-diff editor's tab input is not in the stable API; its label is the title plus " (3 files)".
    const isOurs = (tab: vscode.Tab) =>
      tab.label === title ||
      tab.label.startsWith(`${title} (`) ||
      (tab.input instanceof vscode.TabInputTextDiff && (proposed.has(tab.input.modified.toString()) || tab.input.modified.query === `empty=${id}`));
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter(isOurs);
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
    for (const [key, value] of [...this.contents]) if (value.previewId === id) this.contents.delete(key);
    if (!this.current) await vscode.commands.executeCommand('setContext', PENDING_CONTEXT_KEY, false);
  }
}
