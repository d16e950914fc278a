import type { DashboardRange, DashboardToHost, DashboardToWebview } from '../../protocol/dashboardProtocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

/** Typed post to the host; the only way this webview talks to the extension. */
export function post(message: DashboardToHost): void {
  api.postMessage(message);
}

/** Host messages only: anything else posted to this window (without a string `type`) is ignored. */
export function onHostMessage(listener: (message: DashboardToWebview) => void): () => void {
  const handler = (event: MessageEvent<unknown>): void => {
    const data = event.data;
    if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') listener(data as DashboardToWebview);
  };
  window.addEventListener('message', handler);
  return () => window.removeEventListener('message', handler);
}

/** The range last picked survives hiding the panel and reloading it. */
export function loadRange(): DashboardRange {
  const state = api.getState();
  const range = typeof state === 'object' && state !== null ? (state as { range?: unknown }).range : undefined;
  return range === '24h' || range === '7d' || range === '30d' ? range : '7d';
}

export function saveRange(range: DashboardRange): void {
  api.setState({ range });
}

/** Minutes east of UTC, as the protocol wants it (Date's own offset has the opposite sign). */
export function utcOffsetMinutes(): number {
  return -new Date().getTimezoneOffset() || 0;
}
