import * as vscode from 'vscode';
import { DisposableBase } from '../../core/lifecycle/disposable';
import type { ModelStatusInput } from '../../core/views/modelStatus';
import { statusBarSummary } from '../../core/views/modelStatus';
import { queryStatus } from '../../core/views/statusQueries';
import { CAPABILITIES, type Capability } from '../../core/router/capabilities';
import type { RouteDecision } from '../../core/router/routeEvents';
import type { Engine } from '../engine/engine';
import type { SettingsService } from '../settingsService';

/** Reads everything the Models view and the status bar show from the router and the metrics store (in memory). */
export function gatherStatus(engine: Engine, settings: SettingsService, now = Date.now()): ModelStatusInput {
  const decisions: Partial<Record<Capability, RouteDecision>> = {};
  for (const capability of CAPABILITIES) {
    if ((engine.catalogue.tiers[capability]?.length ?? 0) > 0) decisions[capability] = engine.router.explain(capability, { workspace: engine.workspaceId });
  }
  const { budget, experiments } = settings.value.settings.router;
  return {
    ...queryStatus(engine.metrics, { now, utcOffsetMinutes: -new Date(now).getTimezoneOffset(), workspace: engine.workspaceId, budget, experiments }),
    health: engine.router.healthSnapshot(),
    decisions,
  };
}

/** "$0.42 · 1 model down" in the status bar; a warning colour near a budget limit; opens the Models view. */
export class SpendStatusBar extends DisposableBase {
  private readonly item = this.register(vscode.window.createStatusBarItem('switchboard.spend', vscode.StatusBarAlignment.Right, 100));

  constructor() {
    super();
    this.item.name = 'Switchboard Spend and Health';
    this.item.command = 'switchboard.models.focus';
  }

  update(status: ModelStatusInput, modelCount: number, localDown?: ReadonlyMap<string, string>, localOnly = false): void {
    const summary = statusBarSummary(status, modelCount, localDown, localOnly);
    this.item.text = `$(pulse) ${summary.text}`;
    this.item.tooltip = summary.tooltip;
    this.item.backgroundColor = summary.error
      ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : summary.warning
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : undefined;
    this.item.accessibilityInformation = { label: summary.tooltip };
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }
}
