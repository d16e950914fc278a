import * as vscode from 'vscode';
import { relativePath } from '../workspacePaths';
import type { ConversationStore } from '../../core/chat/conversationStore';
import { checkRelativePath } from '../../core/chat/relativePath';
import type { HostToWebview, WebviewToHost } from '../../protocol/chatProtocol';
import { resolveWorkspaceFile } from './contextResolver';
import type { ApplyOutcome, DiffApplier } from './diffApply';
import type { EditorTracker } from './editorTracker';

/** The view's messages about an answer's code and text. */
export type CodeActionMessage = Extract<WebviewToHost, { type: 'code/copy' | 'message/copy' | 'code/insert' | 'code/apply' }>;

export interface CodeActionsDeps {
  readonly store: ConversationStore;
  readonly tracker: EditorTracker;
  readonly applier: DiffApplier;
  /** Where problems are told to the view. */
  readonly post: (message: HostToWebview) => void;
  /** Records an Apply accepted or rejected against the answer it came from (a quality signal). */
  readonly applied?: (conversationId: string, messageId: string, outcome: 'accepted' | 'rejected') => void;
}

/** What the chat does with an answer's code and text: copy, insert at the cursor, apply as a previewed change. */
export class CodeActions {
  constructor(private readonly deps: CodeActionsDeps) {}

  async receive(message: CodeActionMessage): Promise<void> {
    switch (message.type) {
      case 'code/copy':
        await vscode.env.clipboard.writeText(message.code);
        return;
      case 'message/copy': {
        const found = this.deps.store.get(message.conversationId)?.messages.find((m) => m.id === message.messageId);
        if (found && found.role !== 'task') await vscode.env.clipboard.writeText(found.text);
        return;
      }
      case 'code/insert':
        await this.insert(message.code);
        return;
      case 'code/apply':
        await this.apply(message.conversationId, message.messageId, message.code, message.pathHint, message.language);
        return;
    }
  }

  private async insert(code: string): Promise<void> {
    let editor = this.deps.tracker.editor;
    if (!editor) {
      void vscode.window.showInformationMessage('Switchboard: open a file and place the cursor where the code should go, then choose Insert again.');
      return;
    }
    if (!vscode.window.visibleTextEditors.includes(editor)) editor = await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    const target = editor;
    const done = await target.edit((edit) => {
      for (const sel of target.selections) edit.replace(sel, code);
    });
    // The edit happens outside the chat view: a screen reader would otherwise hear nothing.
    if (done) this.deps.post({ type: 'announce', text: `Inserted into ${relativePath(target.document.uri)}` });
  }

  /**
   * Previews a code block as a change and writes it only on Accept. Target: the path the model
   * named (checked: workspace-relative only), else the lines a command ran on, else the selection
   * or whole file of the editor in use. A block for a whole TS/JS file is merged in by declaration
   * (the applier asks src/core/chat/applyMerge.ts), so "the fixed parseConfig" replaces only it.
   */
  async apply(conversationId: string, messageId: string, code: string, pathHint: string | undefined, language?: string): Promise<ApplyOutcome | undefined> {
    const outcome = await this.preview(conversationId, messageId, code, pathHint, language);
    // A stale or failed preview says nothing about the answer; the person's decision does.
    if (outcome === 'accepted' || outcome === 'rejected') this.deps.applied?.(conversationId, messageId, outcome);
    return outcome;
  }

  private async preview(conversationId: string, messageId: string, code: string, pathHint: string | undefined, language?: string): Promise<ApplyOutcome | undefined> {
    const { applier, store, tracker, post } = this.deps;
    const prompt = store.promptOf(conversationId, messageId)?.prompt;
    const target = prompt?.applyTarget;
    let hinted: string | undefined;
    if (pathHint) {
      const checked = checkRelativePath(pathHint);
      if (checked.ok) hinted = checked.path;
      else post({ type: 'error', message: `The answer names the file "${pathHint.slice(0, 200)}", which Switchboard will not write: ${checked.reason}. The block was applied to the editor instead.` });
    }
    if (target && (!hinted || hinted === target.path)) {
      const found = await resolveWorkspaceFile(target.path);
      if (!('error' in found) && found.exists) return applier.propose({ target: found.uri, lines: { start: target.startLine - 1, end: target.endLine - 1 }, code, ...(language ? { language } : {}) });
    }
    if (hinted) {
      const found = await resolveWorkspaceFile(hinted);
      if ('error' in found) {
        post({ type: 'error', message: `Cannot apply to ${hinted}: ${found.error}.` });
        return undefined;
      }
      return applier.propose({ target: found.uri, code, ...(language ? { language } : {}) });
    }
    const editor = tracker.editor;
    if (!editor) {
      post({ type: 'error', message: 'Open the file the code belongs in (select the lines to replace), then choose Apply again.' });
      return undefined;
    }
    const sel = editor.selection;
    const lastLine = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line - 1 : sel.end.line;
    return applier.propose({ target: editor.document.uri, ...(sel.isEmpty ? {} : { lines: { start: sel.start.line, end: lastLine } }), code, ...(language ? { language } : {}) });
  }
}
