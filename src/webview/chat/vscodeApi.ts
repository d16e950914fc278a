import type { HostToWebview, WebviewToHost } from '../../protocol/chatProtocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

/** Typed post to the host; the only way this webview talks to the extension. */
export function post(message: WebviewToHost): void {
  api.postMessage(message);
}

export function onHostMessage(listener: (message: HostToWebview) => void): void {
  window.addEventListener('message', (event: MessageEvent<HostToWebview>) => listener(event.data));
}
