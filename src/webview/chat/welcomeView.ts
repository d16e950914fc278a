import { LitElement, css, html, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { SetupSummary, WelcomeAction } from '../../protocol/chatProtocol';
import { post } from './vscodeApi';

/**
 * The chat view's welcome: what is set up, what is missing, and one button for each next step.
 * Everything here is text and counts from the host; nothing is rendered as HTML.
 */
export class WelcomeView extends LitElement {
  static override properties = { summary: { attribute: false } };

  declare summary: SetupSummary | undefined;

  static override styles = css`
    :host {
      display: block;
      padding: 12px 16px;
      color: var(--vscode-foreground);
      font-family: var(--vscode-font-family);
      font-size: var(--vscode-font-size);
      line-height: 1.5;
    }
    h2 {
      font-size: 1.15em;
      margin: 0 0 8px;
      font-weight: 600;
    }
    p {
      margin: 0 0 10px;
    }
    ul {
      margin: 0 0 12px;
      padding-left: 18px;
    }
    /* The words stay in the body colour (the warning colour is 3.1:1 on Light Modern's white);
       the marker carries the warning colour, a non-text cue that needs only 3:1. */
    li.warn {
      color: var(--vscode-foreground);
    }
    li.warn::marker {
      content: '⚠  ';
      color: var(--vscode-editorWarning-foreground);
    }
    li.ok {
      color: var(--vscode-foreground);
    }
    .actions {
      display: flex;
      flex-direction: column;
      gap: 6px;
      max-width: 320px;
    }
    .muted {
      color: var(--vscode-descriptionForeground);
    }
  `;

  private run(action: WelcomeAction): void {
    post({ type: 'run', action });
  }

  override render() {
    const s = this.summary;
    return html`
      <section role="region" aria-labelledby="welcome-title">
        <h2 id="welcome-title">Welcome to Switchboard</h2>
        <p>Switchboard sends each request to the model best suited to it — a cheap fast one, a strong one, a local one for private code — and shows what each answer cost.</p>
        ${s ? this.renderStatus(s) : html`<p class="muted" role="status">Reading your settings…</p>`}
        <div class="actions" role="group" aria-label="Set up Switchboard">
          <vscode-button @click=${() => this.run('addModel')}>Add a Model…</vscode-button>
          <vscode-button secondary @click=${() => this.run('setApiKey')}>Set API Key…</vscode-button>
          <vscode-button secondary @click=${() => this.run('openSettings')}>Open Settings</vscode-button>
          <vscode-button secondary @click=${() => this.run('showModels')}>Show Models</vscode-button>
        </div>
      </section>
    `;
  }

  private renderStatus(s: SetupSummary) {
    return html`
      <div role="status" aria-live="polite">
      <ul>
        <li class=${s.models > 0 ? 'ok' : 'warn'}>${s.models === 0 ? 'No models configured yet.' : `${s.models} model${s.models === 1 ? '' : 's'} configured.`}</li>
        ${s.models > 0 ? html`<li class=${s.tiersFilled === s.tiersTotal ? 'ok' : 'warn'}>${s.tiersFilled} of ${s.tiersTotal} capability tiers have a model.</li>` : nothing}
        ${s.keysMissing.length > 0 ? html`<li class="warn">Missing API key: ${s.keysMissing.join(', ')}.</li>` : nothing}
        ${(s.localModelsDown ?? []).map((line) => html`<li class="warn">${line}</li>`)}
        ${s.problems > 0 ? html`<li class="warn">${s.problems} settings problem${s.problems === 1 ? '' : 's'}: see the Models view.</li>` : nothing}
        ${s.restricted ? html`<li class="warn">Restricted Mode: this workspace's model settings are ignored.</li>` : nothing}
        ${s.localOnlyExcludesAll
          ? html`<li class="warn">
              Local-only mode is on and excludes every configured model (they all run in the cloud): add a local model, or
              <a href="#" @click=${(e: Event) => (e.preventDefault(), this.run('openLocalOnlySetting'))}>turn local-only off</a>.
            </li>`
          : nothing}
      </ul>
      </div>
    `;
  }
}

customElements.define('sb-welcome', WelcomeView);
