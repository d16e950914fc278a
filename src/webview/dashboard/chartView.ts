import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import uPlot from 'uplot';
import type { ChartSpec } from './chartSpec';
import { readoutText } from './chartSpecs';
import { plotData, plotOptions, recordXLabels } from './plotOptions';
import { baseStyles } from './styles';
import { type ChartTheme, isRepeatColor, paletteColor } from './theme';
import { uplotStyles } from './uplotStyles';

/*
 * Charting library: uPlot 1.6 (MIT). Chosen over
 * - Chart.js 4: ~200 KB minified even tree-shaken to bars and lines, and slower on long series;
 * - ECharts / Plotly: 0.7–3.5 MB, far past a lean webview bundle;
 * - Vega-Lite: compiles specs with `new Function`, which a CSP without 'unsafe-eval' refuses;
 * - D3: a toolkit for drawing charts by hand, which the issue asks us not to do.
 * uPlot is ~50 KB minified, draws on canvas (fast with thousands of points), has no dependencies,
 * and sets styles only through the CSSOM (el.style.x = ...), which the webview's CSP allows.
 */

let nextId = 0;

/**
 * One chart: a caption that says what it shows, the canvas (focusable: arrow keys walk the x axis
 * and the values are read out), a legend and a data table behind a toggle, for anyone who would
 * rather read than look.
 */
export class ChartView extends LitElement {
  static override properties = {
    spec: { attribute: false },
    theme: { attribute: false },
    compact: { type: Boolean },
    tableOpen: { state: true },
    index: { state: true },
  };

  spec: ChartSpec | undefined;
  theme: ChartTheme | undefined;
  /** Smaller plot, for the A/B panels. */
  compact = false;
  private tableOpen = false;
  /** The x index the cursor or the keyboard is on; -1: none. */
  private index = -1;
  private plot: uPlot | undefined;
  private resizeObserver: ResizeObserver | undefined;
  private readonly uid = `chart-${++nextId}`;

