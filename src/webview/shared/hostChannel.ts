/** The VS Code webview API: acquired once per page, shared by everything in it. */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface HostChannel<ToHost, ToWebview> {
  /** Typed post to the host; the only way a webview talks to the extension. */
  post(message: ToHost): void;
  /** Host messages only: anything else posted to this window (without a string `type`) is ignored. */
  onHostMessage(listener: (message: ToWebview) => void): () => void;
  getState(): unknown;
  setState(state: unknown): void;
}

let api: VsCodeApi | undefined;

/** One typed channel per webview, over the page's single `acquireVsCodeApi()`. */
export function hostChannel<ToHost, ToWebview>(): HostChannel<ToHost, ToWebview> {
  api ??= acquireVsCodeApi();
  const vscode = api;
  return {
    post: (message) => vscode.postMessage(message),
    onHostMessage: (listener) => {
      const handler = (event: MessageEvent<unknown>): void => {
        const data = event.data;
        if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') listener(data as ToWebview);
      };
      window.addEventListener('message', handler);
      return () => window.removeEventListener('message', handler);
    },
    getState: () => vscode.getState(),
    setState: (state) => vscode.setState(state),
  };
}
