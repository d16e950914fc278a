/**
 * The host's half of a webview's "ready, then flush" handshake, for every webview. A page loses
 * whatever is posted before its script listens, and a hidden page without retained context is torn
 * down and loads again; so the host treats the page as listening only from its `ready` (in a
 * protocol version it speaks) until it goes away. On `ready` the host greets it with everything a
 * fresh page needs, then sends what it held back meanwhile.
 */
export class ReadyGate<T> {
  private ready = false;
  private held: T | undefined;

  /** `send` posts one message to the page (used for what was held). */
  constructor(private readonly send: (message: T) => void) {}

  /** Whether the page listens now. */
  get isReady(): boolean {
    return this.ready;
  }

  /** The page said `ready`: `greet` sends what a fresh page needs, then the held message follows. */
  open(greet: () => void): void {
    this.ready = true;
    greet();
    const held = this.held;
    this.held = undefined;
    if (held !== undefined) this.send(held);
  }

  /** The page went away (hidden, disposed, replaced): it listens again only after its next `ready`. */
  close(): void {
    this.ready = false;
  }

  /** Keeps `message` for the next `ready`; a later one replaces it (only the latest still matters). */
  hold(message: T): void {
    this.held = message;
  }
}
