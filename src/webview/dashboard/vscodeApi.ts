import type { DashboardRange, DashboardToHost, DashboardToWebview } from '../../protocol/dashboardProtocol';
import { hostChannel } from '../shared/hostChannel';

const channel = hostChannel<DashboardToHost, DashboardToWebview>();

/** Typed post to the host; the only way this webview talks to the extension. */
export function post(message: DashboardToHost): void {
  channel.post(message);
}

/** Host messages only: anything else posted to this window is ignored. */
export function onHostMessage(listener: (message: DashboardToWebview) => void): () => void {
  return channel.onHostMessage(listener);
}

/** The range last picked survives hiding the panel and reloading it. */
export function loadRange(): DashboardRange {
  const state = channel.getState();
  const range = typeof state === 'object' && state !== null ? (state as { range?: unknown }).range : undefined;
  return range === '24h' || range === '7d' || range === '30d' ? range : '7d';
}

export function saveRange(range: DashboardRange): void {
  channel.setState({ range });
}

/** Minutes east of UTC, as the protocol wants it (Date's own offset has the opposite sign). */
export function utcOffsetMinutes(): number {
  return -new Date().getTimezoneOffset() || 0;
}
