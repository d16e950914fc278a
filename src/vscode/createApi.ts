import * as vscode from 'vscode';
import { slotsInUse } from '../core/secrets/keySlots';
import type { SwitchboardApi } from './api';
import { parseApiTaskInput } from '../core/tasks/apiTaskInput';
import type { TaskProfile } from '../core/tasks/taskTypes';
import type { TaskServices } from './tasks/registerTasks';
import type { Engine } from './engine/engine';
import type { KeyStore } from './keyStore';
import type { SettingsService } from './settingsService';
import type { SpendStatusBar } from './views/liveStatus';
import type { ModelsTreeProvider } from './views/modelsTreeProvider';
import type { OverviewNode } from '../core/views/overviewNode';
import { parseMetricsQuery } from '../core/metrics/metricsQueryInput';

interface Deps {
  readonly settings: SettingsService;
  readonly keys: KeyStore;
  readonly engine: Engine;
  readonly modelsView: { readonly tree: ModelsTreeProvider; readonly statusBar: SpendStatusBar };
  readonly tasks: Pick<TaskServices, 'runner' | 'profiles'>;
}

/** The API other extensions (and the integration tests) use. Snapshots are copies; no key ever leaves. */
export function createApi({ settings, keys, engine, modelsView, tasks }: Deps): SwitchboardApi {
  const toVscode = (d: { dispose(): void }) => new vscode.Disposable(() => d.dispose());
  return {
    apiVersion: 1,
    ready: () => engine.ready,
    getSetup: () => {
      const catalogue = engine.catalogue;
      return {
        models: catalogue.models.map((m) => ({ ...m })),
        tiers: structuredClone(catalogue.tiers),
        source: catalogue.source,
        diagnostics: [...settings.problems],
        keys: slotsInUse(catalogue.models).map((slot) => ({ slot: slot.id, label: slot.label, status: keys.status(slot).kind })),
        restricted: !vscode.workspace.isTrusted,
        ignoredInRestrictedMode: settings.ignoredInRestrictedMode(),
      };
    },
    // The engine rebuilds after every settings, trust or key change: by then the snapshot is current.
    onDidChangeSetup: (listener) => toVscode(engine.onDidRebuild(() => listener())),
    route: (capability, request, options) => engine.route(capability, request, { origin: 'api', ...options }),
    complete: (capability, request, options) => engine.complete(capability, request, { origin: 'api', ...options }),
    classify: (input) => engine.classify(input),
    explain: (capability) => engine.router.explain(capability, { workspace: engine.workspaceId }),
    runTask: async (input, options = {}) => {
      const parsed = parseApiTaskInput(input, tasks.profiles());
      if (!parsed.ok) throw new Error(parsed.message);
      return tasks.runner.run(parsed.input, { origin: 'api', ...(options.signal ? { signal: options.signal } : {}), ...(options.onEvent ? { onEvent: options.onEvent } : {}) });
    },
    taskProfiles: () => structuredClone(tasks.profiles()) as TaskProfile[],
    health: () => engine.router.healthSnapshot(),
    metrics: {
      query: (query) => engine.metrics.query(parseMetricsQuery(query)),
      spendSince: (since) => engine.metrics.spendSince(engine.workspaceId, since),
      exportJson: (query) => engine.metrics.exportJson(parseMetricsQuery(query)),
      exportCsv: (query) => engine.metrics.exportCsv(parseMetricsQuery(query)),
    },
    views: () => ({ models: structuredClone(modelsView.tree.nodes) as OverviewNode[], statusBar: modelsView.statusBar.text }),
    onDidRecordAttempt: (listener) => toVscode(engine.metrics.onDidRecordAttempt(listener)),
  };
}
