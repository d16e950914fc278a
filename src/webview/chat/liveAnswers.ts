type Listener = (text: string) => void;

/**
 * The text of answers still streaming, kept outside the message list's state so a token updates
 * one answer element instead of re-rendering the whole list.
 */
export class LiveAnswers {
  private readonly texts = new Map<string, string>();
  private readonly listeners = new Map<string, Set<Listener>>();

  start(requestId: string, initial = ''): void {
    this.texts.set(requestId, initial);
    this.notify(requestId);
  }

  /** Appends a delta; returns false (and drops it) for a request that is not streaming. */
  append(requestId: string, delta: string): boolean {
    const current = this.texts.get(requestId);
    if (current === undefined) return false;
    this.texts.set(requestId, current + delta);
    this.notify(requestId);
    return true;
  }

  /** Stops streaming; later deltas for this request are dropped. */
  end(requestId: string): void {
    this.texts.delete(requestId);
    this.listeners.delete(requestId);
  }

  isLive(requestId: string): boolean {
    return this.texts.has(requestId);
  }

  text(requestId: string): string | undefined {
    return this.texts.get(requestId);
  }

  /** Calls `listener` with the whole text after every delta; returns the unsubscribe function. */
  subscribe(requestId: string, listener: Listener): () => void {
    let set = this.listeners.get(requestId);
    if (!set) {
      set = new Set();
      this.listeners.set(requestId, set);
    }
    set.add(listener);
    return () => {
      this.listeners.get(requestId)?.delete(listener);
    };
  }

  clear(): void {
    this.texts.clear();
    this.listeners.clear();
  }

  private notify(requestId: string): void {
    const text = this.texts.get(requestId);
    const set = this.listeners.get(requestId);
    if (text === undefined || !set) return;
    for (const listener of [...set]) listener(text);
  }
}
