import type { WelcomeAction } from '../../protocol/chatProtocol';

/** The command each of the welcome's actions runs. */
export const WELCOME_COMMANDS: Readonly<Record<WelcomeAction, string>> = {
  setApiKey: 'switchboard.setApiKey',
  addModel: 'switchboard.addModel',
  openSettings: 'switchboard.openSettings',
  showModels: 'switchboard.models.focus',
  showLog: 'switchboard.showLog',
  openLocalOnlySetting: 'switchboard.openSettings',
};

/** Actions whose command opens a quick pick or an input box and returns something falsy when the person cancels it. */
export const OPENS_A_PICK: ReadonlySet<WelcomeAction> = new Set(['setApiKey', 'addModel']);

/** Arguments a welcome action's command takes: the setting to open. */
const WELCOME_ARGS: Readonly<Partial<Record<WelcomeAction, readonly unknown[]>>> = {
  openLocalOnlySetting: ['switchboard.privacy.localOnly'],
};

/** The command a `run` message executes and its arguments: Set API Key with a slot opens that key's entry, not the list. */
export function commandForRun(message: { readonly action: WelcomeAction; readonly slot?: string }): [command: string, ...args: unknown[]] {
  if (message.action === 'setApiKey' && message.slot) return [WELCOME_COMMANDS.setApiKey, { slot: message.slot }];
  return [WELCOME_COMMANDS[message.action], ...(WELCOME_ARGS[message.action] ?? [])];
}
