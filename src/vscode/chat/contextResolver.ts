import * as vscode from 'vscode';
import type { Anchors } from '../../core/analysis/repoMap';
import type { ApplyTarget, ResolvedContext, StoredChipView } from '../../core/chat/conversationSchema';
import { candidatesFor } from '../../core/analysis/workspaceRoots';
import type { ContextChip } from '../../protocol/chatProtocol';
import { type EditorTracker, lastLine } from './editorTracker';
import { relativePath } from '../workspacePaths';

/** Largest file a chip may pull in whole. */
const MAX_FILE_BYTES = 256 * 1024;
/** Lines of a symbol's file shown from its declaration on. */
const SYMBOL_LINES = 80;

/**
 * The analyzer's side of the chat, connected by the lead: ranked repo context for a prompt and
 * `@symbol` completion. Both optional: without it the chat sends only what the chips name.
 */
export interface ContextSource {
  /** Whether an index exists now (the view offers `@symbol` only then). */
  readonly ready?: () => boolean;
  /** Fires when `ready` may have changed, so the view can offer `@symbol`. */
  readonly onDidChangeReady?: (listener: () => void) => { dispose(): void };
  rankedContext(anchors: Anchors, tokenBudget: number): Promise<string | undefined>;
  completeSymbols(query: string): Promise<readonly { readonly name: string; readonly path: string; readonly line: number; readonly kind?: string }[]>;
}

export interface ResolvedChips {
  readonly chips: StoredChipView[];
  readonly context: ResolvedContext[];
  /** Notes for the person: chips that could not be read. */
  readonly problems: string[];
  /** Where code from the answer applies by default: the selected lines, when a selection was attached. */
  readonly applyTarget?: ApplyTarget;
}

/** Finds a workspace path in the open folders (`src/a.ts`, or `server/src/a.ts` with several: workspaceRoots.ts); refuses anything else. */
export async function resolveWorkspaceFile(path: string): Promise<{ uri: vscode.Uri; exists: boolean } | { error: string }> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return { error: 'no folder is open' };
  const found = candidatesFor(folders, path);
  if (!found.ok) return { error: found.reason };
  const candidates = found.candidates.map((c) => vscode.Uri.joinPath(c.root.uri, ...c.relative.split('/')));
  for (const uri of candidates) {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.File) return { uri, exists: true };
    } catch {
      // Not in this folder; try the next.
    }
  }
  const first = candidates[0];
  return first ? { uri: first, exists: false } : { error: 'no folder is open' };
}

/** The selection as whole lines (what commands send and what Apply replaces). */
export function selectionContext(editor: vscode.TextEditor, wholeFileWhenEmpty: boolean): { context: ResolvedContext; target: ApplyTarget; chip: StoredChipView } | undefined {
  const doc = editor.document;
  const sel = editor.selection;
  if (sel.isEmpty && !wholeFileWhenEmpty) return undefined;
  const startLine = sel.isEmpty ? 0 : sel.start.line;
  const endLine = sel.isEmpty ? doc.lineCount - 1 : lastLine(sel);
  const range = new vscode.Range(startLine, 0, endLine, doc.lineAt(endLine).text.length);
  const path = relativePath(doc.uri);
  const label = sel.isEmpty ? path : `${path}:${startLine + 1}-${endLine + 1}`;
  return {
    context: { label: sel.isEmpty ? `The file ${path}` : `Selected lines ${startLine + 1}-${endLine + 1} of ${path}`, path, languageId: doc.languageId, startLine: startLine + 1, endLine: endLine + 1, text: doc.getText(range) },
    target: { path, startLine: startLine + 1, endLine: endLine + 1 },
    chip: sel.isEmpty ? { kind: 'activeFile', label } : { kind: 'selection', label },
  };
}

async function readWorkspaceText(path: string): Promise<{ text: string; languageId: string; path: string } | { error: string }> {
  const found = await resolveWorkspaceFile(path);
  if ('error' in found) return found;
  if (!found.exists) return { error: `${path} does not exist` };
  const stat = await vscode.workspace.fs.stat(found.uri);
  if (stat.size > MAX_FILE_BYTES) return { error: `${path} is larger than ${MAX_FILE_BYTES / 1024} KB` };
  const doc = await vscode.workspace.openTextDocument(found.uri);
  return { text: doc.getText(), languageId: doc.languageId, path: relativePath(found.uri) };
}

/** Reads what each chip names, at send time, in the host (the webview never ships file text). */
export async function resolveChips(chips: readonly ContextChip[], tracker: EditorTracker): Promise<ResolvedChips> {
  const out: StoredChipView[] = [];
  const context: ResolvedContext[] = [];
  const problems: string[] = [];
  let applyTarget: ApplyTarget | undefined;
  for (const chip of chips) {
    switch (chip.kind) {
      case 'selection': {
        const editor = tracker.editor;
        const sel = editor ? selectionContext(editor, false) : undefined;
        if (!sel) {
          problems.push('No text is selected: the selection was left out.');
          break;
        }
        out.push(sel.chip);
        context.push(sel.context);
        applyTarget = sel.target;
        break;
      }
      case 'activeFile': {
        const editor = tracker.editor;
        if (!editor) {
          problems.push('No file is open: the active file was left out.');
          break;
        }
        const path = relativePath(editor.document.uri);
        out.push({ kind: 'activeFile', label: path });
        context.push({ label: `The file ${path}`, path, languageId: editor.document.languageId, text: editor.document.getText().slice(0, MAX_FILE_BYTES) });
        break;
      }
      case 'file': {
        const read = await readWorkspaceText(chip.path);
        if ('error' in read) {
          problems.push(`@file ${chip.path} was left out: ${read.error}.`);
          break;
        }
        out.push({ kind: 'file', path: read.path, label: read.path });
        context.push({ label: `The file ${read.path}`, path: read.path, languageId: read.languageId, text: read.text });
        break;
      }
      case 'symbol': {
        const read = await readWorkspaceText(chip.path);
        if ('error' in read) {
          problems.push(`@symbol ${chip.name} was left out: ${read.error}.`);
          break;
        }
        const lines = read.text.split('\n');
        const start = Math.max(0, (chip.line ?? 1) - 1);
        const end = Math.min(lines.length, start + SYMBOL_LINES);
        const label = `${chip.name} (${read.path}:${start + 1})`;
        out.push({ kind: 'symbol', name: chip.name, path: read.path, ...(chip.line ? { line: chip.line } : {}), label });
        context.push({ label: `The symbol ${chip.name} in ${read.path}, lines ${start + 1}-${end}`, path: read.path, languageId: read.languageId, startLine: start + 1, endLine: end, text: lines.slice(start, end).join('\n') });
        break;
      }
    }
  }
  return { chips: out, context, problems, ...(applyTarget ? { applyTarget } : {}) };
}
