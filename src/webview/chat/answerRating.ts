import { LitElement, type PropertyValues, css, html } from 'lit';
import type { AnswerRating } from '../../protocol/chatProtocol';
import { baseStyles } from './styles';
import { post } from './vscodeApi';

const LABELS: Readonly<Record<AnswerRating, { readonly visible: string; readonly glyph: string; readonly name: string }>> = {
  up: { visible: 'Good', glyph: '👍', name: 'Good answer: rate it up' },
  down: { visible: 'Poor', glyph: '👎', name: 'Poor answer: rate it down' },
};

/**
 * Thumbs up and down under a finished answer: one rating per answer, changed by pressing the other
 * button and taken back by pressing the pressed one again. The rating shows at once (the host keeps
 * it on the stored answer and records it as a quality signal, never with the answer's text).
 */
export class AnswerRatingView extends LitElement {
  static override properties = {
    conversationId: { attribute: false },
    messageId: { attribute: false },
    rating: { attribute: false },
    chosen: { state: true },
  };

  declare conversationId: string | undefined;
  declare messageId: string;
  /** The stored rating, as the host last sent it. */
  declare rating: AnswerRating | undefined;
  /** What the person pressed last; follows `rating` whenever the host sends a new one. */
  declare private chosen: AnswerRating | undefined;

  static override styles = [
    baseStyles,
    css`
      :host {
        display: inline-flex;
        gap: 2px;
      }
      button.tool[aria-pressed='true'] {
        background: var(--vscode-toolbar-activeBackground, var(--vscode-toolbar-hoverBackground));
        border-color: var(--vscode-focusBorder);
      }
    `,
  ];

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('rating') || changed.has('messageId')) this.chosen = this.rating;
  }

  override render() {
    return html`<div role="group" aria-label="Rate this answer">${(['up', 'down'] as const).map((r) => this.button(r))}</div>`;
  }

  private button(rating: AnswerRating) {
    const label = LABELS[rating];
    const pressed = this.chosen === rating;
    return html`<button type="button" class="tool" aria-pressed=${pressed ? 'true' : 'false'} aria-label=${label.name} @click=${() => this.rate(rating)}>
      <span aria-hidden="true">${label.glyph}</span> ${label.visible}
    </button>`;
  }

  private rate(rating: AnswerRating): void {
    if (!this.conversationId) return;
    const next = this.chosen === rating ? undefined : rating;
    this.chosen = next;
    post({ type: 'answer/rate', conversationId: this.conversationId, messageId: this.messageId, rating: next ?? 'none' });
    this.dispatchEvent(new CustomEvent<string>('sb-announce', { detail: next ? `Rated ${LABELS[next].visible.toLowerCase()}` : 'Rating removed', bubbles: true, composed: true }));
  }
}

customElements.define('sb-answer-rating', AnswerRatingView);
