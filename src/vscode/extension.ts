import * as vscode from 'vscode';
import { CAPABILITIES } from '../core/providers/contract';
import { slotsInUse } from '../core/secrets/keySlots';
import { SecretRedactor } from '../core/secrets/redactor';
import { buildModelsOverview } from '../core/views/modelsOverview';
import type { SetupSummary } from '../protocol/chatProtocol';
import type { SwitchboardApi } from './api';
import { addModel } from './commands/addModelCommand';
import { clearApiKey, setApiKey } from './commands/apiKeyCommands';
import { createApi } from './createApi';
import { Engine } from './engine/engine';
import { KeyStore } from './keyStore';
import { DashboardPanel } from './metrics/dashboardPanel';
import { RedactingLog } from './log';
import { SettingsService } from './settingsService';
import { ChatViewProvider } from './views/chatViewProvider';
import { ModelsTreeProvider } from './views/modelsTreeProvider';

export async function activate(context: vscode.ExtensionContext): Promise<SwitchboardApi> {
  const started = performance.now();
  const redactor = new SecretRedactor();
  const log = new RedactingLog(redactor);
  context.subscriptions.push(log);

  const settings = new SettingsService(log);
  context.subscriptions.push(settings);
  await settings.ready;
  const keys = await KeyStore.create(context.secrets, redactor, slotsInUse(settings.value.settings.models).map((s) => s.id));
  context.subscriptions.push(keys);
  const engine = await Engine.create(context, settings, keys, redactor, log);
  context.subscriptions.push(engine);

  const overview = () => {
    const catalogue = engine.catalogue;
    return buildModelsOverview({
      settings: { ...settings.value.settings, models: catalogue.models, tiers: catalogue.tiers },
      diagnostics: settings.value.diagnostics,
      keyStatus: (slot) => keys.status(slot),
      ignoredInRestrictedMode: settings.ignoredInRestrictedMode(),
      ...(catalogue.discovery ? { discovery: { notes: catalogue.discovery.notes, reasons: catalogue.discovery.reasons } } : {}),
    });
  };
  const modelsTree = new ModelsTreeProvider(overview);
  const summary = (): SetupSummary => {
    const { models, tiers } = engine.catalogue;
    return {
      models: models.length,
      tiersFilled: CAPABILITIES.filter((c) => (tiers[c]?.length ?? 0) > 0).length,
      tiersTotal: CAPABILITIES.length,
      keysMissing: slotsInUse(models, false).filter((s) => s.required && keys.status(s).kind === 'missing').map((s) => s.label),
      problems: settings.value.diagnostics.length,
      restricted: !vscode.workspace.isTrusted,
    };
  };
  const chat = new ChatViewProvider(context.extensionUri, summary, log);
  const refreshViews = () => {
    modelsTree.refresh();
    chat.update();
  };

  context.subscriptions.push(
    modelsTree,
    chat,
    vscode.window.createTreeView('switchboard.models', { treeDataProvider: modelsTree, showCollapseAll: true }),
    vscode.window.registerWebviewViewProvider(ChatViewProvider.viewType, chat, { webviewOptions: { retainContextWhenHidden: false } }),
    settings.onDidChange(async () => {
      // A newly configured endpoint may already have a stored key: learn about it before rendering.
      await keys.ensureKnown(slotsInUse(settings.value.settings.models).map((s) => s.id));
      refreshViews();
    }),
    keys.onDidChange(refreshViews),
    new vscode.Disposable(engine.onDidChange(refreshViews).dispose),
  );

  const deps = { keys, settings, log };
  const register = (id: string, run: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, run));
  register('switchboard.setApiKey', (args) => setApiKey(deps, args));
  register('switchboard.clearApiKey', (args) => clearApiKey(deps, args));
  register('switchboard.addModel', () => addModel(deps));
  register('switchboard.openSettings', (settingId) =>
    vscode.commands.executeCommand('workbench.action.openSettings', typeof settingId === 'string' && settingId.startsWith('switchboard') ? settingId : '@ext:switchboard-dev.switchboard'),
  );
  register('switchboard.showLog', () => log.show());
  const dashboard = new DashboardPanel(context.extensionUri, engine.metrics, log);
  context.subscriptions.push(dashboard);
  register('switchboard.openMetricsDashboard', () => {
    dashboard.open();
  });
  register('switchboard.refreshModels', async () => {
    settings.reload('refresh requested');
    await engine.rebuild('refresh requested', true);
  });

  const api = createApi({ settings, keys, engine });
  log.info(`Switchboard ${context.extension.packageJSON.version as string} activated in ${(performance.now() - started).toFixed(1)} ms on VS Code ${vscode.version} (${vscode.workspace.isTrusted ? 'trusted' : 'Restricted Mode'}).`);
  return api;
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
