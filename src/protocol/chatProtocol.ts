/**
 * The one typed protocol between the extension host and the chat webview.
 *
 * - Webview → host messages are zod schemas: the host parses every message with
 *   {@link webviewToHostSchema} (the webview is untrusted input) and logs and ignores what fails.
 * - Host → webview messages are plain TS types: the host is trusted and the webview bundle stays
 *   free of zod (the webview imports this file with `import type` only).
 *
 * Requests carry ids the webview makes up (`requestId`, `queryId`) so replies and stream events can
 * be matched without any shared counter. Nothing here ever carries an API key.
 *
 * A leaf: it imports nothing of ours. Its vocabulary (capabilities, error kinds, welcome actions) is
 * the wire's own; src/presentation checks at compile time that it agrees with the core's.
 */

/** Bumped on any incompatible change; the webview sends it in `ready`, the host compares. */
export const CHAT_PROTOCOL_VERSION = 2;
export type ChatProtocolVersion = typeof CHAT_PROTOCOL_VERSION;

export * from './wireVocabulary';
export * from './webviewToHost';
export * from './hostToWebview';
export * from './taskCard';
