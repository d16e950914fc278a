import type { HostToWebview, WebviewToHost } from '../../protocol/chatProtocol';
import { hostChannel } from '../shared/hostChannel';
import { rememberOpener } from './focusReturn';
import { type PersistedViewState, restoreViewState } from './viewState';

const channel = hostChannel<WebviewToHost, HostToWebview>();

const OPENS_OUTSIDE: ReadonlySet<WebviewToHost['type']> = new Set(['run', 'code/apply', 'task/preview', 'task/open']);

/** Typed post to the host; the only way this webview talks to the extension. */
export function post(message: WebviewToHost): void {
  // These open something outside the view (a quick pick, a diff, the task's preview, a file) that
  // takes focus; focus comes back to the control that opened it (focus/return, or the view focused again).
  if (OPENS_OUTSIDE.has(message.type)) rememberOpener();
  channel.post(message);
}

/** Host messages only: anything else posted to this window is ignored. */
export function onHostMessage(listener: (message: HostToWebview) => void): void {
  channel.onHostMessage(listener);
}

export function loadViewState(): PersistedViewState {
  return restoreViewState(channel.getState());
}

/** Survives hiding and showing the view (not a window reload: conversations live on the host). */
export function saveViewState(state: PersistedViewState): void {
  channel.setState(state);
}
