type Listener = (text: string) => void;
type Channel = 'text' | 'reasoning';

/**
 * The text of answers still streaming, and their reasoning, kept outside the message list's state
 * so a token updates one answer element instead of re-rendering the whole list.
 */
export class LiveAnswers {
  private readonly texts = new Map<string, string>();
  private readonly reasonings = new Map<string, string>();
  private readonly listeners: Record<Channel, Map<string, Set<Listener>>> = { text: new Map(), reasoning: new Map() };

  start(requestId: string, initial = '', initialReasoning = ''): void {
    this.texts.set(requestId, initial);
    this.reasonings.set(requestId, initialReasoning);
    this.notify(requestId, 'text');
    if (initialReasoning) this.notify(requestId, 'reasoning');
  }

  /** Appends a delta; returns false (and drops it) for a request that is not streaming. */
  append(requestId: string, delta: string): boolean {
    return this.add(requestId, 'text', delta);
  }

  /** Appends reasoning; returns false (and drops it) for a request that is not streaming. */
  appendReasoning(requestId: string, delta: string): boolean {
    return this.add(requestId, 'reasoning', delta);
  }

  /** Stops streaming; later deltas for this request are dropped. */
  end(requestId: string): void {
    this.texts.delete(requestId);
    this.reasonings.delete(requestId);
    this.listeners.text.delete(requestId);
    this.listeners.reasoning.delete(requestId);
  }

  isLive(requestId: string): boolean {
    return this.texts.has(requestId);
  }

  text(requestId: string): string | undefined {
    return this.texts.get(requestId);
  }

  reasoning(requestId: string): string | undefined {
    return this.reasonings.get(requestId);
  }

  /** Calls `listener` with the whole text after every delta; returns the unsubscribe function. */
  subscribe(requestId: string, listener: Listener): () => void {
    return this.listen('text', requestId, listener);
  }

  /** Calls `listener` with the whole reasoning after every reasoning delta; returns the unsubscribe function. */
  subscribeReasoning(requestId: string, listener: Listener): () => void {
    return this.listen('reasoning', requestId, listener);
  }

  clear(): void {
    this.texts.clear();
    this.reasonings.clear();
    this.listeners.text.clear();
    this.listeners.reasoning.clear();
  }

  private store(channel: Channel): Map<string, string> {
    return channel === 'text' ? this.texts : this.reasonings;
  }

  private add(requestId: string, channel: Channel, delta: string): boolean {
    const current = this.store(channel).get(requestId);
    if (current === undefined) return false;
    this.store(channel).set(requestId, current + delta);
    this.notify(requestId, channel);
    return true;
  }

  private listen(channel: Channel, requestId: string, listener: Listener): () => void {
    let set = this.listeners[channel].get(requestId);
    if (!set) {
      set = new Set();
      this.listeners[channel].set(requestId, set);
    }
    set.add(listener);
    return () => {
      this.listeners[channel].get(requestId)?.delete(listener);
    };
  }

  private notify(requestId: string, channel: Channel): void {
    const value = this.store(channel).get(requestId);
    const set = this.listeners[channel].get(requestId);
    if (value === undefined || !set) return;
    for (const listener of [...set]) listener(value);
  }
}
