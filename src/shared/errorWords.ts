/**
 * How a failed answer reads, in the words a person would use: the title of each kind of error and
 * how a fallback refers to an error already shown. Shared by the chat's answer view and the
 * Markdown export, so neither prints an internal kind such as "timeout-first-token".
 */

export const ERROR_TITLES = {
  'rate-limit': 'Rate limited',
  auth: 'The provider rejected the API key',
  'model-not-found': 'Model not found',
  'context-window': 'The request is too long for the model',
  'content-policy': 'Blocked by the provider’s content policy',
  'timeout-first-token': 'The model did not start answering in time',
  'timeout-total': 'The answer took too long',
  network: 'Network error',
  server: 'The provider had a server error',
  'bad-request': 'The provider refused the request',
  cancelled: 'Stopped',
  budget: 'Over budget',
  'no-candidate': 'No model can answer this',
  'tier-down': 'Every model for this capability is down',
  internal: 'Something went wrong',
} as const;

export type ErrorKindWord = keyof typeof ERROR_TITLES;

export function errorTitle(kind: ErrorKindWord): string {
  return ERROR_TITLES[kind];
}

/** What a fallback says instead of its reason when the error shown above already gives it in full. */
export const SEE_ERROR_ABOVE = 'see the error above';

/**
 * Whether a fallback's reason repeats what the error of the same answer already says. The router
 * words a failed attempt "<kind>: <provider's message>" and ends with "No model could answer …:
 * <model>: <provider's message>", so the provider's message, often long, would show twice.
 */
export function repeatsError(reason: string, errorTexts: readonly string[]): boolean {
  const full = reason.trim();
  if (full === '') return false;
  const colon = full.indexOf(': ');
  const message = colon >= 0 ? full.slice(colon + 2).trim() : '';
  return errorTexts.some((text) => text.includes(full) || (message !== '' && text.includes(message)));
}

/** A fallback's reason, or a pointer to the error above when that one says it already (issue 14 item 7). */
export function fallbackReason(reason: string, errorTexts: readonly string[]): string {
  return repeatsError(reason, errorTexts) ? SEE_ERROR_ABOVE : reason;
}
