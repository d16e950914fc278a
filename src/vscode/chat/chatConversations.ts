import * as vscode from 'vscode';
import { conversationNameSchema, type ConversationStore } from '../../core/chat/conversationStore';
import { conversationToMarkdown, exportFileName } from '../../core/chat/markdownExport';
import { inputProblem } from '../../core/config/diagnostics';
import type { HostToWebview, WebviewToHost } from '../../protocol/chatProtocol';
import { relativePath, saveFolder } from '../workspacePaths';
import { plural } from '../../shared/figures';

/** The view's messages about the conversation list. */
export type ConversationMessage = Extract<WebviewToHost, { type: 'conversation/list' | 'conversation/new' | 'conversation/select' | 'conversation/delete' | 'conversation/export' }>;

/** What conversation management needs of the chat: which conversation is shown, its answers, the view. */
export interface ConversationsHost {
  currentConversationId(): string | undefined;
  /** Shows `conversationId` (none: a new, empty one); `chosen` when the person or a command picked it. */
  show(conversationId: string | undefined, chosen: boolean): void;
  /** Stops every answer still streaming in `conversationId`. */
  stopAnswersIn(conversationId: string): void;
  post(message: HostToWebview): void;
  postState(): void;
}

/** The chat's conversation list: new, select, rename, delete (with confirmation) and export to Markdown. */
export class ChatConversations {
  constructor(
    private readonly store: ConversationStore,
    private readonly host: ConversationsHost,
  ) {}

  async receive(message: ConversationMessage): Promise<void> {
    switch (message.type) {
      case 'conversation/list':
        this.host.postState();
        return;
      case 'conversation/new':
        this.host.show(undefined, true);
        this.host.postState();
        return;
      case 'conversation/select':
        if (!this.store.has(message.conversationId)) {
          this.host.post({ type: 'error', message: 'That conversation no longer exists.' });
          this.host.postState();
          return;
        }
        this.host.show(message.conversationId, true);
        this.host.postState();
        return;
      case 'conversation/delete':
        await this.delete(message.conversationId, true);
        return;
      case 'conversation/export':
        await this.export(message.conversationId);
        return;
    }
  }

  /** Asks the person for a new name (the current one to edit); false when they cancel or it is gone. */
  async rename(conversationId: string): Promise<boolean> {
    const conversation = this.store.get(conversationId);
    if (!conversation) return false;
    const name = await vscode.window.showInputBox({
      title: 'Rename conversation',
      value: conversation.title,
      prompt: 'The name the conversation list shows',
      validateInput: (text) => inputProblem(conversationNameSchema, text),
    });
    // Deleted while the box was open: nothing to name.
    if (name === undefined || !this.store.has(conversationId)) return false;
    this.store.rename(conversationId, name);
    this.host.postState();
    return true;
  }

  async delete(conversationId: string, confirm: boolean): Promise<boolean> {
    const conversation = this.store.get(conversationId);
    if (!conversation) return false;
    if (confirm) {
      const picked = await vscode.window.showWarningMessage(`Delete the conversation "${conversation.title}"?`, { modal: true, detail: `${plural(conversation.messages.length, 'message')} will be removed from this workspace's history.` }, 'Delete');
      if (picked !== 'Delete') return false;
    }
    this.host.stopAnswersIn(conversationId);
    this.store.delete(conversationId);
    if (this.host.currentConversationId() === conversationId) this.host.show(this.store.latest()?.id, false);
    this.host.postState();
    return true;
  }

  /** Writes a conversation as Markdown to `target`, or where the person picks in a save dialog. */
  async export(conversationId: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const conversation = this.store.get(conversationId);
    if (!conversation) return undefined;
    const markdown = conversationToMarkdown(conversation);
    const folder = saveFolder();
    const picked =
      target ??
      (await vscode.window.showSaveDialog({
        title: 'Export conversation to Markdown',
        filters: { Markdown: ['md'] },
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, exportFileName(conversation)) } : {}),
      }));
    if (!picked) return undefined;
    await vscode.workspace.fs.writeFile(picked, new TextEncoder().encode(markdown));
    if (!target) {
      void vscode.window.showInformationMessage(`Exported "${conversation.title}" to ${relativePath(picked)}.`, 'Open').then((open) => {
        if (open === 'Open') void vscode.window.showTextDocument(picked);
      });
    }
    return picked;
  }
}
