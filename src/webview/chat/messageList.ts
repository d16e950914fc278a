import { LitElement, css, html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { MessageView, ModelsAvailable } from '../../protocol/chatProtocol';
import './answerView';
import type { InFlight } from './chatState';
import type { LiveAnswers } from './liveAnswers';
import { baseStyles } from './styles';
import './taskCardView';
import './userMessageView';

/** Keeps following the newest text only while the person is already at the bottom. */
const STICK_THRESHOLD_PX = 40;

/**
 * The conversation as an ARIA log. Keyed by message id, so a new message adds one element and a
 * streaming token touches none of them here (the answer element draws its own text).
 */
export class MessageList extends LitElement {
  static override properties = {
    messages: { attribute: false },
    live: { attribute: false },
    conversationId: { attribute: false },
    models: { attribute: false },
    inFlight: { attribute: false },
  };

  declare messages: readonly MessageView[];
  declare live: LiveAnswers;
  declare conversationId: string | undefined;
  declare models: ModelsAvailable | undefined;
  declare inFlight: readonly InFlight[];

  constructor() {
    super();
    // Reactive properties are declared, not defined, so class-field semantics cannot shadow lit's accessors.
    this.messages = [];
    this.inFlight = [];
  }
  private stick = true;

  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        overflow-y: auto;
        min-height: 0;
      }
      [role='log'] {
        display: flex;
        flex-direction: column;
        gap: 12px;
        padding: 10px 12px;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('scroll', this.onScroll);
    this.addEventListener('sb-grew', this.follow);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('scroll', this.onScroll);
    this.removeEventListener('sb-grew', this.follow);
  }

  override render() {
    const busy = this.inFlight.length > 0;
    const notes = new Map(this.inFlight.map((f) => [f.requestId, f.note]));
    return html`
      <!-- Not a live region: Chromium honours aria-busy only on the live region itself, so every
           re-rendered chunk of a streaming answer was read out. The app announces each answer once. -->
      <div role="log" aria-live="off" aria-label="Conversation">
        ${repeat(
          this.messages,
          (m) => m.id,
          (m) =>
            m.role === 'user'
              ? html`<sb-user-message .message=${m} .conversationId=${this.conversationId} ?busy=${busy}></sb-user-message>`
              : m.role === 'task'
                ? html`<sb-task-card .card=${m}></sb-task-card>`
                : html`<sb-answer .message=${m} .live=${this.live} .conversationId=${this.conversationId} .models=${this.models} .note=${notes.get(m.requestId)}></sb-answer>`,
        )}
      </div>
    `;
  }

  protected override updated(): void {
    this.follow();
  }

  private onScroll = (): void => {
    this.stick = this.scrollHeight - this.scrollTop - this.clientHeight < STICK_THRESHOLD_PX;
  };

  private follow = (): void => {
    if (this.stick) this.scrollTop = this.scrollHeight;
  };
}

customElements.define('sb-message-list', MessageList);
