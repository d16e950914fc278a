import { LitElement, type SVGTemplateResult, css, html, svg } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import type { ConversationSummary } from '../../protocol/chatProtocol';
import { baseStyles } from './styles';
import { post } from './vscodeApi';

/*
 * VS Code's own icons (codicons `add`, `export` and `trash`, MIT), drawn inline as answerRating.ts
 * draws its thumbs (the codicon font is not loaded in the webview). With the words "New", "Export"
 * and "Delete" beside it, the list had about 120 px of a side bar and its titles read "What does
 * invo…" and "a function that …": the icons leave it the rest of the row, and its list as wide.
 */
const ADD = svg`<path d="M8 1.5C8 1.22386 7.77614 1 7.5 1C7.22386 1 7 1.22386 7 1.5V7H1.5C1.22386 7 1 7.22386 1 7.5C1 7.77614 1.22386 8 1.5 8H7V13.5C7 13.7761 7.22386 14 7.5 14C7.77614 14 8 13.7761 8 13.5V8H13.5C13.7761 8 14 7.77614 14 7.5C14 7.22386 13.7761 7 13.5 7H8V1.5Z"/>`;
const EXPORT = svg`<path d="M1.5 2.99976C1.776 2.99976 2 3.22376 2 3.49976V11.4998C2 11.7758 1.776 11.9998 1.5 11.9998C1.224 11.9998 1 11.7758 1 11.4998V3.49976C1 3.22376 1.224 2.99976 1.5 2.99976ZM10.146 3.14576C10.341 2.95076 10.658 2.95076 10.853 3.14576L14.853 7.14576C15.048 7.34076 15.048 7.65776 14.853 7.85276L10.853 11.8528C10.658 12.0478 10.341 12.0478 10.146 11.8528C9.951 11.6578 9.951 11.3408 10.146 11.1458L13.293 7.99976H4.5C4.224 7.99976 4 7.77576 4 7.49976C4 7.22376 4.224 6.99976 4.5 6.99976H13.293L10.147 3.85376C9.952 3.65876 9.952 3.34176 10.147 3.14676L10.146 3.14576Z"/>`;
const TRASH = svg`<path d="M14 2H10C10 0.897 9.103 0 8 0C6.897 0 6 0.897 6 2H2C1.724 2 1.5 2.224 1.5 2.5C1.5 2.776 1.724 3 2 3H2.54L3.349 12.708C3.456 13.994 4.55 15 5.84 15H10.159C11.449 15 12.543 13.993 12.65 12.708L13.459 3H13.999C14.275 3 14.499 2.776 14.499 2.5C14.499 2.224 14.275 2 13.999 2H14ZM8 1C8.551 1 9 1.449 9 2H7C7 1.449 7.449 1 8 1ZM11.655 12.625C11.591 13.396 10.934 14 10.16 14H5.841C5.067 14 4.41 13.396 4.346 12.625L3.544 3H12.458L11.656 12.625H11.655ZM7 5.5V11.5C7 11.776 6.776 12 6.5 12C6.224 12 6 11.776 6 11.5V5.5C6 5.224 6.224 5 6.5 5C6.776 5 7 5.224 7 5.5ZM10 5.5V11.5C10 11.776 9.776 12 9.5 12C9.224 12 9 11.776 9 11.5V5.5C9 5.224 9.224 5 9.5 5C9.776 5 10 5.224 10 5.5Z"/>`;

function icon(path: SVGTemplateResult) {
  return html`<svg class="icon" viewBox="0 0 16 16" width="16" height="16" fill="currentColor" aria-hidden="true" focusable="false">${path}</svg>`;
}

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
      button.icon-button {
        display: inline-flex;
        align-items: center;
        justify-content: center;
        padding: 3px;
        min-width: 22px;
      }
      .icon {
        display: block;
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
        ${repeat(
          this.conversations,
          // Keyed by the title too: a renamed conversation gets a new option. The list reads an
          // option's label only when its slotted nodes change, and a title changed in place is a
          // text node's data, so the list's face went on showing the old name.
          (c) => `${c.id}\n${c.title}`,
          (c) => html`<vscode-option value=${c.id} description=${`${c.messageCount} messages · ${new Date(c.updatedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`}>${c.title}</vscode-option>`,
        )}
      </vscode-single-select>
      <button type="button" class="tool icon-button" @click=${() => post({ type: 'conversation/new' })} aria-label="New chat" title="New chat">${icon(ADD)}</button>
      <button type="button" class="tool icon-button" ?disabled=${!current} @click=${() => current && post({ type: 'conversation/export', conversationId: current })} aria-label=${`Export ${title ?? 'conversation'} to Markdown`} title="Export to Markdown">${icon(EXPORT)}</button>
      <button type="button" class="tool icon-button" ?disabled=${!current} @click=${() => current && post({ type: 'conversation/delete', conversationId: current })} aria-label=${`Delete ${title ?? 'conversation'}`} title="Delete conversation">${icon(TRASH)}</button>
    `;
  }

  private onSelect = (event: Event): void => {
    const id = (event.target as HTMLSelectElement).value;
    if (id && id !== this.currentId) post({ type: 'conversation/select', conversationId: id });
  };
}

customElements.define('sb-conversation-bar', ConversationBar);
