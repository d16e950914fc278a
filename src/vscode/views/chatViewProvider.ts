import * as vscode from 'vscode';
import { DisposableBase, DisposableStore, MutableDisposable } from '../../core/lifecycle/disposable';
import { CHAT_VIEW_ID, type ChatController } from '../chat/chatController';
import { webviewHtml } from './webviewHtml';

/**
 * The Chat view: the webview shell and its message pipe. Everything it says goes to the
 * controller (validated there); everything the controller posts reaches it while it is showing.
 * Answers keep streaming in the host while the view is hidden; `ready` brings it up to date.
 */
export class ChatViewProvider extends DisposableBase implements vscode.WebviewViewProvider {
  static readonly viewType = CHAT_VIEW_ID;
  private view: vscode.WebviewView | undefined;
  /** What one resolved view owns; a view shown again after being torn down starts a new one. */
  private readonly viewLifetime = this.register(new MutableDisposable<DisposableStore>());
  /** Fires when a view is set up and when its visibility changes. */
  private readonly visibility = this.register(new vscode.EventEmitter<void>());

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly controller: ChatController,
  ) {
    super();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    const lifetime = new DisposableStore();
    this.viewLifetime.value = lifetime;
    this.view = view;
    this.controller.setViewReady(false);
    this.visibility.fire();
    const bundle = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    view.webview.options = { enableScripts: true, localResourceRoots: [bundle] };
    view.webview.html = webviewHtml(view.webview, vscode.Uri.joinPath(bundle, 'chat.js'), 'Switchboard Chat', 'sideBar');
    lifetime.add(
      this.controller.addSink((message) => {
        // A webview that is not listening yet drops messages; it asks for the whole state on `ready`.
        if (this.controller.isViewReady) void view.webview.postMessage(message);
      }),
    );
    lifetime.add(view.webview.onDidReceiveMessage((raw: unknown) => void this.controller.receive(raw)));
    lifetime.add(
      view.onDidChangeVisibility(() => {
        // Without retained context a hidden view is torn down; it sends `ready` again when shown.
        if (!view.visible) this.controller.setViewReady(false);
        this.visibility.fire();
      }),
    );
    lifetime.add(
      view.onDidDispose(() => {
        this.controller.setViewReady(false);
        this.viewLifetime.clear();
        this.view = undefined;
      }),
    );
  }

  /** Resolves once the view is set up and visible (at once when it is). */
  shown(): Promise<void> {
    if (this.view?.visible) return Promise.resolve();
    return new Promise((resolve) => {
      const listener = this.visibility.event(() => {
        if (!this.view?.visible) return;
        listener.dispose();
        resolve();
      });
    });
  }

  /** Shows the view (creating it if needed). */
  async reveal(preserveFocus = true): Promise<void> {
    if (this.view) this.view.show(preserveFocus);
    else await vscode.commands.executeCommand(`${ChatViewProvider.viewType}.focus`, { preserveFocus });
  }
}
