import * as vscode from 'vscode';
import { CAPABILITIES } from '../core/providers/contract';
import { slotsInUse } from '../core/secrets/keySlots';
import { SecretRedactor } from '../core/secrets/redactor';
import { buildModelsOverview } from '../core/views/modelsOverview';
import type { SetupSummary } from '../protocol/chatProtocol';
import type { SwitchboardApi } from './api';
import { addModel } from './commands/addModelCommand';
import { clearApiKey, setApiKey } from './commands/apiKeyCommands';
import { KeyStore } from './keyStore';
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
  const keys = await KeyStore.create(context.secrets, redactor, slotsInUse(settings.value.settings.models).map((s) => s.id));
  context.subscriptions.push(keys);

  const overview = () =>
    buildModelsOverview({
      settings: settings.value.settings,
      diagnostics: settings.value.diagnostics,
      keyStatus: (slot) => keys.status(slot),
      ignoredInRestrictedMode: settings.ignoredInRestrictedMode(),
    });
  const modelsTree = new ModelsTreeProvider(overview);
  const summary = (): SetupSummary => {
    const { models, tiers } = settings.value.settings;
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
  register('switchboard.refreshModels', () => {
    settings.reload('refresh requested');
  });

  const api: SwitchboardApi = {
    apiVersion: 1,
    getSetup: () => ({
      models: settings.value.settings.models.map((m) => ({ ...m })),
      tiers: structuredClone(settings.value.settings.tiers),
      diagnostics: [...settings.value.diagnostics],
      keys: slotsInUse(settings.value.settings.models).map((slot) => ({ slot: slot.id, label: slot.label, status: keys.status(slot).kind })),
      restricted: !vscode.workspace.isTrusted,
      ignoredInRestrictedMode: settings.ignoredInRestrictedMode(),
    }),
    onDidChangeSetup: (listener) => settings.onDidChange(() => listener()),
  };

  log.info(`Switchboard ${context.extension.packageJSON.version as string} activated in ${(performance.now() - started).toFixed(1)} ms on VS Code ${vscode.version} (${vscode.workspace.isTrusted ? 'trusted' : 'Restricted Mode'}).`);
  return api;
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
