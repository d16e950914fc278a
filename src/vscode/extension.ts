import * as vscode from 'vscode';
import * as path from 'node:path';
import { slotsInUse } from '../core/secrets/keySlots';
import { SecretRedactor } from '../core/secrets/redactor';
import type { SwitchboardApi } from './api';
import { addModel } from './commands/addModelCommand';
import { clearApiKey, setApiKey } from './commands/apiKeyCommands';
import { createApi } from './createApi';
import { Engine } from './engine/engine';
import { registerAnalysis } from './analysis/registerAnalysis';
import { KeyStore } from './keyStore';
import { registerLmTools } from './lmTools/registerLmTools';
import { LoopGuard } from '../core/lmProvider/loopGuard';
import { registerChatProvider } from './lm/switchboardChatProvider';
import { DashboardPanel } from './metrics/dashboardPanel';
import { RedactingLog } from './log';
import { SettingsService } from './settingsService';
import { contextSourceFromAnalysis } from './chat/analysisContextSource';
import { registerChat } from './chat/registerChat';
import { registerModelsView } from './views/registerModelsView';
import { registerTaskChanges } from './tasks/registerTaskChanges';
import { registerTasks } from './tasks/registerTasks';
import { runTask } from '../core/tasks/taskEngine';
import { scheduleWarmUp } from './engine/warmUp';

export async function activate(context: vscode.ExtensionContext): Promise<SwitchboardApi> {
  const started = performance.now();
  // Each step's share of activation, for the log line: where a slow start went (issue 16).
  const steps: string[] = [];
  let stepStarted = started;
  const step = (name: string): void => {
    const now = performance.now();
    steps.push(`${name} ${(now - stepStarted).toFixed(0)}`);
    stepStarted = now;
  };
  const redactor = new SecretRedactor();
  const log = new RedactingLog(redactor);
  context.subscriptions.push(log);

  const settings = new SettingsService(log);
  context.subscriptions.push(settings);
  // In Restricted Mode the files say which of the folder's settings are being ignored, which the
  // first views and the API report; trusted, they only add syntax warnings, which arrive by themselves.
  if (!vscode.workspace.isTrusted) await settings.ready;
  step('settings');
  const keys = KeyStore.start(context.secrets, redactor, slotsInUse(settings.value.settings.models).map((s) => s.id), process.env, log);
  context.subscriptions.push(keys);
  const loopGuard = new LoopGuard(log);
  context.subscriptions.push(loopGuard);
  // Before the engine: its first discovery waits for every contributed vendor, Switchboard's too.
  const chatProvider = registerChatProvider({ settings, loopGuard, log });
  context.subscriptions.push(chatProvider.disposable);
  const engine = await Engine.create(context, settings, keys, redactor, log, loopGuard);
  context.subscriptions.push(engine);
  step('engine');
  context.subscriptions.push(scheduleWarmUp(log, { busy: () => engine.busy, ranksFile: path.join(context.extensionPath, 'dist', 'o200k-ranks.jsonl') }));
  chatProvider.attach(engine);

  const analysis = registerAnalysis(context, log, { maxFileSize: () => settings.value.settings.analysis.maxFileSizeKb * 1024 });
  const modelsView = registerModelsView(context, { engine, settings, keys, log, analysis });
  if (settings.value.settings.analysis.autoIndex) {
    // In the background, after activation has returned: warm from storage when a previous session saved it.
    const timer = setTimeout(() => void analysis.ensureIndexed().catch((error: unknown) => log.warn(`Background indexing stopped: ${error instanceof Error ? error.message : String(error)}`)), 3000);
    context.subscriptions.push(new vscode.Disposable(() => clearTimeout(timer)));
  }
  step('analysis and views');
  const taskChanges = registerTaskChanges(context, log);
  context.subscriptions.push(taskChanges);
  const tasks = registerTasks({
    validationWorker: vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker', 'validationWorker.js').fsPath,
    engine,
    settings,
    log,
    analysis,
    changes: taskChanges,
    runTask,
    profiles: () => settings.value.settings.tasks.profiles,
    testCommand: () => settings.value.settings.tasks.testCommand,
    testHandle: context.extensionMode !== vscode.ExtensionMode.Production,
  });
  context.subscriptions.push(tasks);
  step('tasks');
  // Switchboard's language-model tools for any agent (vscode.lm.registerTool, VS Code 1.95 and later).
  context.subscriptions.push(registerLmTools({ engine, log, analysis, tasks, testHandle: context.extensionMode !== vscode.ExtensionMode.Production }));
  context.subscriptions.push(registerChat(context, { engine, settings, keys, log, contextSource: contextSourceFromAnalysis(analysis), tasks }));
  step('chat');

  const deps = { keys, settings, log, loopGuard };
  const register = (id: string, run: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, run));
  register('switchboard.setApiKey', (args) => setApiKey(deps, args));
  register('switchboard.clearApiKey', (args) => clearApiKey(deps, args));
  register('switchboard.addModel', () => addModel(deps));
  register('switchboard.openSettings', (settingId) =>
    vscode.commands.executeCommand('workbench.action.openSettings', typeof settingId === 'string' && settingId.startsWith('switchboard') ? settingId : '@ext:switchboard-dev.switchboard'),
  );
  register('switchboard.showLog', () => log.show());
  const dashboard = new DashboardPanel(context.extensionUri, () => engine.metrics, log);
  context.subscriptions.push(dashboard);
  register('switchboard.openMetricsDashboard', () => {
    dashboard.open();
  });
  register('switchboard.refreshModels', async () => {
    settings.reload('refresh requested');
    await engine.rebuild('refresh requested', true);
  });

  const api = createApi({ settings, keys, engine, modelsView, tasks });
  context.subscriptions.push(engine.openMetricsSoon());
  step('commands');
  log.info(`Switchboard ${context.extension.packageJSON.version as string} activated in ${(performance.now() - started).toFixed(1)} ms (${steps.join(', ')}) on VS Code ${vscode.version} (${vscode.workspace.isTrusted ? 'trusted' : 'Restricted Mode'}).`);
  return api;
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
