import { LitElement, css, html, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { UserMessageView as UserMessage } from '../../protocol/chatProtocol';
import { chipReference } from './chips';
import { newId } from './ids';
import { baseStyles } from './styles';

/** A prompt the person sent, shown as plain text (never as HTML), with edit-and-resend. */
export class UserMessageElement extends LitElement {
  static override properties = {
    message: { attribute: false },
    conversationId: { attribute: false },
    busy: { type: Boolean },
    editing: { state: true },
  };

  declare message: UserMessage;
  declare conversationId: string | undefined;
  declare busy: boolean;
  declare private editing: boolean;

  constructor() {
    super();
    // Reactive properties are declared, not defined, so class-field semantics cannot shadow lit's accessors.
    this.busy = false;
    this.editing = false;
  }

  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .bubble {
        background: var(--vscode-input-background);
        border: 1px solid var(--vscode-input-border, var(--vscode-contrastBorder, transparent));
        border-radius: 4px;
        padding: 6px 10px;
      }
      .text {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        margin: 0;
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 8px;
        align-items: center;
        margin-top: 4px;
        font-size: 0.9em;
      }
      .chip {
        border: 1px solid var(--vscode-contrastBorder, var(--vscode-badge-background));
        border-radius: 10px;
        padding: 0 6px;
      }
      textarea {
        box-sizing: border-box;
        width: 100%;
        min-height: 4em;
        resize: vertical;
        font: inherit;
        color: var(--vscode-input-foreground);
        background: var(--vscode-input-background);
        border: 1px solid var(--vscode-input-border, transparent);
        padding: 4px 6px;
      }
      textarea:focus {
        outline: 1px solid var(--vscode-focusBorder);
        outline-offset: -1px;
      }
      .edit-buttons {
        display: flex;
        gap: 6px;
        margin-top: 4px;
      }
    `,
  ];

  override render() {
    const m = this.message;
    if (this.editing) {
      return html`
        <div class="bubble">
          <textarea aria-label="Edit your message (Enter to resend, Shift+Enter for a new line, Escape to cancel)" .value=${m.text} @keydown=${this.onEditKey}></textarea>
          <div class="edit-buttons">
            <vscode-button @click=${() => this.resend()} ?disabled=${this.busy}>Resend</vscode-button>
            <vscode-button secondary @click=${() => this.stopEditing()}>Cancel</vscode-button>
          </div>
        </div>
      `;
    }
    return html`
      <div class="bubble">
        <p class="text">${m.text}</p>
        <div class="meta">
          ${m.capability !== 'auto' ? html`<span class="muted">${m.capability}</span>` : nothing}
          ${m.modelId ? html`<span class="muted">on ${m.modelId}</span>` : nothing}
          ${m.chips.map((c) => html`<span class="chip">${c.label}</span>`)}
          <button type="button" class="tool" ?disabled=${this.busy} @click=${() => this.startEditing()} aria-label="Edit and resend this message">Edit</button>
        </div>
      </div>
    `;
  }

  private async startEditing(): Promise<void> {
    this.editing = true;
    await this.updateComplete;
    const area = this.renderRoot.querySelector('textarea');
    area?.focus();
    area?.setSelectionRange(area.value.length, area.value.length);
  }

  private async stopEditing(): Promise<void> {
    this.editing = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('button.tool')?.focus();
  }

  private onEditKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      void this.stopEditing();
    } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.resend();
    }
  };

  private resend(): void {
    const area = this.renderRoot.querySelector('textarea');
    const text = area?.value.trim() ?? '';
    if (!text || !this.conversationId || this.busy) return;
    const m = this.message;
    this.dispatchEvent(
      new CustomEvent('sb-edit-resend', {
        detail: {
          type: 'editResend',
          conversationId: this.conversationId,
          messageId: m.id,
          requestId: newId('r'),
          text,
          capability: m.capability,
          ...(m.modelId ? { modelId: m.modelId } : {}),
          chips: m.chips.map(chipReference),
        },
        bubbles: true,
        composed: true,
      }),
    );
    this.editing = false;
  }
}

customElements.define('sb-user-message', UserMessageElement);
