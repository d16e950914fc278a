/**
 * An id the host makes up for a conversation, message, request or task: `prefix_` and 20 hex
 * digits of a random UUID (short, printable, safe in DOM ids and log lines). The webview makes its
 * own (src/webview/chat/ids.ts), where `crypto.randomUUID` may be missing.
 */
export function newId(prefix: string): string {
  return `${prefix}_${globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`;
}
