import type { IndexState } from '../../analysis/indexState';
import { untilAborted } from '../../router/abort';
import { formatCount } from '../../../shared/figures';

/**
 * The workspace index as research waits for it. Without a wait, a task asked in the first seconds
 * after the window opened ran its research before the index was built and found nothing ("0
 * sources"), although the index was ready a second later.
 */
export interface IndexReadiness {
  /** The index's state now. */
  state(): IndexState;
  /**
   * Starts building the index when none is built or building and the person lets it build by itself
   * (`switchboard.analysis.autoIndex`); false when it may not, so there is nothing to wait for.
   */
  start(): boolean;
  /** Settles at the next state that is not `indexing` (ready, failed or stopped). */
  settled(): Promise<void>;
}

/** What research says about its context: a wait (info) or going on without the index (a warning). */
export interface ResearchNote {
  readonly text: string;
  readonly level: 'info' | 'warn';
}

const info = (text: string): ResearchNote => ({ text, level: 'info' });
const warn = (text: string): ResearchNote => ({ text, level: 'warn' });

/** How long research waits for an index that is being built before it goes on without it. */
export const INDEX_WAIT_MS = 15_000;

export interface IndexWaitOptions {
  readonly limitMs?: number;
  readonly signal?: AbortSignal;
  /** Resolves after `ms`, or rejects once `signal` aborts (the host passes abortableSleep; tests, a clock of their own). */
  readonly delay: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Monotonic milliseconds, for how long the wait took. */
  readonly now: () => number;
  /** Told what the person should know, as it happens: a wait under way, how it ended. */
  readonly onNote: (note: ResearchNote) => void;
}

/** Waits shorter than this are not worth a line on the card. */
const NOTEWORTHY_WAIT_MS = 1000;

/**
 * Waits, up to {@link INDEX_WAIT_MS}, for the index research reads; starts building it when it may.
 * Tells `onNote` what the person should know: a wait that lasts ("waiting for the workspace index,
 * 340 of 1,200 files so far"), how long it took, or why research went on without the index. Says
 * nothing when the index was there at once or came within a second.
 */
export async function waitForIndex(index: IndexReadiness, options: IndexWaitOptions): Promise<void> {
  const limitMs = options.limitMs ?? INDEX_WAIT_MS;
  const limit = `${Math.round(limitMs / 1000)} s`;
  if (index.state().kind === 'ready') return;
  if (index.state().kind !== 'indexing' && !index.start()) {
    const state = index.state();
    options.onNote(
      state.kind === 'failed'
        ? withoutIndex(state)
        : warn('Research ran without the workspace index: it is not built and switchboard.analysis.autoIndex is off (run "Switchboard: Analyze Workspace" to build it).'),
    );
    return;
  }
  const started = options.now();
  let timedOut = false;
  let over = false;
  const timers = new AbortController();
  const expired = options.delay(limitMs, timers.signal).then(
    () => void (timedOut = true),
    () => undefined,
  );
  // A wait that lasts says so while it lasts: the card shows research running, and why.
  void options.delay(NOTEWORTHY_WAIT_MS, timers.signal).then(
    () => {
      if (!over) options.onNote(info(`Research is waiting for the workspace index to be built${progressOf(index.state(), ' so far')}, up to ${limit}.`));
    },
    () => undefined,
  );
  try {
    await untilAborted(Promise.race([index.settled(), expired]), options.signal, undefined);
  } finally {
    over = true;
    timers.abort();
  }
  if (options.signal?.aborted) return;
  const waited = options.now() - started;
  const state = index.state();
  if (state.kind === 'ready') {
    if (waited >= NOTEWORTHY_WAIT_MS) options.onNote(info(`Research waited ${(waited / 1000).toFixed(1)} s for the workspace index to be built.`));
  } else if (state.kind === 'indexing' || timedOut) {
    options.onNote(warn(`Research went on without the workspace index, still being built after ${limit}${progressOf(state, '')}: its context is the files the task names.`));
  } else {
    options.onNote(withoutIndex(state));
  }
}

/** " (340 of 1,200 files)" while the build has counted its files; "" before. */
function progressOf(state: IndexState, suffix: string): string {
  return state.kind === 'indexing' && state.total > 0 ? ` (${formatCount(state.done)} of ${formatCount(state.total)} files${suffix})` : '';
}

/** Why research went on without an index that is neither ready nor being built: its build failed, or was stopped. */
function withoutIndex(state: IndexState): ResearchNote {
  return state.kind === 'failed'
    ? warn(`Research ran without the workspace index, which could not be built: ${state.message.replace(/[.\s]+$/, '')}.`)
    : warn('Research ran without the workspace index: building it was stopped.');
}
