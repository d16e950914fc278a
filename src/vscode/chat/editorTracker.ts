import * as vscode from 'vscode';
import { DisposableBase, toDisposable } from '../../core/lifecycle/disposable';
import type { EditorContext } from '../../core/classify/types';
import type { EditorContextView } from '../../protocol/chatProtocol';
import { relativePath } from '../workspacePaths';

const CONTEXT_DEBOUNCE_MS = 150;
/** Selected text handed to the classifier: enough to see its shape, not the whole file. */
const CLASSIFIER_SELECTION_CHARS = 4000;

/**
 * Remembers the last text editor the person worked in: focusing the chat view must not lose the
 * selection the prompt is about. Tells the view (paths and line numbers only) when it changes.
 */
export class EditorTracker extends DisposableBase {
  private last: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly onChange: (context: EditorContextView) => void) {
    super();
    this.register(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isWorkspaceEditor(editor)) this.last = editor;
        this.schedule();
      }),
    );
    this.register(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (isWorkspaceEditor(e.textEditor)) this.last = e.textEditor;
        this.schedule();
      }),
    );
    this.register(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (this.last?.document === doc) this.last = undefined;
      }),
    );
    this.register(toDisposable(() => clearTimeout(this.timer)));
  }

  /** The editor a prompt is about: the active one, else the last one still open. */
  get editor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active && isWorkspaceEditor(active)) return active;
    if (this.last && !this.last.document.isClosed) return this.last;
    return undefined;
  }

  view(): EditorContextView {
    const editor = this.editor;
    if (!editor) return {};
    const path = relativePath(editor.document.uri);
    const sel = editor.selection;
    return {
      activeFile: { path, languageId: editor.document.languageId },
      ...(sel.isEmpty ? {} : { selection: { path, startLine: sel.start.line + 1, endLine: lastLine(sel) + 1 } }),
    };
  }

  /** What the auto classifier reads about the editor. */
  classifierContext(): EditorContext {
    const editor = this.editor;
    if (!editor) return {};
    const doc = editor.document;
    const sel = editor.selection;
    const diagnostics = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning && (sel.isEmpty || d.range.intersection(sel)));
    return {
      activeFile: { path: relativePath(doc.uri), languageId: doc.languageId },
      ...(sel.isEmpty ? {} : { selection: { text: doc.getText(sel).slice(0, CLASSIFIER_SELECTION_CHARS), languageId: doc.languageId, lineCount: lastLine(sel) - sel.start.line + 1 } }),
      diagnostics: diagnostics.length,
    };
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onChange(this.view());
    }, CONTEXT_DEBOUNCE_MS);
  }
}

/** The last line a selection really covers (a selection ending at column 0 stops on the line before). */
export function lastLine(sel: vscode.Selection | vscode.Range): number {
  return sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line - 1 : sel.end.line;
}

function isWorkspaceEditor(editor: vscode.TextEditor): boolean {
  // Output channels, the proposed-change documents and other virtual documents are not prompts' subjects.
  return editor.document.uri.scheme === 'file' || editor.document.uri.scheme === 'untitled' || editor.document.uri.scheme === 'vscode-remote';
}
