import * as vscode from 'vscode';
import { DisposableBase, DisposableStore, toDisposable } from '../../core/lifecycle/disposable';
import type { Logger } from '../../core/log/logger';
import { DashboardSession, type SaveRequest, type SaveResult } from '../../presentation/dashboard/dashboardSession';
import type { MetricsStore } from '../../core/metrics/metricsStore';
import { webviewHtml } from '../views/webviewHtml';
import { saveFolder } from '../workspacePaths';

/**
 * "Switchboard: Open Metrics Dashboard": one editor panel of charts over the metrics store. A second
 * invocation reveals the open panel instead of opening another.
 */
export class DashboardPanel extends DisposableBase {
  static readonly viewType = 'switchboard.metricsDashboard';
  private panel: vscode.WebviewPanel | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    /** Asked when the panel opens: the engine opens the store on first use, not at activation. */
    private readonly store: () => MetricsStore,
    private readonly log: Logger,
  ) {
    super();
    this.register(toDisposable(() => this.panel?.dispose()));
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  open(): vscode.WebviewPanel {
    if (this.panel) {
      this.panel.reveal();
      return this.panel;
    }
    const bundle = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(DashboardPanel.viewType, 'Switchboard Metrics', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [bundle],
    });
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'switchboard.svg');
    panel.webview.html = webviewHtml(panel.webview, vscode.Uri.joinPath(bundle, 'dashboard.js'), 'Switchboard Metrics', 'editor');
    const session = new DashboardSession({
      store: this.store(),
      post: (message) => panel.webview.postMessage(message),
      save: (request) => saveExport(request, this.log),
      log: (message) => this.log.warn(`Metrics dashboard: ${message}`),
    });
    // What this panel owns ends with it; a later open() starts afresh.
    const lifetime = new DisposableStore();
    lifetime.add(session);
    lifetime.add(panel.webview.onDidReceiveMessage((message: unknown) => void session.receive(message)));
    lifetime.add(panel.onDidChangeViewState((e) => session.setVisible(e.webviewPanel.visible)));
    panel.onDidDispose(() => {
      lifetime.dispose();
      this.panel = undefined;
    });
    this.panel = panel;
    return panel;
  }
}

/**
 * Asks where to save an export and writes it; used by the dashboard and the Models view. The log
 * says where it went (the dashboard and the notification name only the file).
 */
export async function saveExport(request: SaveRequest, log?: Logger): Promise<SaveResult & { readonly uri?: vscode.Uri }> {
  const folder = saveFolder();
  const target = await vscode.window.showSaveDialog({
    title: 'Export Switchboard metrics',
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, request.suggestedName) } : {}),
    filters: request.format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
  });
  if (!target) return { outcome: 'cancelled' };
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(request.content));
  log?.info(`Metrics exported as ${request.format.toUpperCase()} to ${target.scheme === 'file' ? target.fsPath : target.toString()}.`);
  return { outcome: 'saved', detail: target.path.split('/').pop() ?? target.path, uri: target };
}
