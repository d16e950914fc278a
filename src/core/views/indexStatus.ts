import type { IndexState } from '../analysis/indexState';
import { formatCount, plural } from '../../shared/figures';
import type { OverviewCommand, OverviewNode } from './overviewNode';

const ANALYZE: OverviewCommand = { id: 'switchboard.analyzeWorkspace', title: 'Analyze Workspace' };
const REPO_MAP: OverviewCommand = { id: 'switchboard.showRepoMap', title: 'Show Repo Map' };
const HOTSPOTS: OverviewCommand = { id: 'switchboard.showComplexityHotspots', title: 'Show Complexity Hotspots' };
const SHOW_LOG: OverviewCommand = { id: 'switchboard.showLog', title: 'Show Log' };

export interface IndexNodeOptions {
  /**
   * Open the node's actions. Without models the index is most of what the view has to offer, so
   * its actions are shown; with models it stays folded under the rest.
   */
  readonly expanded: boolean;
}

/**
 * The workspace index in the Models view: its state in the description, and its actions both as the
 * node's click, as child rows (visible without knowing about context menus) and, through
 * `contextValue` `index.<state>`, as inline and context-menu actions in package.json.
 */
export function indexNode(state: IndexState, options: IndexNodeOptions): OverviewNode {
  const base = { id: 'index', label: 'Workspace index', icon: 'symbol-class', contextValue: `index.${state.kind}`, expanded: options.expanded };
  const action = (name: string, command: OverviewCommand, icon: string, description?: string): OverviewNode => ({
    id: `index/${name}`,
    label: command.title,
    icon,
    command,
    ...(description ? { description } : {}),
  });
  switch (state.kind) {
    case 'idle':
      return {
        ...base,
        description: 'not built yet: click to analyze',
        tooltip: 'Ranked context from the workspace code is added to answers once the index is built. It needs no model.',
        command: ANALYZE,
        children: [action('analyze', ANALYZE, 'play', 'build it now')],
      };
    case 'indexing':
      return {
        ...base,
        description: state.total > 0 ? `indexing ${formatCount(state.done)} / ${formatCount(state.total)} files` : 'indexing…',
        tooltip: 'Building the index in worker threads; the editor stays responsive. Analyze Workspace shows the progress with a Cancel button.',
        icon: 'sync',
        command: ANALYZE,
      };
    case 'ready': {
      const reasons = skipReasons(state.skippedBy ?? {});
      return {
        ...base,
        description: `${plural(state.files, 'file')} · ${plural(state.symbols, 'symbol')} · ${formatCount(state.skipped)} skipped`,
        tooltip:
          `Indexed at ${new Date(state.at).toLocaleTimeString('en-GB')}; kept current as files change.` +
          (reasons.length > 0 ? `\nSkipped: ${reasons.join(', ')}.` : '') +
          '\nClick to see the repo map of the active file.',
        tone: 'ok',
        command: REPO_MAP,
        children: [
          action('repoMap', REPO_MAP, 'list-tree', 'for the active file or selection'),
          action('hotspots', HOTSPOTS, 'flame', 'the most complex functions'),
          action('analyze', ANALYZE, 'refresh', 'build again, with a summary'),
        ],
      };
    }
    case 'failed':
      return {
        ...base,
        description: `failed: ${state.message}`,
        tooltip: `The index could not be built: ${state.message}\nClick to try again; the log has the details.`,
        icon: 'error',
        tone: 'error',
        command: ANALYZE,
        children: [action('analyze', ANALYZE, 'refresh', 'try again'), action('log', SHOW_LOG, 'output')],
      };
  }
}

/** "3 oversized", "9 minified": each reason a file was left out, with how many, in the order given. */
function skipReasons(skippedBy: Readonly<Partial<Record<string, number>>>): string[] {
  return Object.entries(skippedBy)
    .filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0)
    .map(([reason, n]) => `${formatCount(n)} ${reason}`);
}

/**
 * What an index build left out, for the log: "none", or "12 (3 oversized, 9 minified)". The log once
 * printed the counts as JSON, eight reasons with their zeros.
 */
export function skippedWords(skippedBy: Readonly<Partial<Record<string, number>>>): string {
  const reasons = skipReasons(skippedBy);
  if (reasons.length === 0) return 'none';
  const total = Object.values(skippedBy).reduce<number>((sum, n) => sum + (n ?? 0), 0);
  return `${formatCount(total)} (${reasons.join(', ')})`;
}
