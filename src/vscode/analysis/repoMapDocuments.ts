import * as vscode from 'vscode';

export const REPO_MAP_SCHEME = 'switchboard-analysis';

/** Read-only virtual documents for analysis output (VS Code opens custom schemes read-only). */
export class RepoMapDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: REPO_MAP_SCHEME, path: `/${name}.txt` });
    this.contents.set(uri.path, text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
    this.contents.clear();
  }
}
