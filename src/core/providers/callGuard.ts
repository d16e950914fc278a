/** Why a call was aborted by us (as opposed to failing on its own). */
export type AbortCause = 'cancelled' | 'timeout-first-token' | 'timeout-total';

export interface CallGuardOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs: number;
  readonly firstTokenTimeoutMs: number;
}

/**
 * One call's lifetime: a single AbortController that the caller's signal, the first-token timer and
 * the total timer all end. The SDK request is tied to `signal`, so any of them closes the HTTP
 * connection at once; `cause` then tells the error normalizer which of them it was, because SDKs
 * report every abort the same way (or not at all).
 */
export class CallGuard {
  private readonly controller = new AbortController();
  private firstTokenTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly totalTimer: ReturnType<typeof setTimeout>;
  private readonly external: AbortSignal | undefined;
  private readonly onExternalAbort = (): void => this.abort('cancelled');
  private abortCause: AbortCause | undefined;
  private sawFirstToken = false;
  private finished = false;

  constructor(options: CallGuardOptions) {
    this.external = options.signal;
    this.totalTimer = setTimeout(() => this.abort('timeout-total'), options.timeoutMs);
    if (options.firstTokenTimeoutMs < options.timeoutMs) {
      this.firstTokenTimer = setTimeout(() => this.abort('timeout-first-token'), options.firstTokenTimeoutMs);
    }
    if (this.external?.aborted) {
      this.abort('cancelled');
    } else {
      this.external?.addEventListener('abort', this.onExternalAbort, { once: true });
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get cause(): AbortCause | undefined {
    return this.abortCause;
  }

  get firstTokenSeen(): boolean {
    return this.sawFirstToken;
  }

  markFirstToken(): void {
    if (this.sawFirstToken) {
      return;
    }
    this.sawFirstToken = true;
    clearTimeout(this.firstTokenTimer);
    this.firstTokenTimer = undefined;
  }

  /** The response was read to its end: the connection can go back to the keep-alive pool. */
  markFinished(): void {
    this.finished = true;
  }

  abort(cause: AbortCause): void {
    if (this.controller.signal.aborted) {
      return;
    }
    this.abortCause = cause;
    this.controller.abort(new Error(`call ${cause}`));
  }

  /**
   * Ends the timers and, unless the response was read to its end, the request: a consumer that
   * stopped reading or a failure must not leave the connection streaming.
   */
  dispose(): void {
    clearTimeout(this.totalTimer);
    clearTimeout(this.firstTokenTimer);
    this.external?.removeEventListener('abort', this.onExternalAbort);
    if (!this.finished && !this.controller.signal.aborted) {
      this.controller.abort(new Error('call finished'));
    }
  }
}
