import { rankedContext, type Anchors } from '../../analysis/repoMap';
import type { SymbolHit } from '../../analysis/symbolQueries';
import type { WorkspaceIndex } from '../../analysis/workspaceIndex';

/**
 * The workspace index as research reads it. Paths are absolute and `/`-separated, as the index
 * keeps them; every query answers "nothing" while the index is not ready.
 */
export interface ResearchIndex {
  /** The indexed files, in path order. */
  files(): readonly string[];
  /** Where a name is declared. */
  definitions(name: string): readonly SymbolHit[];
  /** Names that match: exact first, then prefix, then substring (case-insensitive). */
  findSymbols(query: string, limit: number): readonly SymbolHit[];
  /** The ranked repo map (paths relative to the workspace folders) within `tokenBudget`; '' when nothing fits. */
  rankedMap(anchors: Anchors, tokenBudget: number): string;
}

/**
 * A ResearchIndex over a WorkspaceIndex, or over a getter for the host's index (undefined while
 * it is being built: research waits for it before it asks, see indexWait.ts).
 */
export function researchIndexOf(source: WorkspaceIndex | (() => WorkspaceIndex | undefined), countTokens?: (text: string) => number): ResearchIndex {
  const current = typeof source === 'function' ? source : () => source;
  return {
    files: () => current()?.allFiles().map((f) => f.path) ?? [],
    definitions: (name) => current()?.definitions(name) ?? [],
    findSymbols: (query, limit) => current()?.findSymbols(query, limit) ?? [],
    rankedMap(anchors, tokenBudget) {
      const index = current();
      if (!index || tokenBudget <= 0 || index.fileCount === 0) return '';
      return rankedContext(index, anchors, { tokenBudget, roots: index.folderRoots, ...(countTokens ? { countTokens } : {}) }).map;
    },
  };
}
