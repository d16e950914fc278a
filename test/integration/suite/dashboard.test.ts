import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually } from '../../support/eventually';
import { switchboard } from '../support/switchboard';

function isDashboard(tab: vscode.Tab | undefined): boolean {
  return tab?.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('switchboard.metricsDashboard');
}

function dashboardTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter(isDashboard);
}

/** The tabs as a person reads them, for failure messages. */
function showTabs(): string {
  return `tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => `${t.label} (${t.input?.constructor.name}${t.isActive ? ', active' : ''})`)).join(', ')}`;
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
    await eventually(() => dashboardTabs().length, (n) => n > 0, 'the dashboard to open', { ms: 5000, intervalMs: 50, show: showTabs });
    // Put a file in front of it, so the second invocation has something to reveal.
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, 'src', 'invoice.ts'), { preview: false });
    await eventually(() => dashboardTabs()[0]?.isActive, (active) => active === false, 'the file to cover the dashboard', { ms: 5000, intervalMs: 50, show: showTabs });
    await vscode.commands.executeCommand('switchboard.openMetricsDashboard');
    await eventually(() => vscode.window.tabGroups.activeTabGroup.activeTab, isDashboard, 'the dashboard to come to the front', { ms: 5000, intervalMs: 50, show: showTabs });
    const tabs = dashboardTabs();
    assert.equal(tabs.length, 1, `dashboard tabs: ${tabs.map((t) => t.label).join(', ')}`);
    assert.equal(tabs[0]?.label, 'Switchboard Metrics');
  });
});
