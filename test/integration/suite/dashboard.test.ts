import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { switchboard } from '../support/switchboard';

function dashboardTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('switchboard.metricsDashboard'));
}

async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms; tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => `${t.label} (${t.input?.constructor.name})`)).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Metrics dashboard', () => {
  before(async () => {
    await switchboard();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens one panel, and a second invocation reveals it rather than opening another', async () => {
    await vscode.commands.executeCommand('switchboard.openMetricsDashboard');
    await waitFor(() => dashboardTabs().length > 0);
    await vscode.commands.executeCommand('switchboard.openMetricsDashboard');
    await new Promise((r) => setTimeout(r, 300));
    const tabs = dashboardTabs();
    assert.equal(tabs.length, 1, `dashboard tabs: ${tabs.map((t) => t.label).join(', ')}`);
    assert.equal(tabs[0]?.label, 'Switchboard Metrics');
  });
});
