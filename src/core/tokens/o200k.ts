import type { RawBytePairRanks } from 'gpt-tokenizer/BytePairEncodingCore';
import type * as GptEncodingModule from 'gpt-tokenizer/GptEncoding';
import type * as O200k from 'gpt-tokenizer/encoding/o200k_base';

/** What the project asks of the tokenizer: counts (the module and a GptEncoding both have it). */
export type O200kCounter = Pick<typeof O200k, 'countTokens'>;

let encoding: O200kCounter | undefined;
let loadOnFirstUse = true;

/**
 * The o200k tokenizer (the encoding of current OpenAI models), loaded on first use: reading and
 * building its tables blocks the thread for 0.2–0.9 s, which activating the extension should not
 * pay for (and in the extension host, nor should the first request: see {@link loadO200kStaged}).
 */
export function o200k(): O200kCounter {
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
export function o200kIfReady(): O200kCounter | undefined {
  return encoding ?? (loadOnFirstUse ? o200k() : undefined);
}

/**
 * The extension host's choice: estimates do not load the tokenizer (a request right after
 * activation would wait for it); the host loads it with {@link loadO200kStaged} when it is idle.
 */
export function loadO200kInBackground(): void {
  loadOnFirstUse = false;
}

/** Loads the tokenizer now, in one piece, and runs it once (its pattern is compiled on the first count); returns the ms it took. */
export function loadO200k(): number {
  const started = performance.now();
  o200k().countTokens(WARM_UP_TEXT);
  return performance.now() - started;
}

const WARM_UP_TEXT = 'warm up: const x = 1;';

export interface StagedLoad {
  /** From the start to a tokenizer ready to count, waits included. */
  readonly totalMs: number;
  /** The longest the thread was held in one piece: what a request arriving meanwhile could wait. */
  readonly longestHoldMs: number;
  /** False when the tokenizer was already loaded (by an exact count) before this load finished. */
  readonly loaded: boolean;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface StagedLoadOptions {
  /** Lets the event loop run between pieces; default a turn of it (setImmediate). */
  readonly pause?: () => Promise<void>;
  /** Milliseconds for the figures; default performance.now. */
  readonly clock?: () => number;
}

/**
 * Loads the tokenizer without holding the thread for long. Required as a module, its 2.4 MB of ranks
 * are parsed and its tables built in one piece: 230 ms on a quiet 2-core machine, up to 900 ms under
 * load, and a request the person made meanwhile waited behind it (the first answer's "First token"
 * read 0.5 s in the real workbench where the HTTP call took 20 ms). Here the ranks are read off the
 * thread (`readLines`: JSON arrays of ranks, one per line, as esbuild.js writes dist/o200k-ranks.jsonl),
 * each line is parsed in its own turn
 * of the event loop, and the tables are built in a last turn (about 60 ms, the library's constructor).
 */
export async function loadO200kStaged(readLines: () => Promise<string>, options: StagedLoadOptions = {}): Promise<StagedLoad> {
  const pause = options.pause ?? nextTurn;
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  let longestHoldMs = 0;
  const hold = <T>(work: () => T): T => {
    const at = clock();
    const result = work();
    longestHoldMs = Math.max(longestHoldMs, clock() - at);
    return result;
  };
  const done = (loaded: boolean): StagedLoad => ({ totalMs: clock() - started, longestHoldMs, loaded });
  if (encoding) return done(false);
  const text = await readLines();
  const ranks: (string | readonly number[])[] = [];
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    await pause();
    // An exact count meanwhile loaded the tokenizer in one piece: nothing left to do.
    if (encoding) return done(false);
    hold(() => {
      const chunk = JSON.parse(line) as RawBytePairRanks;
      for (const rank of chunk) ranks.push(rank);
    });
  }
  await pause();
  if (encoding) return done(false);
  hold(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { GptEncoding } = require('gpt-tokenizer/GptEncoding') as typeof GptEncodingModule;
    const built = GptEncoding.getEncodingApi('o200k_base', () => ranks);
    built.countTokens(WARM_UP_TEXT);
    encoding = built;
  });
  return done(true);
}

/** Whether the tokenizer is loaded (for the host's log and tests). */
export function o200kLoaded(): boolean {
  return encoding !== undefined;
}

/** Forgets the loaded tokenizer and the host's choice (tests only: each starts from a process's first state). */
export function resetO200kForTests(): void {
  encoding = undefined;
  loadOnFirstUse = true;
}
