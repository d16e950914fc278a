import * as vscode from 'vscode';
import { DisposableBase } from '../../core/lifecycle/disposable';
import type { OverviewNode } from '../../core/views/overviewNode';

const TONE_COLOR: Partial<Record<NonNullable<OverviewNode['tone']>, string>> = {
  warning: 'list.warningForeground',
  error: 'list.errorForeground',
  ok: 'testing.iconPassed',
};

/** Renders the core's plain overview tree as the Models view. */
export class ModelsTreeProvider extends DisposableBase implements vscode.TreeDataProvider<OverviewNode> {
  private roots: readonly OverviewNode[] = [];
  private readonly changed = this.register(new vscode.EventEmitter<OverviewNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  /** Shows a freshly built overview (built from the status the refresh gathered, not by the tree). */
  show(nodes: readonly OverviewNode[]): void {
    this.roots = nodes;
    this.changed.fire(undefined);
  }

  get nodes(): readonly OverviewNode[] {
    return this.roots;
  }

  getChildren(element?: OverviewNode): OverviewNode[] {
    return [...(element ? (element.children ?? []) : this.roots)];
  }

  getTreeItem(node: OverviewNode): vscode.TreeItem {
    const state = node.children && node.children.length > 0
      ? node.expanded
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    if (node.icon) {
      const color = node.tone ? TONE_COLOR[node.tone] : undefined;
      item.iconPath = new vscode.ThemeIcon(node.icon, color ? new vscode.ThemeColor(color) : undefined);
    }
    if (node.command) item.command = { command: node.command.id, title: node.command.title, arguments: node.command.args ? [...node.command.args] : undefined };
    item.accessibilityInformation = { label: [node.label, node.description].filter(Boolean).join(', ') };
    return item;
  }
}
