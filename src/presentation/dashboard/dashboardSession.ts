import {
  DASHBOARD_PROTOCOL_VERSION,
  parseDashboardMessage,
  type DashboardOrigin,
  type DashboardRange,
  type DashboardToHost,
  type DashboardToWebview,
  type ExportFormat,
} from '../../protocol/dashboardProtocol';
import { DisposableStore, toDisposable, type Disposable } from '../../core/lifecycle/disposable';
import type { Event } from '../../core/lifecycle/emitter';
import { dashboardExportQuery, loadDashboardData, type MetricsQuerySource } from './dashboardData';
import { ReadyGate } from '../readyGate';
import { dashboardWindow } from './dashboardWindow';
import type { MetricsQuery } from '../../core/metrics/metricsQuery';
import { dayKey } from '../../core/metrics/timeKeys';

/** What a dashboard session needs of the metrics store (MetricsStore has all of it). */
export interface DashboardStore extends MetricsQuerySource {
  exportJson(query: MetricsQuery): string;
  exportCsv(query: MetricsQuery): string;
  /** Fires per recorded call. */
  readonly onDidRecordAttempt: Event<unknown>;
  /** Fires per quality signal (an Apply decided, a rating): the acceptance table changes. */
  readonly onDidRecordSignal?: Event<unknown>;
  /** Fires when figures changed otherwise (another window, a reset). */
  readonly onDidChange: Event<void>;
}

export interface SaveRequest {
  readonly format: ExportFormat;
  readonly content: string;
  /** A file name to offer in the save dialog, e.g. `switchboard-metrics-7d-2026-11-24.csv`. */
  readonly suggestedName: string;
}

export interface SaveResult {
  readonly outcome: 'saved' | 'cancelled';
  /** The saved file's name, shown to the person. */
  readonly detail?: string;
}

export interface DashboardSessionOptions {
  readonly store: DashboardStore;
  /** Sends a message to the webview (`webview.postMessage`). */
  readonly post: (message: DashboardToWebview) => unknown;
  /** Shows a save dialog and writes the file; throws when writing fails. */
  readonly save: (request: SaveRequest) => Promise<SaveResult>;
  /** Where rejected webview messages and failures are reported (the output channel). */
  readonly log?: (message: string) => void;
  readonly now?: () => number;
  /** New calls are pushed to the page at most this often. Default 1000 ms. */
  readonly pushDelayMs?: number;
  /** Timer, for tests. Default setTimeout. */
  readonly schedule?: (callback: () => void, ms: number) => Disposable;
}

/**
 * The host side of one dashboard panel, without the editor: it answers the webview's messages
 * (validated, since the page is untrusted), builds the data for the picked range, runs exports and
 * pushes fresh figures as calls complete (coalesced, and held back while the panel is hidden).
 * The VS Code layer creates one per panel, forwards `onDidReceiveMessage` to {@link receive},
 * `onDidChangeViewState` to {@link setVisible}, and disposes it with the panel.
 */
export class DashboardSession implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly now: () => number;
  private readonly pushDelayMs: number;
  private readonly schedule: (callback: () => void, ms: number) => Disposable;
  private readonly gate: ReadyGate<DashboardToWebview>;
  private visible = true;
  private range: DashboardRange = '7d';
  private utcOffsetMinutes = 0;
  private origin: DashboardOrigin = 'all';
  /** Figures changed while a push could not be sent (hidden, or waiting for the timer). */
  private stale = false;
  private timer: Disposable | undefined;
  private disposed = false;

  constructor(private readonly options: DashboardSessionOptions) {
    this.now = options.now ?? Date.now;
    this.gate = new ReadyGate(options.post);
    this.pushDelayMs = Math.max(0, options.pushDelayMs ?? 1000);
    this.schedule =
      options.schedule ??
      ((callback, ms) => {
        const handle = setTimeout(callback, ms);
        return toDisposable(() => clearTimeout(handle));
      });
    this.disposables.add(options.store.onDidRecordAttempt(() => this.storeChanged()));
    if (options.store.onDidRecordSignal) this.disposables.add(options.store.onDidRecordSignal(() => this.storeChanged()));
    this.disposables.add(options.store.onDidChange(() => this.storeChanged()));
  }

  /** One message from the webview, as received (unknown until parsed). */
  async receive(raw: unknown): Promise<void> {
    if (this.disposed) return;
    const parsed = parseDashboardMessage(raw);
    if (!parsed.ok) {
      this.options.log?.(parsed.reason);
      return;
    }
    await this.handle(parsed.message);
  }

  /** The panel was shown or hidden: hidden panels get no pushes; showing one sends what changed meanwhile. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.stale && this.gate.isReady && !this.timer) this.push();
  }

  dispose(): void {
    this.disposed = true;
    this.timer?.dispose();
    this.timer = undefined;
    this.disposables.dispose();
  }

  private async handle(message: DashboardToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (message.protocolVersion !== DASHBOARD_PROTOCOL_VERSION) {
          this.options.post({ type: 'error', message: 'The dashboard page is out of date: close it and open it again.' });
          return;
        }
        this.range = message.range;
        this.utcOffsetMinutes = message.utcOffsetMinutes;
        this.origin = message.origin ?? 'all';
        this.gate.open(() => this.push());
        return;
      case 'setRange':
        this.range = message.range;
        this.utcOffsetMinutes = message.utcOffsetMinutes;
        this.origin = message.origin ?? 'all';
        this.push();
        return;
      case 'refresh':
        this.push();
        return;
      case 'export':
        await this.export(message.format, message.range, message.utcOffsetMinutes, message.origin ?? 'all');
        return;
    }
  }

  private storeChanged(): void {
    if (!this.gate.isReady || this.disposed) return;
    this.stale = true;
    if (!this.visible || this.timer) return;
    // Coalesce bursts (a fallback chain records several attempts at once): one push per delay.
    this.timer = this.schedule(() => {
      this.timer = undefined;
      if (this.stale && this.visible && !this.disposed) this.push();
    }, this.pushDelayMs);
  }

  private push(): void {
    if (this.disposed) return;
    this.stale = false;
    try {
      const data = loadDashboardData(this.options.store, this.range, this.now(), this.utcOffsetMinutes, this.origin);
      this.options.post({ type: 'data', data });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.options.log?.(`Metrics dashboard: could not read the figures: ${reason}`);
      this.options.post({ type: 'error', message: `Could not read the metrics: ${reason}` });
    }
  }

  private async export(format: ExportFormat, range: DashboardRange, utcOffsetMinutes: number, origin: DashboardOrigin): Promise<void> {
    const now = this.now();
    try {
      const query = dashboardExportQuery(dashboardWindow(range, now, utcOffsetMinutes), origin);
      const content = format === 'json' ? this.options.store.exportJson(query) : this.options.store.exportCsv(query);
      const suggestedName = `switchboard-metrics-${range}${origin === 'all' ? '' : `-${origin}`}-${dayKey(now + utcOffsetMinutes * 60_000)}.${format}`;
      const result = await this.options.save({ format, content, suggestedName });
      if (this.disposed) return;
      this.options.post({ type: 'exported', format, outcome: result.outcome, ...(result.detail !== undefined ? { detail: result.detail } : {}) });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.options.log?.(`Metrics dashboard: export failed: ${reason}`);
      if (!this.disposed) this.options.post({ type: 'exported', format, outcome: 'failed', detail: reason });
    }
  }
}
