import * as vscode from 'vscode';
import { locate, relativePath } from '../workspacePaths';
import type { Anchors } from '../../core/analysis/repoMap';
import type { AnalysisHandle } from '../analysis/registerAnalysis';
import type { ContextSource } from './contextResolver';

const SYMBOL_COMPLETIONS = 20;

/** The index keys files by absolute path; the chat speaks workspace-relative ones. */
function absolute(relative: string): string {
  return locate(relative)?.absolute ?? relative;
}

/**
 * The analyzer as the chat's context source: the ranked repo map for prompts and `@symbol`
 * completion, both only once the index is ready (the chat never waits for indexing).
 */
export function contextSourceFromAnalysis(analysis: AnalysisHandle): ContextSource {
  const ready = () => analysis.state.kind === 'ready' && analysis.index !== undefined;
  return {
    ready,
    onDidChangeReady: (listener) => analysis.onDidChangeState(() => listener()),
    async rankedContext(anchors: Anchors, tokenBudget: number) {
      if (!ready()) return undefined;
      const mapped: Anchors = {
        ...(anchors.activeFile ? { activeFile: absolute(anchors.activeFile) } : {}),
        ...(anchors.selection ? { selection: { ...anchors.selection, path: absolute(anchors.selection.path) } } : {}),
        ...(anchors.mentionedNames ? { mentionedNames: anchors.mentionedNames } : {}),
        ...(anchors.mentionedFiles ? { mentionedFiles: anchors.mentionedFiles.map(absolute) } : {}),
      };
      const ranked = await analysis.contextFor(mapped, tokenBudget);
      return ranked && ranked.map.trim().length > 0 ? ranked.map : undefined;
    },
    async completeSymbols(query: string) {
      const index = ready() ? analysis.index : undefined;
      if (!index) return [];
      return index.findSymbols(query, SYMBOL_COMPLETIONS).map((hit) => ({
        name: hit.container ? `${hit.container}.${hit.name}` : hit.name,
        path: relativePath(vscode.Uri.file(hit.path)),
        line: hit.line + 1,
        kind: hit.kind,
      }));
    },
  };
}
