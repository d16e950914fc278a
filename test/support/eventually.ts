// Polling for the integration and end-to-end tiers, which watch a real host settle. Plain Node, no
// `vscode`: the extension host bundles it with its suites, the e2e runner loads it with tsx.

export interface EventuallyOptions<T> {
  /** How long to keep reading before giving up. */
  readonly ms?: number;
  /** The pause between two reads. */
  readonly intervalMs?: number;
  /** How the last value read appears in the error; JSON by default. */
  readonly show?: (value: T) => string;
}

/**
 * Reads until `check` accepts what was read, and returns that value; throws naming `what` and the
 * last value once `ms` have passed.
 */
export async function eventually<T, U extends T>(read: () => T | Promise<T>, check: (value: T) => value is U, what: string, options?: EventuallyOptions<T>): Promise<U>;
export async function eventually<T>(read: () => T | Promise<T>, check: (value: T) => boolean, what: string, options?: EventuallyOptions<T>): Promise<T>;
export async function eventually<T>(read: () => T | Promise<T>, check: (value: T) => boolean, what: string, options: EventuallyOptions<T> = {}): Promise<T> {
  const { ms = 8000, intervalMs = 100, show = (value: T) => JSON.stringify(value) } = options;
  const deadline = Date.now() + ms;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > deadline) throw new Error(`${what} within ${ms} ms; last value: ${show(value)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
    value = await read();
  }
  return value;
}
