import type * as O200k from 'gpt-tokenizer/encoding/o200k_base';

let encoding: typeof O200k | undefined;
let loadOnFirstUse = true;

/**
 * The o200k tokenizer (the encoding of current OpenAI models), loaded on first use: reading and
 * building its tables blocks the thread for 0.3–0.8 s, which activating the extension should not
 * pay for (and in the extension host, nor should the first request: see {@link loadO200kInBackground}).
 */
export function o200k(): typeof O200k {
  // A require inside the function (not an import) is what keeps the bundle from evaluating it at load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  encoding ??= require('gpt-tokenizer/encoding/o200k_base') as typeof O200k;
  return encoding;
}

/**
 * The tokenizer when it is there to use without waiting: always, unless the host chose
 * {@link loadO200kInBackground} and the load has not happened yet. Callers that can do with an
 * estimate (token estimates for budgets and context fit) ask this; callers that need exact counts
 * (the repo map's budget) call {@link o200k}.
 */
export function o200kIfReady(): typeof O200k | undefined {
  return encoding ?? (loadOnFirstUse ? o200k() : undefined);
}

/**
 * The extension host's choice: estimates do not load the tokenizer (a request right after
 * activation would wait for it); the host loads it with {@link loadO200k} when it is idle.
 */
export function loadO200kInBackground(): void {
  loadOnFirstUse = false;
}

/** Loads the tokenizer now and runs it once (its pattern is compiled on the first count); returns the ms it took. */
export function loadO200k(): number {
  const started = performance.now();
  o200k().countTokens('warm up: const x = 1;');
  return performance.now() - started;
}

/** Whether the tokenizer is loaded (for the host's log and tests). */
export function o200kLoaded(): boolean {
  return encoding !== undefined;
}
