import type { HostToWebview, WebviewToHost } from '../../protocol/chatProtocol';
import { type PersistedViewState, restoreViewState } from './viewState';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

/** Typed post to the host; the only way this webview talks to the extension. */
export function post(message: WebviewToHost): void {
  api.postMessage(message);
}

/** Host messages only: anything else posted to this window (without a string `type`) is ignored. */
export function onHostMessage(listener: (message: HostToWebview) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') listener(data as HostToWebview);
  });
}

export function loadViewState(): PersistedViewState {
  return restoreViewState(api.getState());
}

/** Survives hiding and showing the view (not a window reload: conversations live on the host). */
export function saveViewState(state: PersistedViewState): void {
  api.setState(state);
}
