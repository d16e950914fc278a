/**
 * The Models view's tree, as plain data: the overview and each part of it (model status, the
 * workspace index, the setup steps) build these nodes, and the VS Code layer turns them into
 * TreeItems.
 */

export interface OverviewCommand {
  readonly id: string;
  readonly title: string;
  readonly args?: readonly unknown[];
}

/** A plain tree node; the VS Code layer turns it into a TreeItem. `icon` is a codicon id. */
export interface OverviewNode {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon?: string;
  readonly tone?: 'normal' | 'warning' | 'error' | 'ok';
  /** Used in package.json `when` clauses for inline actions, e.g. `keySlot`. */
  readonly contextValue?: string;
  readonly command?: OverviewCommand;
  readonly children?: readonly OverviewNode[];
  readonly expanded?: boolean;
}
