import { LitElement, css, html, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { AnswerAction, ChatProtocolVersion, HostToWebview, WebviewToHost } from '../../protocol/chatProtocol';
import { answerAnnouncement } from './answerFormat';
import { type ChatViewState, INITIAL_STATE, type LocalEvent, isBusy, reduceChatState } from './chatState';
import { runMessage } from './answerFormat';
import './composer';
import type { Composer, SendDetail } from './composer';
import './conversationBar';
import { deepActiveElement, returnFocus } from './focusReturn';
import { newId } from './ids';
import { LiveAnswers } from './liveAnswers';
import './messageList';
import type { MessageList } from './messageList';
import { baseStyles } from './styles';
import type { PersistedViewState } from './viewState';
import { loadViewState, onHostMessage, post, saveViewState } from './vscodeApi';
import './welcomeView';

/** Type-checked against the protocol's constant without bundling the protocol's zod schemas. */
const PROTOCOL_VERSION: ChatProtocolVersion = 2;

/** The chat view: conversation switcher, messages (or the welcome), banners and the composer. */
export class ChatApp extends LitElement {
  static override properties = {
    state: { state: true },
    announcement: { state: true },
    alert: { state: true },
  };

  declare private state: ChatViewState;
  declare private announcement: string;
  declare private alert: string;

  constructor() {
    super();
    // Reactive properties are declared, not defined, so class-field semantics cannot shadow lit's accessors.
    this.state = INITIAL_STATE;
    this.announcement = '';
    this.alert = '';
  }
  private readonly live = new LiveAnswers();
  private readonly restored: PersistedViewState = loadViewState();
  private conversationId: string | undefined = this.restored.conversationId;

  static override styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        height: 100vh;
        box-sizing: border-box;
      }
      .body {
        flex: 1;
        min-height: 0;
        display: flex;
        flex-direction: column;
      }
      sb-message-list {
        flex: 1;
      }
      /* In a short pane the welcome scrolls inside its own area instead of running under the composer. */
      sb-welcome,
      .empty {
        flex: 1;
        min-height: 0;
        overflow-y: auto;
      }
      .empty {
        padding: 16px;
        line-height: 1.6;
      }
      .empty h2 {
        font-size: 1.1em;
        margin: 0 0 6px;
      }
      .banner {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px;
        margin: 0 8px 6px;
        padding: 6px 8px;
        border: 1px solid var(--vscode-inputValidation-warningBorder, var(--vscode-editorWarning-foreground));
        background: var(--vscode-inputValidation-warningBackground, transparent);
        border-radius: 4px;
      }
      .banner .text {
        flex: 1 1 200px;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    onHostMessage((message) => this.receive(message));
    this.addEventListener('sb-send', this.onSend as EventListener);
    this.addEventListener('sb-stop', this.onStop);
    this.addEventListener('sb-retry', this.onForward as EventListener);
    this.addEventListener('sb-edit-resend', this.onForward as EventListener);
    this.addEventListener('sb-composer-change', this.persist);
    this.addEventListener('sb-announce', this.onAnnounce as EventListener);
    this.addEventListener('sb-recall', this.onRecall);
    // Chromium clears a frame's focused element when focus leaves the frame, so the view focused
    // again (a command, the person coming back from a diff or the task's preview) finds <body>.
    // After a frame, a click has focused what it hit; if nothing is focused, focus goes back to the
    // control that opened what took focus away (Preview Changes, Apply…), else to the composer.
    window.addEventListener('focus', () => {
      requestAnimationFrame(() => {
        if (deepActiveElement() === undefined && !returnFocus()) this.composer?.focusInput();
      });
    });
    post({ type: 'ready', protocolVersion: PROTOCOL_VERSION, ...(this.conversationId ? { conversationId: this.conversationId } : {}) });
  }

  protected override firstUpdated(): void {
    this.composer?.restore(this.restored);
    this.composer?.requestUpdate();
  }

  private get composer(): Composer | null {
    return this.renderRoot.querySelector<Composer>('sb-composer');
  }

  private get messageList(): MessageList | null {
    return this.renderRoot.querySelector<MessageList>('sb-message-list');
  }

  /** Every host message goes through here; only structural ones touch the reactive state. */
  receive(message: HostToWebview): void {
    switch (message.type) {
      case 'answer/delta':
        this.live.append(message.requestId, message.text);
        return;
      case 'answer/reasoning':
        this.live.appendReasoning(message.requestId, message.text);
        return;
      case 'answer/start':
        if (!this.live.isLive(message.requestId)) this.live.start(message.requestId, message.continues ?? '');
        break;
      case 'state':
        for (const m of message.state.messages) {
          if (m.role === 'assistant' && m.status === 'streaming' && !this.live.isLive(m.requestId)) this.live.start(m.requestId, m.text, m.reasoning);
        }
        break;
      case 'completion':
        this.composer?.showCompletion(message.queryId, message.items);
        return;
      case 'composer/prefill':
        this.composer?.prefill(message.text, message.capability, message.chips);
        if (message.send) this.composer?.send();
        return;
      case 'announce':
        this.announce(message.text);
        return;
      case 'focus/return':
        // The view's own focus event may have given it back already.
        if (!returnFocus() && deepActiveElement() === undefined) this.composer?.focusInput();
        return;
      default:
        break;
    }
    this.apply(message);
    if (message.type === 'answer/end') {
      this.live.end(message.requestId);
      const said = answerAnnouncement(message);
      this.announce(said.text, said.urgent);
    }
  }

  /**
   * Says `text` once through the view's live regions. The same words twice in a row would change
   * nothing a screen reader notices, so a repeat differs by a trailing no-break space.
   */
  private announce(text: string, urgent = false): void {
    const previous = urgent ? this.alert : this.announcement;
    const next = previous === text ? `${text}\u00a0` : text;
    if (urgent) this.alert = next;
    else this.announcement = next;
  }

  private apply(event: HostToWebview | LocalEvent): void {
    const next = reduceChatState(this.state, event);
    if (next === this.state) return;
    this.state = next;
    if (next.currentConversationId !== this.conversationId) {
      this.conversationId = next.currentConversationId;
      this.persist();
    }
  }

  private persist = (): void => {
    // Before the composer exists, keep what was restored rather than overwriting it with blanks.
    const { draft, capability, chips, modelId } = this.restored;
    const composer = this.composer?.snapshot() ?? { draft, capability, chips, ...(modelId ? { modelId } : {}) };
    saveViewState({ version: 1, ...composer, ...(this.conversationId ? { conversationId: this.conversationId } : {}) });
  };

  private onSend = (event: CustomEvent<SendDetail>): void => {
    const d = event.detail;
    // The person sent something: show it, and follow its answer, even if they had scrolled up.
    this.messageList?.revealLatest();
    const conversation = this.state.currentConversationId ? { conversationId: this.state.currentConversationId } : {};
    if (d.taskProfileId) {
      // A task draws its own card (with its own Stop): it is not an answer in flight.
      post({ type: 'task/start', requestId: newId('t'), profileId: d.taskProfileId, text: d.text, chips: [...d.chips], ...(d.modelId ? { modelId: d.modelId } : {}), ...conversation });
      return;
    }
    const requestId = newId('r');
    this.apply({ type: 'local/sent', requestId });
    post({
      type: 'send',
      requestId,
      text: d.text,
      capability: d.capability,
      chips: [...d.chips],
      ...(d.modelId ? { modelId: d.modelId } : {}),
      ...(this.state.currentConversationId ? { conversationId: this.state.currentConversationId } : {}),
    });
  };

  /** Retry and edit-and-resend come up from the messages already shaped as protocol messages. */
  private onForward = (event: CustomEvent<Extract<WebviewToHost, { type: 'retry' | 'editResend' }>>): void => {
    if (isBusy(this.state)) return;
    this.messageList?.revealLatest();
    this.apply({ type: 'local/sent', requestId: event.detail.requestId });
    post(event.detail);
  };

  private onStop = (): void => {
    for (const f of this.state.inFlight) post({ type: 'stop', requestId: f.requestId });
    this.announce('Stopping');
  };

  private onAnnounce = (event: CustomEvent<string>): void => {
    this.announce(event.detail);
  };

  private onRecall = (): void => {
    const last = [...this.state.messages].reverse().find((m) => m.role === 'user');
    if (last) this.composer?.setDraft(last.text);
  };

  override render() {
    const s = this.state;
    const busy = isBusy(s);
    return html`
      <h1 class="visually-hidden">Switchboard chat</h1>
      <sb-conversation-bar .conversations=${s.conversations} .currentId=${s.currentConversationId}></sb-conversation-bar>
      <div class="body">${this.renderBody()}</div>
      ${s.budgetAsk ? this.renderBudgetAsk() : nothing} ${s.banner ? this.renderBanner() : nothing}
      <sb-composer
        .models=${s.models}
        .editorContext=${s.editorContext}
        ?busy=${busy}
        ?disabled=${!s.loaded || !s.usable}
        ?indexReady=${s.indexReady}
        .taskProfiles=${s.taskProfiles}
      ></sb-composer>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      <div class="visually-hidden" role="alert">${this.alert}</div>
    `;
  }

  private renderBody() {
    const s = this.state;
    if (!s.loaded || (!s.usable && s.messages.length === 0)) return html`<sb-welcome .summary=${s.setup}></sb-welcome>`;
    if (s.messages.length === 0) {
      return html`<div class="empty" role="region" aria-labelledby="empty-title">
        <h2 id="empty-title">Ask anything about your code</h2>
        <p class="muted">
          Switchboard picks the model for each request — pick a capability below to choose yourself. Add the selection or a file as context, or type
          <code>@file:</code> / <code>@symbol:</code>. Every answer shows its model, why it was chosen, and what it cost.
        </p>
      </div>`;
    }
    return html`<sb-message-list .messages=${s.messages} .live=${this.live} .conversationId=${s.currentConversationId} .models=${s.models} .inFlight=${s.inFlight}></sb-message-list>
      ${s.usable ? nothing : this.renderUnusable()}`;
  }

  /** The conversation stays readable when models stop being usable; the way back is offered here. */
  private renderUnusable() {
    if (this.state.setup?.localOnlyExcludesAll) return renderLocalOnlyBanner();
    return html`<div class="banner" role="status">
      <span class="text">No model can answer right now. Check your API keys and models.</span>
      <vscode-button secondary @click=${() => post({ type: 'run', action: 'setApiKey' })}>Set API Key</vscode-button>
      <vscode-button secondary @click=${() => post({ type: 'run', action: 'showModels' })}>Open Models</vscode-button>
    </div>`;
  }

  private renderBanner() {
    const banner = this.state.banner;
    if (!banner) return nothing;
    return html`<div class="banner" role="alert">
      <span class="text">${banner.message}</span>
      ${banner.actions.map((a) => this.renderBannerAction(a))}
      <button type="button" class="tool" aria-label="Dismiss" @click=${() => this.apply({ type: 'local/dismissBanner' })}>×</button>
    </div>`;
  }

  private renderBannerAction(action: AnswerAction) {
    if (action.kind === 'command') return html`<vscode-button secondary @click=${() => post(runMessage(action))}>${action.label}</vscode-button>`;
    return nothing;
  }

  private renderBudgetAsk() {
    const ask = this.state.budgetAsk;
    if (!ask) return nothing;
    const answer = (a: 'allow' | 'step-down' | 'block') => {
      post({ type: 'budget/answer', requestId: ask.requestId, answer: a });
      this.apply({ type: 'local/budgetAnswered', requestId: ask.requestId });
    };
    return html`<div class="banner" role="alertdialog" aria-label="Budget">
      <span class="text">${ask.message}</span>
      <vscode-button @click=${() => answer('allow')}>Allow once</vscode-button>
      ${ask.stepDownTo ? html`<vscode-button secondary @click=${() => answer('step-down')}>Use ${ask.stepDownTo}</vscode-button>` : nothing}
      <vscode-button secondary @click=${() => answer('block')}>Cancel</vscode-button>
    </div>`;
  }
}

customElements.define('sb-chat-app', ChatApp);

/** privacy.localOnly with only cloud models: say that, not "check your keys" (issue 14 item 12). */
function renderLocalOnlyBanner() {
  return html`<div class="banner" role="status">
    <span class="text">Local-only mode is on, and it excludes every configured model: they all run in the cloud. Add a local model (Ollama), or turn local-only off.</span>
    <vscode-button secondary @click=${() => post({ type: 'run', action: 'addModel' })}>Add a Model…</vscode-button>
    <vscode-button secondary @click=${() => post({ type: 'run', action: 'openLocalOnlySetting' })}>Open the Setting</vscode-button>
  </div>`;
}
