import type { ChatStateSnapshot, HostToWebview, SetupSummary } from '../../../../src/protocol/chatProtocol';
import { type BrowserGlobals, installBrowserGlobals } from './browserGlobals';

/*
 * What the chat view's jsdom suites share: the element shapes they drive, a state snapshot with one
 * usable model, and the suite hooks that install the browser globals and load the chat view.
 */

export interface LitLike extends HTMLElement {
  readonly updateComplete: Promise<unknown>;
}

export interface ChatAppElement extends LitLike {
  receive(message: HostToWebview): void;
}

/** The welcome's summary of a set-up window with `models` configured. */
export function chatSetup(models = 2): SetupSummary {
  return { models, tiersFilled: 4, tiersTotal: 5, keysMissing: [], localModelsDown: [], problems: 0, restricted: false };
}

/** A `state` message: one usable model in every routed tier, and `models` configured in all. */
export function chatState(partial: Partial<ChatStateSnapshot> = {}, model = 'fast', models = 2): HostToWebview {
  const setup = chatSetup(models);
  const available = { all: [{ id: model, label: model, provider: 'openai', local: false, usable: true }], byCapability: { understand: [model], generate: [model], review: [model], plan: [model] } };
  return { type: 'state', state: { conversations: [], messages: [], models: available, setup, usable: true, indexReady: true, ...partial } };
}

/** Installs the browser globals and loads the chat view for the calling suite; `use` receives the globals. */
export function useChatView(use: (env: BrowserGlobals) => void): void {
  let env: BrowserGlobals | undefined;
  before(() => {
    env = installBrowserGlobals();
    use(env);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../../../src/webview/chat/chatApp');
  });
  after(() => env?.uninstall());
}
