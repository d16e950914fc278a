import * as vscode from 'vscode';
import { removeModel } from '../commands/removeModelCommand';
import type { IndexState } from '../../core/analysis/indexState';
import type { Logger } from '../../core/log/logger';
import { formatDuration, plural } from '../../shared/figures';
import { keySlotFor, slotsInUse } from '../../core/secrets/keySlots';
import type { ModelStatusInput } from '../../core/views/modelStatus';
import { buildModelsOverview } from '../../core/views/modelsOverview';
import type { OverviewNode } from '../../core/views/overviewNode';
import { ModelsViewRefresh } from '../../core/views/modelsViewRefresh';
import type { Engine } from '../engine/engine';
import type { KeyStore } from '../keyStore';
import { saveExport } from '../metrics/dashboardPanel';
import type { SettingsService } from '../settingsService';
import { ollamaProblems } from '../../core/modelDiscovery/ollamaReachability';
import { SpendStatusBar, gatherStatus } from './liveStatus';
import { ModelsTreeProvider } from './modelsTreeProvider';

interface Deps {
  readonly analysis?: { readonly state: IndexState; readonly onDidChangeState: (listener: (state: IndexState) => void) => { dispose(): void } };
  readonly engine: Engine;
  readonly settings: SettingsService;
  readonly keys: KeyStore;
  readonly log: Logger;
}

/**
 * The Models view and the status bar item: configuration, health, figures, decisions and budget,
 * refreshed from in-memory events as calls complete (never by polling the disk), plus the actions on
 * a model.
 */