  static override styles = [
    baseStyles,
    uplotStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      figure {
        margin: 0;
        padding: 10px 12px 12px;
        border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent));
        border-radius: 4px;
        background: var(--vscode-editorWidget-background, transparent);
      }
      figcaption h2 {
        font-size: 1em;
        font-weight: 600;
        margin: 0 0 2px;
      }
      figcaption p {
        margin: 0 0 8px;
        color: var(--vscode-descriptionForeground);
        line-height: 1.4;
      }
      .plot {
        position: relative;
        min-height: 220px;
        border-radius: 2px;
      }
      :host([compact]) .plot {
        min-height: 150px;
      }
      .plot:focus-visible {
        outline: 1px solid var(--vscode-focusBorder);
        outline-offset: 2px;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 14px;
        margin: 6px 0 0;
        padding: 0;
        list-style: none;
      }
      .legend li {
        display: inline-flex;
        align-items: center;
        gap: 5px;
      }
      .swatch {
        width: 10px;
        height: 10px;
        border-radius: 2px;
        display: inline-block;
        box-sizing: border-box;
        forced-color-adjust: none;
      }
      .readout {
        min-height: 1.4em;
        margin: 4px 0 0;
        font-variant-numeric: tabular-nums;
      }
      .actions {
        margin-top: 4px;
      }
      table {
        border-collapse: collapse;
        margin-top: 6px;
        width: 100%;
        font-variant-numeric: tabular-nums;
      }
      .table-wrap {
        overflow-x: auto;
        max-height: 320px;
        overflow-y: auto;
      }
      th,
      td {
        text-align: right;
        padding: 2px 8px;
        border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, rgba(128, 128, 128, 0.3)));
        white-space: nowrap;
      }
      tfoot tr:first-child > * {
        border-top: 2px solid var(--vscode-panel-border, var(--vscode-contrastBorder, rgba(128, 128, 128, 0.3)));
      }
      th:first-child,
      td:first-child {
        text-align: left;
      }
      thead th {
        position: sticky;
        top: 0;
        background: var(--vscode-editorWidget-background, var(--vscode-editor-background));
      }
    `,
  ];

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    this.plot?.destroy();
    this.plot = undefined;
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('spec') || changed.has('theme')) {
      this.paintSwatches();
      this.draw();
    }
  }

  /**
   * Through the CSSOM, not a style attribute: the CSP forbids inline style attributes (lit's
   * styleMap writes one on first render), while element.style is allowed.
   */
  private paintSwatches(): void {
    const theme = this.theme;
    if (!theme) return;
    for (const swatch of this.renderRoot.querySelectorAll<HTMLElement>('.swatch[data-color]')) {
      const index = Number(swatch.dataset['color']);
      const color = paletteColor(theme, index);
      // A repeated colour's swatch is an outline, as its line is dashed.
      if (isRepeatColor(index)) swatch.style.border = `2px solid ${color}`;
      else swatch.style.background = color;
    }
  }

  protected override render(): unknown {
    const spec = this.spec;
    if (!spec) return nothing;
    const hasTable = spec.table.columns.length > 0;
    const legend = spec.series.length > 1 && this.theme;
    return html`<figure aria-labelledby="${this.uid}-title">
      <figcaption>
        <h2 id="${this.uid}-title">${spec.title}</h2>
        <p id="${this.uid}-summary">${spec.summary}</p>
      </figcaption>
      ${spec.empty
        ? nothing
        : html`<div
              class="plot"
              tabindex="0"
              role="img"
              aria-roledescription="chart"
              aria-label="${spec.title}. Use the left and right arrow keys to read the values."
              aria-describedby="${this.uid}-summary"
              @keydown=${this.onKeyDown}
              @focus=${this.onFocus}
            ></div>
            ${legend
              ? html`<ul class="legend" aria-label="Legend">
                  ${spec.series.map(
                    (s) =>
                      html`<li>
                        <span class=${isRepeatColor(s.color) ? 'swatch repeat' : 'swatch'} data-color=${s.color}></span>${s.label}
                      </li>`,
                  )}
                </ul>`
              : nothing}
            <p class="readout" aria-live="polite">${this.index >= 0 ? readoutText(spec, this.index) : ''}</p>`}
      ${hasTable
        ? html`<div class="actions">
              <button
                class="tool"
                aria-expanded=${this.tableOpen ? 'true' : 'false'}
                aria-controls=${this.tableOpen ? `${this.uid}-table` : nothing}
                aria-label="${this.tableOpen ? 'Hide' : 'Show'} data table: ${spec.title}"
                @click=${() => (this.tableOpen = !this.tableOpen)}
              >
                ${this.tableOpen ? 'Hide data table' : 'Show data table'}
              </button>
            </div>
            ${this.tableOpen
              ? html`<div class="table-wrap" id="${this.uid}-table">
                  <table>
                    <caption class="visually-hidden">
                      ${spec.title}
                    </caption>
                    <thead>
                      <tr>
                        ${spec.table.columns.map((c) => html`<th scope="col">${c}</th>`)}
                      </tr>
                    </thead>
                    <tbody>
                      ${spec.table.rows.map(tableRow)}
                    </tbody>
                    ${spec.table.footer ? html`<tfoot>${spec.table.footer.map(tableRow)}</tfoot>` : nothing}
                  </table>
                </div>`
              : nothing}`
        : nothing}
    </figure>`;
  }

  private get plotElement(): HTMLElement | null {
    return this.renderRoot.querySelector('.plot');
  }

  /** uPlot has no restyle: a new spec or theme means a new plot (a few ms per chart). */
  private draw(): void {
    this.plot?.destroy();
    this.plot = undefined;
    const target = this.plotElement;
    const spec = this.spec;
    const theme = this.theme;
    if (!target || !spec || !theme || spec.empty) return;
    if (this.index >= spec.xLabels.length) this.index = -1;
    const width = Math.max(200, target.clientWidth);
    const height = this.compact ? 150 : 220;
    this.plot = new uPlot(plotOptions(spec, theme, width, height, (i) => this.onCursor(i), (labels) => recordXLabels(target, labels)), plotData(spec), target);
    if (!this.resizeObserver) {
      this.resizeObserver = new ResizeObserver(() => {
        const el = this.plotElement;
        if (el && this.plot && Math.abs(el.clientWidth - this.plot.width) > 1) this.plot.setSize({ width: Math.max(200, el.clientWidth), height });
      });
    }
    this.resizeObserver.disconnect();
    this.resizeObserver.observe(target);
  }

  private onCursor(index: number | null | undefined): void {
    // Leaving the canvas with the mouse keeps the last value read; the keyboard sets it again.
    if (index !== null && index !== undefined && index !== this.index) this.index = index;
  }

  private readonly onFocus = (): void => {
    if (this.index < 0 && this.spec && this.spec.xLabels.length > 0) this.moveTo(this.spec.xLabels.length - 1);
  };

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    const n = this.spec?.xLabels.length ?? 0;
    if (n === 0) return;
    const at = this.index < 0 ? n - 1 : this.index;
    const next =
      event.key === 'ArrowRight' ? Math.min(n - 1, at + 1)
      : event.key === 'ArrowLeft' ? Math.max(0, at - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? n - 1
      : undefined;
    if (next === undefined) return;
    event.preventDefault();
    this.moveTo(next);
  };

  private moveTo(index: number): void {
    this.index = index;
    const plot = this.plot;
    if (!plot) return;
    const left = plot.valToPos(index, 'x');
    plot.setCursor({ left, top: plot.bbox.height / 2 / (window.devicePixelRatio || 1) });
  }
}

/** A table row: its first cell heads it. */
function tableRow(row: readonly string[]): TemplateResult {
  return html`<tr>
    ${row.map((cell, i) => (i === 0 ? html`<th scope="row">${cell}</th>` : html`<td>${cell}</td>`))}
  </tr>`;
}

customElements.define('sb-chart', ChartView);

declare global {
  interface HTMLElementTagNameMap {
    'sb-chart': ChartView;
  }
}
