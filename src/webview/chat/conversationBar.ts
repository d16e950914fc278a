import { LitElement, css, html } from 'lit';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import type { ConversationSummary } from '../../protocol/chatProtocol';
import { baseStyles } from './styles';
import { post } from './vscodeApi';

/** Switch conversations, start a new one, export or delete the current one. */
export class ConversationBar extends LitElement {
  static override properties = {
    conversations: { attribute: false },
    currentId: { attribute: false },
  };

  declare conversations: readonly ConversationSummary[];
  declare currentId: string | undefined;

  constructor() {
    super();
    // Reactive properties are declared, not defined, so class-field semantics cannot shadow lit's accessors.
    this.conversations = [];
  }

  static override styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        align-items: center;
        gap: 4px;
        padding: 4px 8px;
        border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent));
      }
      vscode-single-select {
        flex: 1;
        min-width: 0;
      }
    `,
  ];

  override render() {
    const current = this.currentId;
    const title = this.conversations.find((c) => c.id === current)?.title;
    return html`
      <vscode-single-select label="Conversation" .value=${current ?? ''} @change=${this.onSelect}>
        ${current === undefined ? html`<vscode-option value="">New conversation</vscode-option>` : ''}
        ${current !== undefined && title === undefined ? html`<vscode-option value=${current}>Current conversation</vscode-option>` : ''}
        ${this.conversations.map((c) => html`<vscode-option value=${c.id} description=${`${c.messageCount} messages · ${new Date(c.updatedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`}>${c.title}</vscode-option>`)}
      </vscode-single-select>
      <button type="button" class="tool" @click=${() => post({ type: 'conversation/new' })} aria-label="New chat" title="New chat">New</button>
      <button type="button" class="tool" ?disabled=${!current} @click=${() => current && post({ type: 'conversation/export', conversationId: current })} aria-label=${`Export ${title ?? 'conversation'} to Markdown`} title="Export to Markdown">Export</button>
      <button type="button" class="tool" ?disabled=${!current} @click=${() => current && post({ type: 'conversation/delete', conversationId: current })} aria-label=${`Delete ${title ?? 'conversation'}`} title="Delete conversation">Delete</button>
    `;
  }

  private onSelect = (event: Event): void => {
    const id = (event.target as HTMLSelectElement).value;
    if (id && id !== this.currentId) post({ type: 'conversation/select', conversationId: id });
  };
}

customElements.define('sb-conversation-bar', ConversationBar);
