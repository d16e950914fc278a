import * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';
import { loadO200k, loadO200kInBackground } from '../../core/tokens/o200k';

/** After activation, long enough for a command that activated the extension to have sent its request. */
export const WARM_UP_DELAY_MS = 1500;
/** While an answer is under way, look again this much later. */
const BUSY_RETRY_MS = 1000;

export interface WarmUpOptions {
  /** Whether an answer is under way: its request must not wait behind the warm-up. */
  readonly busy: () => boolean;
  readonly delayMs?: number;
}

/**
 * What the first request would otherwise load while the person waits (measured by
 * bench/firstAnswer.bench.ts): the tokenizer's tables (0.3–0.8 s) and Node's fetch (undici, loaded
 * on first use of `Headers`). Estimates do without the tokenizer until then (tokenEstimate.ts); the
 * load runs once the host is idle after activation, never in front of an answer under way.
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
    try {
      // Touching the fetch classes loads undici now rather than inside the first request.
      void new Headers({ accept: 'text/event-stream' });
      const tokenizerMs = loadO200k();
      log.info(`Warmed up for the first request in ${(performance.now() - started).toFixed(0)} ms (tokenizer ${tokenizerMs.toFixed(0)} ms).`);
    } catch (error) {
      // Nothing is lost: the tokenizer loads on the first exact count instead.
      log.warn(`Warm-up after activation failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  timer = setTimeout(attempt, options.delayMs ?? WARM_UP_DELAY_MS);
  timer.unref?.();
  return new vscode.Disposable(() => clearTimeout(timer));
}
