import { languageMismatch } from '../../core/chat/languageMatch';
import * as vscode from 'vscode';
import { isAnalyzable } from '../../core/analysis/fileKinds';
import { mergeHere } from '../../core/chat/mergeHere';
import { planPlainApply, replaceSelection, replaceWholeFile, type ApplyPlan, type ApplyRequest } from '../../core/chat/applyText';
import { DisposableBase, toDisposable } from '../../core/lifecycle/disposable';
import type { Logger } from '../../core/log/logger';
import type { CodeMerger } from '../../core/tasks/taskPorts';
import { relativePath } from '../workspacePaths';

export const PROPOSED_SCHEME = 'switchboard-proposed';
const PENDING_CONTEXT_KEY = 'switchboard.applyPending';

export type ApplyOutcome = 'accepted' | 'rejected' | 'stale' | 'failed';

const APPLY_OUTCOME_WORDS: Readonly<Record<Exclude<ApplyOutcome, 'failed'>, string>> = {
  accepted: 'accepted and written',
  rejected: 'rejected (or replaced by a newer preview); nothing written',
  stale: 'not applied: the file changed after the preview was made',
};

export interface ApplyProposal {
  /** The file to change (it may not exist yet). */
  readonly target: vscode.Uri;
  /**
   * The 0-based line range the code replaces. Without it a TS/JS file gets the block merged in by
   * declaration (src/core/chat/applyMerge.ts); any other file is replaced whole.
   */
  readonly lines?: { readonly start: number; readonly end: number };
  readonly code: string;
  /** The block's fence word (```ts): a block in another language than the file's is said in the preview. */
  readonly language?: string;
}

/** A preview waiting for Accept or Reject, as tests and commands can see it. */
export interface PendingProposal {
  readonly target: vscode.Uri;
  readonly proposedText: string;
  readonly description: string;
  /** Set when the preview drops code the block elides (see ApplyPlan.warning). */
  readonly warning?: string;
}

const MAX_TITLE_DESCRIPTION = 80;

/**
 * What the proposal does to a file whose current text is `fileText` (decided in the core). A merge by
 * declaration runs in `merger` when there is one (the validation thread, when it is running), else here.
 */
export async function planProposal(proposal: ApplyProposal, fileText: string, log?: Logger, merger?: CodeMerger): Promise<ApplyPlan> {
  const request: ApplyRequest = { fileText, code: proposal.code, path: proposal.target.path, ...(proposal.lines ? { selection: proposal.lines } : {}) };
  if (proposal.lines) return replaceSelection({ ...request, selection: proposal.lines });
  if (!isAnalyzable(proposal.target.path)) return planPlainApply(request, 'only TypeScript and JavaScript files are merged');
  try {
    return merger ? await merger.merge(request) : mergeHere(request);
  } catch (error) {
    // A bug in the merge must not cost the person the preview: fall back to what Apply did before.
    log?.error(`Apply: merging into ${proposal.target.path} failed, proposing the whole file: ${error instanceof Error ? error.message : String(error)}`);
    return replaceWholeFile(request, 'merging failed');
  }
}

/** "replaces function parseConfig (lines 12–30)", with the reason when the block was not merged. */
export function describePlan(plan: ApplyPlan): string {
  return plan.reason && plan.strategy !== 'merge' ? `${plan.description} (${plan.reason})` : plan.description;
}

interface Pending {
  readonly id: number;
  readonly proposedUri: vscode.Uri;
  readonly originalUri: vscode.Uri;
  readonly proposal: ApplyProposal;
  readonly newText: string;
  readonly description: string;
  readonly warning: string | undefined;
  /** The document's version when the preview was made; undefined for a new file. */
  readonly version: number | undefined;
  readonly settle: (outcome: ApplyOutcome) => void;
}

/**
 * Apply with consent: the proposed text is served from a virtual document, VS Code's diff editor
 * shows it beside the file, and only Accept writes (Reject, closing the notification or opening
 * a newer preview of the same file leaves the file untouched).
 */
