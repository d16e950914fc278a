import { z } from 'zod';

/**
 * The one typed protocol between the extension host and the chat webview. The host validates every
 * message from the webview with these schemas: the webview is untrusted input.
 */

export const WELCOME_ACTIONS = ['setApiKey', 'addModel', 'openSettings', 'showModels', 'showLog'] as const;
export type WelcomeAction = (typeof WELCOME_ACTIONS)[number];

export const webviewToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }).strict(),
  z.object({ type: z.literal('run'), action: z.enum(WELCOME_ACTIONS) }).strict(),
]);
export type WebviewToHost = z.infer<typeof webviewToHostSchema>;

/** What the welcome shows. Counts and names only: never a key. */
export interface SetupSummary {
  readonly models: number;
  readonly tiersFilled: number;
  readonly tiersTotal: number;
  /** Labels of providers whose key is required but missing. */
  readonly keysMissing: readonly string[];
  readonly problems: number;
  readonly restricted: boolean;
}

export type HostToWebview = { readonly type: 'setup'; readonly summary: SetupSummary };
