import * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';
import type { CompletionItem } from '../../protocol/chatProtocol';
import type { ContextSource } from './contextResolver';
import { relativePath } from '../workspacePaths';

const MAX_COMPLETIONS = 20;
const FILE_LIST_TTL_MS = 30_000;

/** The composer's @-completion: symbols from the analyzer's index (when it exists) and workspace files. */
export class MentionCompletion {
  private fileList: { at: number; paths: string[] } | undefined;

  constructor(
    private readonly log: Logger,
    private readonly contextSource?: ContextSource,
  ) {}

  async complete(kind: 'file' | 'symbol' | 'any', query: string): Promise<CompletionItem[]> {
    const items: CompletionItem[] = [];
    const q = query.toLowerCase();
    if (kind !== 'file' && this.contextSource && (this.contextSource.ready?.() ?? true)) {
      try {
        for (const s of (await this.contextSource.completeSymbols(query)).slice(0, MAX_COMPLETIONS)) {
          items.push({ kind: 'symbol', label: s.name, detail: `${s.kind ? `${s.kind} · ` : ''}${s.path}:${s.line}`, path: s.path, line: s.line });
        }
      } catch (error) {
        this.log.warn(`Chat: symbol completion failed: ${(error as Error).message}`);
      }
    }
    if (kind !== 'symbol') {
      const paths = await this.workspaceFiles();
      const scored = paths
        .map((p) => {
          const lower = p.toLowerCase();
          const base = lower.slice(lower.lastIndexOf('/') + 1);
          const score = q.length === 0 ? 1 : base.startsWith(q) ? 3 : base.includes(q) ? 2 : lower.includes(q) ? 1 : 0;
          return { p, score };
        })
        .filter((x) => x.score > 0)
        .sort((a, b) => b.score - a.score || a.p.length - b.p.length || a.p.localeCompare(b.p))
        .slice(0, MAX_COMPLETIONS - Math.min(items.length, MAX_COMPLETIONS / 2));
      for (const { p } of scored) items.push({ kind: 'file', label: p.slice(p.lastIndexOf('/') + 1), detail: p, path: p });
    }
    return items.slice(0, MAX_COMPLETIONS);
  }

  private async workspaceFiles(): Promise<string[]> {
    if (this.fileList && Date.now() - this.fileList.at < FILE_LIST_TTL_MS) return this.fileList.paths;
    const uris = await vscode.workspace.findFiles('**/*', '{**/node_modules/**,**/.git/**,**/dist/**,**/out/**}', 5000);
    const paths = uris.map((u) => relativePath(u)).sort();
    this.fileList = { at: Date.now(), paths };
    return paths;
  }
}
