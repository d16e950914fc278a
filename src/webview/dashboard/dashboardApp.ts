import { LitElement, css, html, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { DashboardData, DashboardOrigin, DashboardProtocolVersion, DashboardRange, DashboardToWebview, ExportFormat } from '../../protocol/dashboardProtocol';
import type { TableSpec } from './chartSpec';
import { type DashboardView, buildDashboardView } from './chartSpecs';
import './chartView';
import { ORIGIN_LABELS, RANGE_LABELS, formatClock, formatCost, formatCount, formatDuration, formatPercent, plural } from './format';
import { baseStyles, rangeStyles } from './styles';
import { buildQualityTable } from './qualityTable';
import { buildTaskTables } from './taskTables';
import { type ChartTheme, readTheme, watchTheme } from './theme';
import { loadRange, onHostMessage, post, saveRange, utcOffsetMinutes } from './vscodeApi';

/** Type-checked against the protocol's constant without bundling the protocol's zod schemas. */
const PROTOCOL_VERSION: DashboardProtocolVersion = 1;
const RANGES: readonly DashboardRange[] = ['24h', '7d', '30d'];
const ORIGINS = Object.keys(ORIGIN_LABELS) as DashboardOrigin[];

/** The metrics dashboard: range picker, totals, the four charts and the A/B comparisons. */
export class DashboardApp extends LitElement {
  static override properties = {
    range: { state: true },
    origin: { state: true },
    data: { state: true },
    view: { state: true },
    theme: { state: true },
    error: { state: true },
    status: { state: true },
    loading: { state: true },
  };

  private range: DashboardRange = loadRange();
  /** Which calls are counted: all, or one origin's (the model picker's, the chat's, …). */
  private origin: DashboardOrigin = 'all';
  private data: DashboardData | undefined;
  private view: DashboardView | undefined;
  private theme: ChartTheme | undefined;
  private error: string | undefined;
  /** Export results and similar one-line news, announced politely. */
  private status = '';
  private loading = true;
  private readonly disposers: (() => void)[] = [];

  static override styles = [
    baseStyles,
    rangeStyles,
    css`
      :host {
        display: block;
        padding: 12px 20px 24px;
        max-width: 1400px;
        margin: 0 auto;
        box-sizing: border-box;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px 16px;
        margin-bottom: 6px;
      }
      h1 {
        font-size: 1.3em;
        font-weight: 600;
        margin: 0;
        flex: 1 1 auto;
      }
      h2 {
        font-size: 1.1em;
        font-weight: 600;
        margin: 20px 0 8px;
      }
      label.origin select {
        margin-left: 4px;
        color: var(--vscode-dropdown-foreground);
        background: var(--vscode-dropdown-background);
        border: 1px solid var(--vscode-dropdown-border, transparent);
        padding: 2px 4px;
      }
      .buttons {
        display: flex;
        gap: 6px;
      }
      .status {
        margin: 0 0 12px;
        min-height: 1.4em;
      }
      .banner {
        margin: 0 0 12px;
        padding: 6px 8px;
        border: 1px solid var(--vscode-inputValidation-errorBorder, var(--vscode-editorError-foreground));
        background: var(--vscode-inputValidation-errorBackground, transparent);
        border-radius: 4px;
      }
      dl.tiles {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(150px, 1fr));
        gap: 8px;
        margin: 0 0 16px;
      }
      dl.tiles div {
        padding: 8px 10px;
        border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent));
        border-radius: 4px;
        background: var(--vscode-editorWidget-background, transparent);
      }
      dt {
        color: var(--vscode-descriptionForeground);
        font-size: 0.92em;
      }
      dd {
        margin: 2px 0 0;
        font-size: 1.25em;
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
      dd small {
        display: block;
        font-size: 0.7em;
        font-weight: normal;
        color: var(--vscode-descriptionForeground);
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(420px, 1fr));
        gap: 12px;
      }
      .experiment {
        margin-bottom: 16px;
      }
      .experiment h3 {
        font-size: 1em;
        margin: 0 0 4px;
      }
      .experiment p {
        margin: 0 0 6px;
        color: var(--vscode-descriptionForeground);
      }
      .experiment .grid {
        grid-template-columns: repeat(auto-fit, minmax(240px, 1fr));
      }
      .experiment table {
        border-collapse: collapse;
        margin: 0 0 8px;
        font-variant-numeric: tabular-nums;
      }
      .experiment th,
      .experiment td {
        text-align: right;
        padding: 2px 10px;
        border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, rgba(128, 128, 128, 0.3)));
      }
      .experiment th:first-child,
      .experiment td:first-child,
      .experiment td:last-child {
        text-align: left;
      }
      .empty {
        padding: 24px 0;
        color: var(--vscode-descriptionForeground);
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    this.theme = readTheme();
    this.disposers.push(
      onHostMessage((message) => this.receive(message)),
      watchTheme(() => (this.theme = readTheme())),
    );
    post({ type: 'ready', protocolVersion: PROTOCOL_VERSION, range: this.range, utcOffsetMinutes: utcOffsetMinutes(), origin: this.origin });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const dispose of this.disposers.splice(0)) dispose();
  }

  private receive(message: DashboardToWebview): void {
    switch (message.type) {
      case 'data':
        // A reply for a range the person has already left is dropped; the one they picked follows.
        if (message.data.range !== this.range || message.data.origin !== this.origin) return;
        this.data = message.data;
        this.view = buildDashboardView(message.data);
        this.error = undefined;
        this.loading = false;
        break;
      case 'error':
        this.error = message.message;
        this.loading = false;
        break;
      case 'exported':
        this.status =
          message.outcome === 'saved'
            ? `Exported ${message.format.toUpperCase()}${message.detail ? ` to ${message.detail}` : ''}.`
            : message.outcome === 'cancelled'
              ? 'Export cancelled.'
              : `Export failed${message.detail ? `: ${message.detail}` : ''}.`;
        break;
    }
  }

  private setRange(range: DashboardRange): void {
    if (range === this.range) return;
    this.range = range;
    this.loading = true;
    saveRange(range);
    post({ type: 'setRange', range, utcOffsetMinutes: utcOffsetMinutes(), origin: this.origin });
  }

  private setOrigin(origin: DashboardOrigin): void {
    if (origin === this.origin) return;
    this.origin = origin;
    this.loading = true;
    post({ type: 'setRange', range: this.range, utcOffsetMinutes: utcOffsetMinutes(), origin });
  }

  private refresh(): void {
    this.loading = true;
    post({ type: 'refresh' });
  }

  private export(format: ExportFormat): void {
    this.status = '';
    post({ type: 'export', format, range: this.range, utcOffsetMinutes: utcOffsetMinutes(), origin: this.origin });
  }

  protected override render(): unknown {
    const data = this.data;
    return html`
      <header>
        <h1>Switchboard metrics</h1>
        <fieldset class="range">
          <legend>Range</legend>
          ${RANGES.map(
            (r) =>
              html`<label class=${r === this.range ? 'checked' : ''}
                ><input
                  type="radio"
                  name="range"
                  .value=${r}
                  .checked=${r === this.range}
                  @change=${() => this.setRange(r)}
                />${RANGE_LABELS[r]}</label
              >`,
          )}
        </fieldset>
        <label class="origin"
          >Origin
          <select
            aria-label="Origin"
            @change=${(e: Event) => this.setOrigin((e.target as HTMLSelectElement).value as DashboardOrigin)}
          >
            ${ORIGINS.map((o) => html`<option .value=${o} ?selected=${o === this.origin}>${ORIGIN_LABELS[o]}</option>`)}
          </select></label
        >
        <div class="buttons">
          <vscode-button secondary @click=${() => this.refresh()}>Refresh</vscode-button>
          <vscode-button secondary @click=${() => this.export('json')}>Export JSON…</vscode-button>
          <vscode-button secondary @click=${() => this.export('csv')}>Export CSV…</vscode-button>
        </div>
      </header>
      <p class="status muted" role="status">
        ${this.loading ? 'Loading…' : data ? `Updated ${formatClock(data.generatedAt, data.utcOffsetMinutes)}.` : ''} ${this.status}
      </p>
      ${this.error ? html`<div class="banner" role="alert">${this.error}</div>` : nothing}
      ${data && this.view ? this.renderData(data, this.view) : nothing}
    `;
  }

  private renderData(data: DashboardData, view: DashboardView): unknown {
    const t = data.totals;
    const tasks = buildTaskTables(data);
    const quality = buildQualityTable(data);
    const tiles = html`<dl class="tiles" aria-label="Totals for the last ${RANGE_LABELS[data.range]}">
      <div>
        <dt>Calls</dt>
        <dd>${formatCount(t.count)}<small>${data.models.length} ${data.models.length === 1 ? 'model' : 'models'}</small></dd>
      </div>
      <div>
        <dt>Success rate</dt>
        <dd>${formatPercent(t.successRate)}<small>${formatCount(t.success)} of ${formatCount(t.decided)}</small></dd>
      </div>
      <div>
        <dt>Latency p50 / p95</dt>
        <dd>${formatDuration(t.latencyP50Ms)}<small>p95 ${formatDuration(t.latencyP95Ms)}</small></dd>
      </div>
      <div>
        <dt>Spend</dt>
        <dd>
          ${formatCost(t.cost)}${t.cost.unknownCount > 0
            ? html`<small>${t.cost.knownUsd > 0 ? 'known; plus ' : ''}${plural(t.cost.unknownCount, 'call')} of unknown cost</small>`
            : nothing}
        </dd>
      </div>
      <div>
        <dt>Tokens in / out</dt>
        <dd>${formatCount(t.inputTokens)}<small>out ${formatCount(t.outputTokens)}</small></dd>
      </div>
      ${t.cached > 0
        ? html`<div>
            <dt>From the cache</dt>
            <dd>${formatCount(t.cached)}<small>${formatPercent(t.cached / t.count)} of calls, no model asked</small></dd>
          </div>`
        : nothing}
    </dl>`;
    if (t.count === 0) {
      return html`${tiles}
        <p class="empty">No calls were recorded in the last ${RANGE_LABELS[data.range]}. Charts appear once Switchboard has answered something.</p>`;
    }
    return html`${tiles}
      <div class="grid">${view.charts.map((spec) => html`<sb-chart .spec=${spec} .theme=${this.theme}></sb-chart>`)}</div>
      ${quality
        ? html`<h2>Success and acceptance</h2>
            <section class="experiment quality" aria-label="Success and acceptance">
              <p>Per model and capability: calls that succeeded, and answers kept (Apply or a task change accepted, checks passed, rated up) out of those with a signal.</p>
              ${renderTable(quality, 'Success rate and acceptance per model and capability')}
            </section>`
        : nothing}
      ${view.experiments.length > 0
        ? html`<h2>A/B experiments</h2>
            ${view.experiments.map(
              (e) =>
                html`<section class="experiment" aria-label="Experiment ${e.experiment}">
                  <h3>${e.experiment}</h3>
                  <p>${e.summary}</p>
                  ${renderTable(e.table, `Variants of ${e.experiment}`)}
                  <div class="grid">${e.charts.map((spec) => html`<sb-chart compact .spec=${spec} .theme=${this.theme}></sb-chart>`)}</div>
                </section>`,
            )}`
        : nothing}
      ${tasks
        ? html`<h2>Tasks</h2>
            <section class="experiment tasks" aria-label="Tasks">
              <p>${tasks.summary}</p>
              ${tasks.tasks.rows.length > 0 ? html`<h3>Recent tasks</h3>${renderTable(tasks.tasks, 'Recent tasks: phases, models, time and cost')}` : nothing}
              ${tasks.phases.rows.length > 0 ? html`<h3>Per phase</h3>${renderTable(tasks.phases, 'Cost and time per phase')}` : nothing}
            </section>`
        : nothing}`;
  }
}

/** A figures table: the first cell of each row heads it; the caption is for screen readers. */
function renderTable(table: TableSpec, caption: string) {
  return html`<table>
    <caption class="visually-hidden">
      ${caption}
    </caption>
    <thead>
      <tr>
        ${table.columns.map((c) => html`<th scope="col">${c}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${table.rows.map(
        (row) => html`<tr>
          ${row.map((cell, i) => (i === 0 ? html`<th scope="row">${cell}</th>` : html`<td>${cell}</td>`))}
        </tr>`,
      )}
    </tbody>
  </table>`;
}

customElements.define('sb-dashboard-app', DashboardApp);

declare global {
  interface HTMLElementTagNameMap {
    'sb-dashboard-app': DashboardApp;
  }
}
