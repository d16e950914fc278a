/**
 * The reads of stored API keys, one per slot, each started once and shared: a model's first request
 * awaits only its own slot's read, never the others' (issue 16). VS Code serializes one extension's
 * SecretStorage calls in the window, and the first of them waits for the window's secret storage to
 * load (about 1.2 s in code-server after a start), so every read is issued at once, as early as
 * possible, and none is asked twice.
 */
export class KeyReads {
  private readonly reads = new Map<string, Promise<string | undefined>>();
  private readonly done = new Map<string, string | undefined>();

  constructor(
    private readonly readStored: (slotId: string) => PromiseLike<string | undefined>,
    private readonly onRead: (slotId: string, value: string | undefined, ms: number) => void = () => undefined,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Starts the reads of slots not read or being read; returns at once. */
  start(slotIds: readonly string[]): void {
    for (const id of slotIds) void this.get(id).catch(() => undefined);
  }

  /** The stored key of a slot: the read under way or done, else a new one. Rejects when SecretStorage fails. */
  get(slotId: string): Promise<string | undefined> {
    return this.reads.get(slotId) ?? this.refresh(slotId);
  }

  /** Reads a slot again (its stored key changed); a later `get` sees the new read. */
  refresh(slotId: string): Promise<string | undefined> {
    const started = this.now();
    const read = Promise.resolve(this.readStored(slotId)).then((value) => {
      // A newer read replaced this one while it was under way: the newer answer wins.
      if (this.reads.get(slotId) === read) this.done.set(slotId, value || undefined);
      this.onRead(slotId, value || undefined, this.now() - started);
      return value || undefined;
    });
    this.reads.set(slotId, read);
    // A failed read is not remembered: the next `get` asks again.
    read.catch(() => {
      if (this.reads.get(slotId) === read) this.reads.delete(slotId);
    });
    return read;
  }

  /** Whether a slot's read has finished (its answer is then synchronous through {@link stored}). */
  isRead(slotId: string): boolean {
    return this.done.has(slotId);
  }

  /** The stored key of a finished read (undefined when none is stored or the read has not finished). */
  stored(slotId: string): string | undefined {
    return this.done.get(slotId);
  }

  /** Records a key just written or deleted, without reading it back. */
  set(slotId: string, value: string | undefined): void {
    this.reads.set(slotId, Promise.resolve(value));
    this.done.set(slotId, value);
  }

  /** Slots being read or read. */
  get known(): readonly string[] {
    return [...this.reads.keys()];
  }
}

/**
 * The log's one line for the reads started with the window: which slots hold a key, which none, and
 * how long until all were read. One line per slot repeated the same time twice ("in 292 ms (none
 * stored; 292 ms after the reads started)") four times over at every start.
 */
export function startupReadsLine(reads: readonly { readonly slotId: string; readonly stored: boolean }[], ms: number): string {
  const stored = reads.filter((r) => r.stored).map((r) => r.slotId);
  const none = reads.filter((r) => !r.stored).map((r) => r.slotId);
  const what = [stored.length > 0 ? `stored for ${stored.join(', ')}` : '', none.length > 0 ? `none for ${none.join(', ')}` : ''].filter(Boolean).join('; ');
  return `API keys read from SecretStorage in ${Math.round(ms)} ms: ${what || 'no slots to read'}.`;
}