export function registerModelsView(context: vscode.ExtensionContext, { engine, settings, keys, log, analysis }: Deps): { refresh(): void; tree: ModelsTreeProvider; statusBar: SpendStatusBar } {
  const overview = (status: ModelStatusInput): OverviewNode[] => {
    const catalogue = engine.catalogue;
    return buildModelsOverview({
      settings: { ...settings.value.settings, models: catalogue.models, tiers: catalogue.tiers },
      diagnostics: settings.problems,
      keyStatus: (slot) => keys.status(slot),
      ignoredInRestrictedMode: settings.ignoredInRestrictedMode(),
      ...(catalogue.discovery ? { discovery: { notes: catalogue.discovery.notes, reasons: catalogue.discovery.reasons } } : {}),
      status,
      ...(analysis ? { index: analysis.state } : {}),
      ollama: engine.ollamaChecks,
    });
  };
  const tree = new ModelsTreeProvider();
  const statusBar = new SpendStatusBar();
  const refresher = new ModelsViewRefresh({
    gather: () => gatherStatus(engine, settings),
    show: (status) => {
      tree.show(overview(status));
      statusBar.update(status, engine.catalogue.models.length, ollamaProblems(engine.catalogue.models, engine.ollamaChecks), settings.value.settings.router.privacy.localOnly);
    },
  });
  const refresh = () => refresher.request();
  // Soon rather than now: the figures open the metrics store, which activation leaves for after it.
  refresher.request();

  const modelIdOf = async (arg: unknown): Promise<string | undefined> => {
    if (typeof arg === 'string') return arg;
    if (typeof arg === 'object' && arg !== null && typeof (arg as OverviewNode).id === 'string') {
      const match = /^models\/(.+)$/.exec((arg as OverviewNode).id);
      if (match) return match[1];
    }
    const picked = await vscode.window.showQuickPick(
      engine.catalogue.models.map((m) => ({ label: m.id, description: `${m.provider} · ${m.model}` })),
      { placeHolder: 'Which model?' },
    );
    return picked?.label;
  };
  const register = (id: string, run: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, run));

  register('switchboard.testModel', async (arg) => {
    const modelId = await modelIdOf(arg);
    if (!modelId) return undefined;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Switchboard: testing ${modelId}…`, cancellable: true },
      (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return engine.testModel(modelId, controller.signal);
      },
    );
    if (result.ok) {
      log.info(`Test of ${modelId}: answered "${result.text}" — first token ${formatDuration(result.ttftMs)}, total ${formatDuration(result.totalMs)}.`);
      void vscode.window.showInformationMessage(`Switchboard: ${modelId} answered "${result.text.slice(0, 40)}" — first token in ${formatDuration(result.ttftMs)}, done in ${formatDuration(result.totalMs)}.`);
    } else {
      log.warn(`Test of ${modelId} failed: ${result.error}`);
      const actions = result.kind === 'auth' ? ['Set API Key…', 'Show Log'] : ['Show Log'];
      void vscode.window.showErrorMessage(`Switchboard: ${modelId} failed: ${result.error}`, ...actions).then((choice) => {
        if (choice === 'Set API Key…') void vscode.commands.executeCommand('switchboard.setModelKey', modelId);
        if (choice === 'Show Log') void vscode.commands.executeCommand('switchboard.showLog');
      });
    }
    return result;
  });
  register('switchboard.removeModel', async (arg) => {
    const modelId = await modelIdOf(arg);
    return modelId ? removeModel({ log }, modelId) : false;
  });
  register('switchboard.setModelKey', async (arg) => {
    const modelId = await modelIdOf(arg);
    const model = engine.catalogue.models.find((m) => m.id === modelId);
    const slot = model ? keySlotFor(model) : undefined;
    if (!model) return false;
    if (!slot) {
      void vscode.window.showInformationMessage(`Switchboard: ${model.id} (${model.provider}) needs no API key.`);
      return false;
    }
    return vscode.commands.executeCommand('switchboard.setApiKey', { slot: slot.id });
  });
  register('switchboard.openModelSettings', () => vscode.commands.executeCommand('switchboard.openSettings', 'switchboard.models'));
  register('switchboard.resetMetrics', async (args) => {
    const confirmed =
      typeof args === 'object' && args !== null && (args as { confirmed?: unknown }).confirmed === true
        ? 'Reset'
        : await vscode.window.showWarningMessage(
            'Reset all Switchboard metrics? Every recorded call, its cost and the figures built from them are deleted, in every window.',
            { modal: true },
            'Reset',
          );
    if (confirmed !== 'Reset') return false;
    engine.metrics.reset();
    log.info('Metrics reset.');
    refresh();
    return true;
  });
  register('switchboard.clearResponseCache', async () => {
    const count = await engine.clearResponseCache();
    const on = settings.value.settings.router.cache.enabled;
    log.info(`Response cache cleared: ${plural(count, 'answer')} removed.`);
    void vscode.window.showInformationMessage(
      count > 0
        ? `Switchboard: removed ${plural(count, 'cached answer')} from this workspace's response cache.`
        : `Switchboard: the response cache holds no answers for this workspace${on ? '' : ' (it is off: switchboard.cache.enabled)'}.`,
    );
    return count;
  });
  register('switchboard.exportMetrics', async (args) => {
    // Other extensions (and tests) may pass { format, uri } to skip the pickers.
    const given = typeof args === 'object' && args !== null ? (args as { format?: unknown; uri?: unknown }) : {};
    const format =
      given.format === 'json' || given.format === 'csv'
        ? given.format
        : (
            await vscode.window.showQuickPick(
              [
                { label: 'JSON', description: 'every figure per day, model, capability and variant', format: 'json' as const },
                { label: 'CSV', description: 'the same rows, for a spreadsheet', format: 'csv' as const },
              ],
              { placeHolder: 'Export the metrics report as…' },
            )
          )?.format;
    if (!format) return undefined;
    const query = { groupBy: ['day', 'model', 'capability', 'variant'] as ('day' | 'model' | 'capability' | 'variant')[], utcOffsetMinutes: -new Date().getTimezoneOffset() };
    const content = format === 'json' ? engine.metrics.exportJson(query) : engine.metrics.exportCsv(query);
    if (given.uri instanceof vscode.Uri) {
      await vscode.workspace.fs.writeFile(given.uri, new TextEncoder().encode(content));
      return { outcome: 'saved', detail: given.uri.path.split('/').pop() };
    }
    const day = new Date().toISOString().slice(0, 10);
    const { uri, ...result } = await saveExport({ format, content, suggestedName: `switchboard-metrics-${day}.${format}` }, log);
    if (result.outcome === 'saved' && uri) {
      // Where it went (a path in the workspace reads short, one elsewhere whole), and the way to it.
      void vscode.window.showInformationMessage(`Switchboard: metrics exported to ${vscode.workspace.asRelativePath(uri, false)}.`, 'Open').then((choice) => {
        if (choice === 'Open') void vscode.window.showTextDocument(uri);
      });
    }
    return result;
  });

  const treeView = vscode.window.createTreeView('switchboard.models', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    tree,
    statusBar,
    // No viewsWelcome and no TreeView.message: the tree is never empty, and its setup rows show beside
    // the workspace index (core/views/gettingStarted.ts says why).
    treeView,
    // Shown again after being folded, the view draws the tree anew: VS Code 1.100 was seen (CI, e2e)
    // showing open groups without their rows after refreshes that came while the view was folded.
    treeView.onDidChangeVisibility((e) => {
      if (e.visible) tree.show(tree.nodes);
    }),
    engine.onDidChange(refresh),
    settings.onDidChange(async () => {
      // A newly configured endpoint may already have a stored key: learn about it before rendering.
      await keys.ensureKnown(slotsInUse(settings.value.settings.models).map((s) => s.id));
      refresh();
    }),
    keys.onDidChange(refresh),
    ...(analysis ? [analysis.onDidChangeState(refresh)] : []),
    refresher,
  );
  return { refresh, tree, statusBar };
}
