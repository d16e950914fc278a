import { LitElement, type PropertyValues, css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { MessageView, ModelsAvailable } from '../../protocol/chatProtocol';
import './answerView';
import type { InFlight } from './chatState';
import { ScrollIntent, followAfterScroll } from './followScroll';
import { rovingTarget } from './rovingKeys';
import type { LiveAnswers } from './liveAnswers';
import { baseStyles } from './styles';
import './taskCardView';
import './userMessageView';

/**
 * The conversation as an ARIA log. Keyed by message id, so a new message adds one element and a
 * streaming token touches none of them here (the answer element draws its own text).
 *
 * It follows the newest text: whenever its content or its own height changes it scrolls to the
 * end, unless the person scrolled up; then a "Jump to latest" button offers the way back. Sending
 * shows the question again (revealLatest).
 */
export class MessageList extends LitElement {
  static override properties = {
    messages: { attribute: false },
    live: { attribute: false },
    conversationId: { attribute: false },
    models: { attribute: false },
    inFlight: { attribute: false },
    following: { state: true },
    chosenId: { state: true },
  };

  declare messages: readonly MessageView[];
  declare live: LiveAnswers;
  declare conversationId: string | undefined;
  declare models: ModelsAvailable | undefined;
  declare inFlight: readonly InFlight[];
  /** False once the person scrolled up: new text no longer moves the view. */
  declare private following: boolean;
  /** The message the person moved to (arrow keys, a click inside it); none: the newest. */
  declare private chosenId: string | undefined;

  constructor() {
    super();
    // Reactive properties are declared, not defined, so class-field semantics cannot shadow lit's accessors.
    this.messages = [];
    this.inFlight = [];
    this.following = true;
  }

  /** The scrollTop last seen or set: a lower one in a scroll event is the person scrolling up. */
  private lastTop = 0;
  /**
   * Messages render after the list (lit updates children later) and answers grow as they stream:
   * a size observer sees each change of the content's height and of the list's own.
   */
  private readonly resizes = new ResizeObserver(() => this.follow());

  static override styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        position: relative;
        min-height: 0;
      }
      .scroller {
        flex: 1;
        min-height: 0;
        overflow-y: auto;
      }
      [role='log'] {
        display: flex;
        flex-direction: column;
        gap: 12px;
        padding: 10px 12px;
      }
      /* The message itself takes focus when arrow keys move to it. */
      [role='log'] > [role='article']:focus-visible {
        outline: 1px solid var(--vscode-focusBorder);
        outline-offset: 3px;
      }
      .jump {
        position: absolute;
        bottom: 8px;
        left: 50%;
        transform: translateX(-50%);
        padding: 3px 10px;
        border: 1px solid var(--vscode-button-border, transparent);
        border-radius: 12px;
        background: var(--vscode-button-background);
        color: var(--vscode-button-foreground);
        font: inherit;
        cursor: pointer;
        box-shadow: 0 1px 4px var(--vscode-widget-shadow, rgba(0, 0, 0, 0.3));
      }
      .jump:hover {
        background: var(--vscode-button-hoverBackground, var(--vscode-button-background));
      }
      .jump:focus-visible {
        outline: 1px solid var(--vscode-focusBorder);
        outline-offset: 2px;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('sb-grew', this.follow);
    // A drag of the scrollbar may end outside the list.
    window.addEventListener('pointerup', this.onRelease);
    window.addEventListener('pointercancel', this.onRelease);
    if (this.hasUpdated) this.observe();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('sb-grew', this.follow);
    window.removeEventListener('pointerup', this.onRelease);
    window.removeEventListener('pointercancel', this.onRelease);
    this.resizes.disconnect();
  }

  /** Scrolls to the newest message and follows it again, whatever the person did before (on send). */
  revealLatest(): void {
    this.following = true;
    this.chosenId = undefined;
    this.scrollToEnd();
  }

  override render() {
    const busy = this.inFlight.length > 0;
    const notes = new Map(this.inFlight.map((f) => [f.requestId, f.note]));
    const current = this.currentId();
    return html`
      <div
        class="scroller"
        @scroll=${this.onScroll}
        @wheel=${this.onIntent}
        @touchmove=${this.onIntent}
        @keydown=${this.onIntent}
        @pointerdown=${this.onPress}
      >
        <!-- Not a live region: Chromium honours aria-busy only on the live region itself, so every
             re-rendered chunk of a streaming answer was read out. The app announces each answer once. -->
        <!-- One Tab stop for the whole list (roving tabindex): arrow keys move between messages, Tab
             goes into the current one's controls. A shadow host with tabindex -1 takes its controls
             out of the Tab sequence with it, so each answer no longer adds its 5–8 stops. -->
        <div role="log" aria-live="off" aria-label="Conversation" @keydown=${this.onKey} @focusin=${this.onFocusIn}>
          ${repeat(
            this.messages,
            (m) => m.id,
            (m) => {
              const stop = m.id === current ? '0' : '-1';
              return m.role === 'user'
                ? html`<sb-user-message role="article" aria-label="Your message" tabindex=${stop} data-id=${m.id} .message=${m} .conversationId=${this.conversationId} ?busy=${busy}></sb-user-message>`
                : m.role === 'task'
                  ? html`<sb-task-card role="article" aria-label=${`Task: ${m.profileLabel}`} tabindex=${stop} data-id=${m.id} .card=${m}></sb-task-card>`
                  : html`<sb-answer role="article" aria-label=${m.meta?.modelId ? `Answer from ${m.meta.modelId}` : 'Answer'} tabindex=${stop} data-id=${m.id} .message=${m} .live=${this.live} .conversationId=${this.conversationId} .models=${this.models} .note=${notes.get(m.requestId)}></sb-answer>`;
            },
          )}
        </div>
      </div>
      ${this.following ? nothing : html`<button type="button" class="jump" aria-label="Jump to latest message" @click=${() => this.revealLatest()}>Jump to latest <span aria-hidden="true">↓</span></button>`}
    `;
  }

  protected override firstUpdated(): void {
    this.observe();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another conversation opens at its newest message, wherever the person had scrolled to in this one.
    if (changed.has('conversationId') && changed.get('conversationId') !== undefined) this.following = true;
  }

  protected override updated(): void {
    this.follow();
  }

  /** The message that holds the list's Tab stop: the one the person moved to while it exists, else the newest. */
  private currentId(): string | undefined {
    const chosen = this.chosenId;
    if (chosen !== undefined && this.messages.some((m) => m.id === chosen)) return chosen;
    return this.messages.at(-1)?.id;
  }

  private messageElements(): HTMLElement[] {
    return Array.from(this.renderRoot.querySelectorAll<HTMLElement>('[role="log"] > [data-id]'));
  }

  /** Up/Down/Home/End on a message (not inside one of its controls, which keep their own keys). */
  private onKey = (event: KeyboardEvent): void => {
    const elements = this.messageElements();
    const current = elements.indexOf(event.composedPath()[0] as HTMLElement);
    if (current < 0 || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const next = rovingTarget(event.key, current, elements.length, 'vertical');
    if (next === undefined) return;
    event.preventDefault();
    const target = elements[next];
    if (!target) return;
    // Moved by hand now: the tab stop goes with it before focus does, so the focus is never on a -1 element alone.
    target.tabIndex = 0;
    if (target !== elements[current]) elements[current]?.setAttribute('tabindex', '-1');
    this.chosenId = target.dataset.id;
    target.focus();
  };

  /** Focus entering a message (by keyboard or a click on one of its controls) makes it the list's stop. */
  private onFocusIn = (event: FocusEvent): void => {
    const element = this.messageElements().find((e) => event.composedPath().includes(e));
    const id = element?.dataset.id;
    if (id !== undefined && id !== this.currentId()) this.chosenId = id;
  };

  private get scroller(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('.scroller');
  }

  private observe(): void {
    const scroller = this.scroller;
    const log = this.renderRoot.querySelector('[role="log"]');
    if (!scroller || !log) return;
    this.resizes.observe(scroller);
    this.resizes.observe(log);
  }

  /** What the person last did to the list, to tell their scrolling from the browser's. */
  private readonly intent = new ScrollIntent();

  private onIntent = {
    handleEvent: (event: Event): void => this.intent.acted(event.timeStamp),
    passive: true,
  };

  private onPress = (): void => this.intent.pressed();

  private onRelease = (event: Event): void => this.intent.released(event.timeStamp);

  private onScroll = (event: Event): void => {
    const scroller = this.scroller;
    if (!scroller) return;
    const following = followAfterScroll(this.following, this.lastTop, scroller, this.intent.isPersonAt(event.timeStamp));
    this.lastTop = scroller.scrollTop;
    if (following !== this.following) this.following = following;
  };

  private follow = (): void => {
    if (this.following) this.scrollToEnd();
  };

  private scrollToEnd(): void {
    const scroller = this.scroller;
    if (!scroller) return;
    scroller.scrollTop = scroller.scrollHeight;
    // Read back: the browser clamps it to the largest scrollTop there is.
    this.lastTop = scroller.scrollTop;
  }
}

customElements.define('sb-message-list', MessageList);
