import { LitElement, type PropertyValues, type SVGTemplateResult, css, html, svg } from 'lit';
import type { AnswerRating } from '../../protocol/chatProtocol';
import { baseStyles } from './styles';
import { post } from './vscodeApi';

/*
 * VS Code's own thumbs icons (codicons `thumbsup` and `thumbsdown`, MIT), drawn inline: the emoji
 * they replace showed as empty boxes where no emoji font is installed (a plain Linux desktop, and
 * the end-to-end screenshots), and the codicon font is not loaded in the webview.
 */
const THUMBS_UP = svg`<path d="M12.999 6.00002H10.672L11.207 4.21802C11.278 3.98102 11.314 3.73902 11.314 3.49602C11.314 2.12002 10.192 0.999023 8.81298 0.999023C8.42998 0.999023 8.08498 1.21202 7.91398 1.55402L5.82998 5.72202C5.74498 5.89202 5.57398 5.99802 5.38298 5.99802H3.00098C1.89798 5.99802 1.00098 6.89502 1.00098 7.99802V12.998C1.00098 14.101 1.89798 14.998 3.00098 14.998H11.163C12.727 14.998 13.283 13.796 13.565 12.893L14.908 8.59602C14.969 8.40102 15 8.19902 15 7.99602C15 6.89402 14.103 5.99802 12.999 5.99802V6.00002ZM1.99998 13V8.00002C1.99998 7.44902 2.44898 7.00002 2.99998 7.00002H3.99998V14H2.99998C2.44898 14 1.99998 13.551 1.99998 13ZM13.954 8.29802L12.611 12.596C12.247 13.761 11.769 13.999 11.163 13.999H5.00098V6.99902H5.38298C5.95498 6.99902 6.46898 6.68102 6.72498 6.17002L8.80898 2.00202C8.80898 2.00202 8.81098 2.00002 8.81298 2.00002C9.64098 2.00002 10.314 2.67102 10.314 3.49702C10.314 3.64202 10.292 3.78802 10.249 3.93202L9.52098 6.35702C9.47598 6.50802 9.50398 6.67202 9.59898 6.79902C9.69398 6.92602 9.84198 7.00102 9.99998 7.00102H12.999C13.551 7.00102 14 7.44802 14 7.99902C14 8.10002 13.984 8.20102 13.954 8.30002V8.29802Z"/>`;
const THUMBS_DOWN = svg`<path d="M13 1H4.838C3.274 1 2.717 2.202 2.435 3.105L1.092 7.404C1.031 7.6 1 7.801 1 8.002C1 9.104 1.897 10 3.001 10H5.328L4.794 11.781C4.723 12.016 4.687 12.26 4.687 12.504C4.687 13.88 5.809 15.001 7.189 15.001C7.571 15.001 7.915 14.789 8.087 14.446L10.171 10.277C10.256 10.107 10.427 10.001 10.618 10.001H13C14.103 10.001 15 9.104 15 8.001V3C15 1.897 14.103 1 13 1ZM9.276 9.829L7.193 13.996L7.188 13.999C6.36 13.999 5.686 13.328 5.686 12.502C5.686 12.356 5.707 12.21 5.75 12.067L6.478 9.642C6.524 9.491 6.495 9.327 6.401 9.2C6.306 9.073 6.158 8.998 6 8.998H3.001C2.449 8.998 2 8.551 2 8C2 7.9 2.016 7.799 2.047 7.699L3.39 3.401C3.753 2.236 4.232 1.998 4.838 1.998H11V8.998H10.618C10.046 8.998 9.531 9.316 9.276 9.827V9.829ZM14 8C14 8.551 13.552 9 13 9H12V2H13C13.552 2 14 2.449 14 3V8Z"/>`;

const LABELS: Readonly<Record<AnswerRating, { readonly visible: string; readonly icon: SVGTemplateResult; readonly name: string }>> = {
  up: { visible: 'Good', icon: THUMBS_UP, name: 'Good answer: rate it up' },
  down: { visible: 'Poor', icon: THUMBS_DOWN, name: 'Poor answer: rate it down' },
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
      svg.icon {
        vertical-align: -2px;
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
      <svg class="icon" aria-hidden="true" width="14" height="14" viewBox="0 0 16 16" fill="currentColor">${label.icon}</svg> ${label.visible}
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
