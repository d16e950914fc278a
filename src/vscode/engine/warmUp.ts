import * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';
import { readFile } from 'node:fs/promises';
import { loadO200k, loadO200kInBackground, loadO200kStaged } from '../../core/tokens/o200k';
import { WARM_UP_DELAY_MS } from '../../core/tokens/warmUpDelay';

/** While an answer is under way, look again this much later. */
const BUSY_RETRY_MS = 1000;

export interface WarmUpOptions {
  /** Whether an answer is under way: its request must not wait behind the warm-up. */
  readonly busy: () => boolean;
  /** The tokenizer's ranks as JSON lines (dist/o200k-ranks.jsonl, written by esbuild.js). */
  readonly ranksFile: string;
  readonly delayMs?: number;
}

/**
 * What the first request would otherwise load while the person waits (measured by
 * bench/firstAnswer.bench.ts): the tokenizer's tables and Node's fetch (undici, loaded on first use
 * of `Headers`). Estimates do without the tokenizer until then (tokenEstimate.ts); the load runs once
 * the host is idle after activation, never in front of an answer under way, and in pieces
 * (loadO200kStaged), so that a command pressed meanwhile waits for one piece (60 ms quiet), not
 * for the whole load (230 ms quiet, up to 900 ms while the workbench starts).
 */
export function scheduleWarmUp(log: Logger, options: WarmUpOptions): vscode.Disposable {
  loadO200kInBackground();
  let timer: NodeJS.Timeout | undefined;
  const attempt = (): void => {
    if (options.busy()) {
      timer = setTimeout(attempt, BUSY_RETRY_MS);
      timer.unref?.();
      return;
    }
    timer = undefined;
    const started = performance.now();
    // Touching the fetch classes loads undici now rather than inside the first request.
    void new Headers({ accept: 'text/event-stream' });
    loadO200kStaged(() => readFile(options.ranksFile, 'utf8'))
      .then((load) => {
        if (load.loaded) {
          log.info(`Warmed up for the first request in ${(performance.now() - started).toFixed(0)} ms (tokenizer loaded in pieces, the longest ${load.longestHoldMs.toFixed(0)} ms).`);
        }
      })
      .catch((error: unknown) => {
        // Nothing is lost: the tokenizer loads in one piece instead, now if no answer is under way
        // (one would wait behind it), else on the first exact count.
        const now = !options.busy();
        log.warn(`Warm-up after activation could not load the tokenizer in pieces (${error instanceof Error ? error.message : String(error)}); ${now ? 'loading it in one' : 'it loads in one on first use'}.`);
        if (!now) return;
        try {
          const tokenizerMs = loadO200k();
          log.info(`Warmed up for the first request in ${(performance.now() - started).toFixed(0)} ms (tokenizer ${tokenizerMs.toFixed(0)} ms in one piece).`);
        } catch (again) {
          log.warn(`Warm-up after activation failed: ${again instanceof Error ? again.message : String(again)}`);
        }
      });
  };
  timer = setTimeout(attempt, options.delayMs ?? WARM_UP_DELAY_MS);
  timer.unref?.();
  return new vscode.Disposable(() => clearTimeout(timer));
}
