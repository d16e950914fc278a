import { LitElement, type PropertyValues, html, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import type { AnswerAction, AssistantMessageView, ModelsAvailable } from '../../protocol/chatProtocol';
import './answerRating';
import { actionsForError, describeDownModels, describeFallbacks, errorTitle, footerItems, localClock, runMessage } from './answerFormat';
import { decorateCodeBlocks } from './codeBar';
import { newId } from './ids';
import type { LiveAnswers } from './liveAnswers';
import type { CodeBlock } from './markdown/renderMarkdown';
import { splitForStreaming } from './markdown/streamSplit';
import { renderAnswer } from './renderer';
import { answerStyles } from './answerStyles';
import { baseStyles, markdownStyles, reasoningStyles } from './styles';
import { post } from './vscodeApi';

/**
 * One answer. While it streams, deltas arrive through LiveAnswers and are drawn at most once per
 * animation frame, re-rendering only the paragraph still being written; lit renders the frame
 * around the text (progress, footer, actions), never the text itself. The model's reasoning, when
 * it sends any, sits folded above the text and is drawn the same way, as plain text nodes.
 */
export class AnswerView extends LitElement {
  static override properties = {
    message: { attribute: false },
    live: { attribute: false },
    conversationId: { attribute: false },
    models: { attribute: false },
    note: { attribute: false },
    retryModel: { state: true },
    choosingModel: { state: true },
    reasoningArrived: { state: true },
  };

  declare message: AssistantMessageView;
  declare live: LiveAnswers;
  declare conversationId: string | undefined;
  declare models: ModelsAvailable | undefined;
  declare note: string | undefined;
  declare private retryModel: string;
  declare private choosingModel: boolean;
  /** Reasoning streamed in: the fold shows (a finished answer shows it from its message instead). */
  declare private reasoningArrived: boolean;

  constructor() {
    super();
    // Reactive properties are declared, not defined, so class-field semantics cannot shadow lit's accessors.
    this.retryModel = '';
    this.choosingModel = false;
    this.reasoningArrived = false;
  }

  private unsubscribe: (() => void) | undefined;
  private frame = 0;
  private pendingText: string | undefined;
  private pendingReasoning: string | undefined;
  private renderedReasoning = '';
  /** The fold's body the reasoning was drawn into (a new fold starts empty). */
  private reasoningBody: HTMLElement | undefined;
  /** Reasoning that arrived before its fold was rendered: drawn after the next update. */
  private undrawnReasoning: string | undefined;
  /** Answer text has started: the fold's summary stops saying "Thinking…". */
  private textStarted = false;
  private renderedStable: string | undefined;
  private renderedFinal: string | undefined;

  static override styles = [baseStyles, markdownStyles, reasoningStyles, answerStyles];

  private get streaming(): boolean {
    return this.message.status === 'streaming';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  override render() {
    const m = this.message;
    const model = m.meta?.modelId;
    return html`
      <!-- The list's element around this one is the article (named for the model), the one stop that arrow keys move between. -->
      <div class="answer" aria-busy=${this.streaming ? 'true' : 'false'}>
        <h2 id="answer-heading" class="visually-hidden">${model ? `Answer from ${model}` : 'Answer'}</h2>
        ${this.renderReasoning()}
        <div class="markdown" part="markdown"><div class="stable"></div><div class="tail"></div></div>
        ${this.streaming ? html`<div class="progress">${this.note ?? 'Waiting for the model…'}</div>` : nothing}
        ${m.meta?.partial ? html`<div class="partial" role="note">The answer stopped early; the text above is incomplete.</div>` : nothing}
        ${m.error ? this.renderError() : nothing}
        ${m.meta ? this.renderFooter() : nothing}
        ${this.streaming ? nothing : this.renderActions()}
      </div>
    `;
  }

  /**
   * Only for an answer with reasoning; once rendered it stays in the template, so the person's
   * open/closed choice survives every render (lit never binds `open`: it starts folded and stays as
   * the person leaves it). The body is drawn by hand as text, and `aria-live="off"` keeps the
   * conversation log from reading out each chunk.
   */
  private renderReasoning() {
    const shown = Boolean(this.message.reasoning) || (this.streaming && this.reasoningArrived);
    if (!shown) return nothing;
    return html`<details class="reasoning" part="reasoning" aria-live="off">
      <summary>${this.reasoningSummary()}</summary>
      <div class="reasoning-text"></div>
    </details>`;
  }

  private reasoningSummary(): string {
    if (this.streaming && !this.textStarted) return 'Thinking…';
    const meta = this.message.meta;
    // After a fallback the reasoning may come from more than one model (each headed in the text).
    return meta?.modelId && meta.fallbacks.length === 0 ? `Reasoning (${meta.modelId})` : 'Reasoning';
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('message') || changed.has('live')) this.syncContent();
    const undrawn = this.undrawnReasoning;
    this.undrawnReasoning = undefined;
    if (undrawn !== undefined) this.drawReasoning(undrawn);
  }

  /** Draws the text: subscribed to live deltas while streaming, rendered whole once finished. */
  private syncContent(): void {
    const m = this.message;
    if (this.streaming && this.live.isLive(m.requestId)) {
      if (!this.unsubscribe) {
        const offText = this.live.subscribe(m.requestId, (text) => this.schedule(text));
        const offReasoning = this.live.subscribeReasoning(m.requestId, (reasoning) => this.scheduleReasoning(reasoning));
        this.unsubscribe = () => {
          offText();
          offReasoning();
        };
        this.scheduleReasoning(this.live.reasoning(m.requestId) || (m.reasoning ?? ''));
        this.schedule(this.live.text(m.requestId) ?? m.text);
      }
      return;
    }
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.drawReasoning(m.reasoning ?? '');
    if (this.streaming) {
      // A streaming answer of a conversation reopened mid-stream: show what the host had.
      this.drawStreaming(m.text);
      return;
    }
    if (this.renderedFinal === m.text) return;
    this.renderedFinal = m.text;
    this.renderedStable = undefined;
    const { stable, tail } = this.parts();
    const rendered = renderAnswer(m.text);
    tail.replaceChildren();
    stable.replaceChildren(rendered.fragment);
    decorateCodeBlocks(stable, rendered.blocks, {
      copy: (block, button) => this.copyBlock(block, button),
      insert: (block) => post({ type: 'code/insert', code: block.code, ...(block.language ? { language: block.language } : {}) }),
      apply: (block) => this.applyBlock(block),
    });
  }

  private schedule(text: string): void {
    this.pendingText = text;
    this.requestFrame();
  }

  private scheduleReasoning(reasoning: string): void {
    this.pendingReasoning = reasoning;
    this.requestFrame();
  }

  private requestFrame(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (this.pendingReasoning !== undefined) {
        this.drawReasoning(this.pendingReasoning);
        // The first reasoning shows the fold: one render of the frame, not one per chunk.
        if (this.renderedReasoning) this.reasoningArrived = true;
      }
      if (this.pendingText !== undefined) this.drawStreaming(this.pendingText);
      this.pendingReasoning = undefined;
      this.pendingText = undefined;
    });
  }

  /** The fold's body: model output as text nodes only (never parsed as HTML), appended as it grows. */
  private drawReasoning(reasoning: string): void {
    const body = (this.renderRoot as ShadowRoot).querySelector<HTMLElement>('.reasoning-text') ?? undefined;
    if (body !== this.reasoningBody) {
      this.reasoningBody = body;
      this.renderedReasoning = '';
    }
    if (reasoning === this.renderedReasoning) return;
    if (!body) {
      // The first reasoning of a streaming answer: show the fold, then draw into it once rendered.
      this.undrawnReasoning = reasoning;
      this.reasoningArrived = true;
      return;
    }
    if (this.renderedReasoning !== '' && reasoning.startsWith(this.renderedReasoning)) body.append(document.createTextNode(reasoning.slice(this.renderedReasoning.length)));
    else body.textContent = reasoning;
    this.renderedReasoning = reasoning;
    this.dispatchEvent(new CustomEvent('sb-grew', { bubbles: true, composed: true }));
  }

  private drawStreaming(text: string): void {
    if (text !== '' && !this.textStarted) {
      this.textStarted = true;
      // The summary turns from "Thinking…" to "Reasoning"; without a fold there is nothing to redraw.
      if (this.reasoningArrived || this.message.reasoning) this.requestUpdate();
    }
    const { stable, tail } = this.parts();
    const split = splitForStreaming(text);
    if (split.stable !== this.renderedStable) {
      const previous = this.renderedStable ?? '';
      // Completed blocks only grow: render just the new ones, so streaming stays linear in length.
      if (previous !== '' && split.stable.startsWith(previous)) stable.append(renderAnswer(split.stable.slice(previous.length)).fragment);
      else stable.replaceChildren(renderAnswer(split.stable).fragment);
      this.renderedStable = split.stable;
    }
    tail.replaceChildren(renderAnswer(split.tail).fragment);
    // The caret-like mark follows the last text written, wherever the split left it.
    const last = tail.lastElementChild ?? stable.lastElementChild;
    this.parts().stable.querySelector('.cursor')?.classList.remove('cursor');
    if (last) last.classList.add('cursor');
    this.dispatchEvent(new CustomEvent('sb-grew', { bubbles: true, composed: true }));
  }

  private parts(): { stable: HTMLElement; tail: HTMLElement } {
    const root = this.renderRoot as ShadowRoot;
    const stable = root.querySelector<HTMLElement>('.stable');
    const tail = root.querySelector<HTMLElement>('.tail');
    if (!stable || !tail) throw new Error('answer view rendered without its text containers');
    return { stable, tail };
  }

  private copyBlock(block: CodeBlock, button: HTMLButtonElement): void {
    post({ type: 'code/copy', code: block.code });
    this.announce(`Code block ${block.index + 1} copied`);
    button.textContent = 'Copied';
    setTimeout(() => (button.textContent = 'Copy'), 1500);
  }

  private applyBlock(block: CodeBlock): void {
    if (!this.conversationId) return;
    post({
      type: 'code/apply',
      conversationId: this.conversationId,
      messageId: this.message.id,
      blockIndex: block.index,
      code: block.code,
      ...(block.language ? { language: block.language } : {}),
      ...(block.pathHint ? { pathHint: block.pathHint } : {}),
    });
  }

  private announce(text: string): void {
    this.dispatchEvent(new CustomEvent<string>('sb-announce', { detail: text, bubbles: true, composed: true }));
  }

  private renderError() {
    const error = this.message.error;
    if (!error) return nothing;
    const down = describeDownModels(error, localClock);
    const cancelled = error.kind === 'cancelled';
    return html`
      <div class="error ${cancelled ? 'cancelled' : ''}">
        <h3>${errorTitle(error.kind)}</h3>
        ${error.message && error.message !== errorTitle(error.kind) ? html`<p>${error.message}</p>` : nothing}
        ${down.length > 0 ? html`<ul aria-label="Models that are down">${down.map((line) => html`<li>${line}</li>`)}</ul>` : nothing}
        ${cancelled ? nothing : html`<div class="buttons" role="group" aria-label="What to do next">${actionsForError(error).map((a, i) => this.renderAction(a, i === 0))}</div>`}
      </div>
    `;
  }

  private renderAction(action: AnswerAction, primary: boolean) {
    const run = () => (action.kind === 'command' ? post(runMessage(action)) : this.retry(action.modelId, action.continue));
    return html`<vscode-button ?secondary=${!primary} @click=${run}>${action.label}</vscode-button>`;
  }

  private renderFooter() {
    const meta = this.message.meta;
    if (!meta) return nothing;
    const fallbacks = describeFallbacks(meta, this.errorTexts());
    return html`
      <footer>
        <ul class="figures" aria-label="Answer details">
          ${footerItems(meta).map((item) => html`<li class=${item.label === 'Cached' ? 'cached' : ''}><span class="label">${item.label}:</span> ${item.value}</li>`)}
        </ul>
        ${fallbacks.length > 0 ? html`<div>Fallbacks: ${fallbacks.join('; ')}</div>` : nothing}
        ${this.message.status === 'done' && meta.modelId
          ? html`<sb-answer-rating .conversationId=${this.conversationId} .messageId=${this.message.id} .rating=${this.message.rating}></sb-answer-rating>`
          : nothing}
        <details>
          <summary>Why this model</summary>
          <ul class="why">
            <li>${meta.explanation}</li>
            ${fallbacks.map((f) => html`<li>${f}</li>`)}
          </ul>
        </details>
      </footer>
    `;
  }

  /** What the error box shows: the footer refers to it rather than repeating a long provider message. */
  private errorTexts(): string[] {
    const error = this.message.error;
    if (!error || error.kind === 'cancelled') return [];
    return [error.message, ...describeDownModels(error, localClock)];
  }

  private renderActions() {
    const options = this.models?.all ?? [];
    return html`
      <div class="actions" role="group" aria-label="Answer actions">
        <button type="button" class="tool" @click=${() => this.copyAnswer()} aria-label="Copy the answer as Markdown">Copy</button>
        <button type="button" class="tool" @click=${() => this.retry(undefined)} aria-label="Retry this prompt; the router picks the model">Retry</button>
        ${this.choosingModel
          ? html`<vscode-single-select label="Model for retry" .value=${this.retryModel} @change=${(e: Event) => (this.retryModel = (e.target as HTMLSelectElement).value)}>
                <vscode-option value="">Choose a model…</vscode-option>
                ${options.map((o) => html`<vscode-option value=${o.id} ?disabled=${!o.usable} description=${o.unavailableReason ?? ''}>${o.label}</vscode-option>`)}
              </vscode-single-select>
              <button type="button" class="tool" ?disabled=${!this.retryModel} @click=${() => this.retryOnChosen()} aria-label="Retry on it: the chosen model">Retry on it</button>
              <button type="button" class="tool" @click=${() => (this.choosingModel = false)} aria-label="Cancel choosing a model">Cancel</button>`
          : html`<button type="button" class="tool" ?disabled=${options.length === 0} @click=${() => this.openModelChoice()} aria-label="Retry with another model…">Retry with…</button>`}
      </div>
    `;
  }

  private async openModelChoice(): Promise<void> {
    this.choosingModel = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.actions vscode-single-select')?.focus();
  }

  /** "Retry on it": asks the chosen model, then closes the choice (left open, it offered a second retry of the same prompt). */
  private retryOnChosen(): void {
    const modelId = this.retryModel;
    if (!modelId) return;
    this.choosingModel = false;
    this.retryModel = '';
    this.retry(modelId);
  }

  private copyAnswer(): void {
    if (!this.conversationId) return;
    post({ type: 'message/copy', conversationId: this.conversationId, messageId: this.message.id });
    this.announce('Answer copied');
  }

  /** Asks again (`continue`: takes this cut-off answer up where it stopped, on `modelId`). */
  private retry(modelId: string | undefined, continueAnswer?: true): void {
    if (!this.conversationId) return;
    this.dispatchEvent(
      new CustomEvent('sb-retry', {
        detail: { type: 'retry', requestId: newId('r'), conversationId: this.conversationId, messageId: this.message.id, ...(modelId ? { modelId } : {}), ...(continueAnswer ? { continue: true } : {}) },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

customElements.define('sb-answer', AnswerView);
