import * as vscode from 'vscode';
import { type HostToWebview, type SetupSummary, type WelcomeAction, webviewToHostSchema } from '../../protocol/chatProtocol';
import type { Logger } from '../../core/log/logger';
import { webviewHtml } from './webviewHtml';

const ACTION_COMMANDS: Record<WelcomeAction, string> = {
  setApiKey: 'switchboard.setApiKey',
  addModel: 'switchboard.addModel',
  openSettings: 'switchboard.openSettings',
  showModels: 'switchboard.models.focus',
  showLog: 'switchboard.showLog',
};

/** The Chat view. Until the chat itself lands it shows the welcome: what is set up and what to do next. */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewType = 'switchboard.chat';
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly summary: () => SetupSummary,
    private readonly log: Logger,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const bundle = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    view.webview.options = { enableScripts: true, localResourceRoots: [bundle] };
    view.webview.html = webviewHtml(view.webview, vscode.Uri.joinPath(bundle, 'chat.js'), 'Switchboard Chat');
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      view.onDidDispose(() => {
        this.view = undefined;
        this.ready = false;
      }),
    );
  }

  /** Pushes the current setup summary to the view if it is showing. */
  update(): void {
    if (this.view && this.ready) this.post({ type: 'setup', summary: this.summary() });
  }

  private receive(raw: unknown): void {
    const parsed = webviewToHostSchema.safeParse(raw);
    if (!parsed.success) {
      this.log.warn(`Chat view sent a malformed message (ignored): ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.update();
        break;
      case 'run':
        void vscode.commands.executeCommand(ACTION_COMMANDS[message.action]);
        break;
    }
  }

  private post(message: HostToWebview): void {
    void this.view?.webview.postMessage(message);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
