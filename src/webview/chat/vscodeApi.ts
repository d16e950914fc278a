import type { HostToWebview, WebviewToHost } from '../../protocol/chatProtocol';
import { hostChannel } from '../shared/hostChannel';
import { rememberOpener } from './focusReturn';
import { type PersistedViewState, restoreViewState } from './viewState';

const channel = hostChannel<WebviewToHost, HostToWebview>();

/** Typed post to the host; the only way this webview talks to the extension. */
export function post(message: WebviewToHost): void {
  // A run may open a quick pick; if it is cancelled the host asks for focus back (focus/return).
  if (message.type === 'run') rememberOpener();
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