export class DiffApplier extends DisposableBase implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly log: Logger,
    private readonly merger?: CodeMerger,
  ) {
    super();
    this.register(vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, this));
    this.register(vscode.commands.registerCommand('switchboard.acceptApply', (uri?: unknown) => this.settleFromCommand(uri, 'accepted')));
    this.register(vscode.commands.registerCommand('switchboard.rejectApply', (uri?: unknown) => this.settleFromCommand(uri, 'rejected')));
    // Registered last so it runs first: previews still open are answered before their provider goes.
    this.register(
      toDisposable(() => {
        for (const p of [...this.pending.values()]) p.settle('rejected');
      }),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Opens the diff preview; resolves once the person accepted (file written) or rejected it. */
  async propose(proposal: ApplyProposal): Promise<ApplyOutcome> {
    const id = this.nextId++;
    let original = '';
    let version: number | undefined;
    let document: vscode.TextDocument | undefined;
    try {
      document = await vscode.workspace.openTextDocument(proposal.target);
      original = document.getText();
      version = document.version;
    } catch {
      document = undefined;
    }
    const planned = document ? await planProposal(proposal, original, this.log, this.merger) : undefined;
    const mismatch = document ? languageMismatch(proposal.language, document.languageId) : undefined;
    // A block in another language than the file's is a warning the person reads before accepting.
    const plan = planned && mismatch ? { ...planned, warning: planned.warning ?? mismatch } : planned;
    const newText = plan ? plan.text : proposal.code;
    const description = plan ? `${describePlan(plan)}${mismatch ? `; ${mismatch}` : ''}` : 'creates the file';
    const name = relativePath(proposal.target);
    const path = proposal.target.path;
    const proposedUri = vscode.Uri.from({ scheme: PROPOSED_SCHEME, path, query: `proposed=${id}` });
    const originalUri = document ? proposal.target : vscode.Uri.from({ scheme: PROPOSED_SCHEME, path, query: `empty=${id}` });
    this.contents.set(proposedUri.toString(), newText);
    if (!document) this.contents.set(originalUri.toString(), original);

    // A newer preview of the same file replaces an older one still open.
    for (const p of this.pending.values()) if (p.proposal.target.toString() === proposal.target.toString()) p.settle('rejected');

    const outcome = new Promise<ApplyOutcome>((resolve) => {
      const settle = (result: ApplyOutcome) => {
        if (!this.pending.delete(id)) return;
        // The log says how each preview ended, as it said it was shown (a failure has its own error line).
        if (result !== 'failed') this.log.info(`Apply: ${name}: ${APPLY_OUTCOME_WORDS[result]}.`);
        void this.finish(proposedUri, originalUri);
        resolve(result);
      };
      this.pending.set(id, { id, proposedUri, originalUri, proposal, newText, description, warning: plan?.warning, version, settle });
    });
    await this.updateContextKey();
    // Not awaited: the outcome must not wait on the editor opening. Settling closes the diff tab, and
    // a diff closed while it is still opening can leave the command's promise pending forever (seen
    // as a hung Accept/Reject in the integration tests).
    const short = plan ? plan.description : description;
    const title = `${name} ↔ proposed by Switchboard: ${short.length > MAX_TITLE_DESCRIPTION ? `${short.slice(0, MAX_TITLE_DESCRIPTION - 1)}…` : short}`;
    void Promise.resolve(vscode.commands.executeCommand('vscode.diff', originalUri, proposedUri, title, { preview: false })).then(
      // Settled while the diff was still opening: close the tab that has just appeared.
      () => (this.pending.has(id) ? undefined : this.closeDiffTabs(proposedUri)),
      (error: unknown) => this.log.error(`Could not open the diff preview of ${name}: ${error instanceof Error ? error.message : String(error)}`),
    );

    if (plan?.warning) this.log.warn(`Apply: previewing ${name}: ${description}.`);
    else this.log.info(`Apply: previewing ${name}: ${description}.`);
    // The person decides on what the change does, not only on the diff: say it in the question, as a
    // warning when the preview drops code the block elided (the description then ends with why).
    const question = `Apply the proposed change to ${name}? It ${description}.`;
    const asked = plan?.warning ? vscode.window.showWarningMessage(question, 'Accept', 'Reject') : vscode.window.showInformationMessage(question, 'Accept', 'Reject');
    void asked.then((picked) => {
      if (picked === 'Accept') void this.accept(id);
      else if (picked === 'Reject') this.pending.get(id)?.settle('rejected');
    });
    return outcome;
  }

  private async settleFromCommand(arg: unknown, outcome: 'accepted' | 'rejected'): Promise<ApplyOutcome | undefined> {
    const target = this.findPending(arg);
    if (!target) {
      void vscode.window.showInformationMessage('Switchboard: there is no proposed change to accept or reject.');
      return undefined;
    }
    if (outcome === 'rejected') {
      target.settle('rejected');
      return 'rejected';
    }
    return this.accept(target.id);
  }

  /** The preview a command is about: the one whose URI it was given, the active diff, else the newest. */
  private findPending(arg: unknown): Pending | undefined {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    const all = [...this.pending.values()];
    if (uri) {
      const match = all.find((p) => p.proposedUri.toString() === uri.toString() || p.originalUri.toString() === uri.toString());
      if (match) return match;
    }
    return all.at(-1);
  }

  private async accept(id: number): Promise<ApplyOutcome> {
    const p = this.pending.get(id);
    if (!p) return 'rejected';
    try {
      let document: vscode.TextDocument | undefined;
      try {
        document = await vscode.workspace.openTextDocument(p.proposal.target);
      } catch {
        document = undefined;
      }
      const edit = new vscode.WorkspaceEdit();
      if (document) {
        if (p.version !== undefined && document.version !== p.version) {
          void vscode.window.showWarningMessage(`${relativePath(p.proposal.target)} changed after the preview was made; apply the code block again to see a fresh diff.`);
          p.settle('stale');
          return 'stale';
        }
        const wasDirty = document.isDirty;
        edit.replace(p.proposal.target, new vscode.Range(0, 0, document.lineCount, 0), p.newText);
        if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code refused the edit');
        // Saving a document that had unsaved changes would write those too: leave that to the person.
        if (!wasDirty && !(await document.save())) {
          // VS Code declined the save (another save, e.g. auto save, may be writing the same text).
          this.log.warn(`Apply: ${relativePath(p.proposal.target)} was changed but VS Code did not save it; it stays open with the change unsaved if no other save writes it.`);
        }
      } else {
        edit.createFile(p.proposal.target, { ignoreIfExists: false, contents: new TextEncoder().encode(p.newText) });
        if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code refused to create the file');
      }
      p.settle('accepted');
      return 'accepted';
    } catch (error) {
      this.log.error(`Apply to ${p.proposal.target.toString()} failed: ${(error as Error).message}`);
      void vscode.window.showErrorMessage(`Switchboard could not apply the change: ${(error as Error).message}`);
      p.settle('failed');
      return 'failed';
    }
  }

  private async closeDiffTabs(proposedUri: vscode.Uri): Promise<void> {
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === proposedUri.toString());
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
  }

  private async finish(proposedUri: vscode.Uri, originalUri: vscode.Uri): Promise<void> {
    await this.closeDiffTabs(proposedUri);
    this.contents.delete(proposedUri.toString());
    if (originalUri.scheme === PROPOSED_SCHEME) this.contents.delete(originalUri.toString());
    await this.updateContextKey();
  }

  private updateContextKey(): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', PENDING_CONTEXT_KEY, this.pending.size > 0);
  }

  /** The previews waiting for an answer, oldest first. */
  get pendingProposals(): readonly PendingProposal[] {
    return [...this.pending.values()].map((p) => ({ target: p.proposal.target, proposedText: p.newText, description: p.description, ...(p.warning ? { warning: p.warning } : {}) }));
  }

  /** How many previews wait for an answer. */
  get pendingCount(): number {
    return this.pending.size;
  }
}
