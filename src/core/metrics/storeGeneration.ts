import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const META_FILE = 'meta.json';

/** `resetAt`: when the last reset happened (wall clock), so other windows keep what they wrote after it. */
const metaSchema = z.object({ version: z.literal(1), generation: z.number().int().nonnegative(), resetAt: z.number().optional() });

/** Wall-clock ms with a fraction: what a reset and the lines written around it are ordered by, across windows. */
export function wallClock(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * The store's generation, in `meta.json`: every reset (in any window) bumps it. A window whose
 * figures belong to an older generation starts over rather than keep, save or seal them.
 */
export class StoreGeneration {
  /** The generation this window's figures belong to. */
  private known = 0;

  constructor(
    private readonly dir: string,
    private readonly write: (path: string, data: string) => void,
  ) {}

  get current(): number {
    return this.known;
  }

  /** On open: takes the generation on disk, writing the file when there is none yet. */
  open(): void {
    this.known = this.onDisk();
    if (!existsSync(join(this.dir, META_FILE))) this.write(join(this.dir, META_FILE), JSON.stringify({ version: 1, generation: this.known }));
  }

  /** Whether another window reset the store since this window's figures were read. */
  isStale(): boolean {
    return this.onDisk() !== this.known;
  }

  /** After starting over: this window's figures are now of the generation on disk. */
  catchUp(): void {
    this.known = this.onDisk();
  }

  /** When the last reset happened (wall clock); +∞ when none is recorded. */
  resetAt(): number {
    return this.readMeta().resetAt ?? Number.POSITIVE_INFINITY;
  }

  /**
   * A reset: bumps the generation first (another window that sees it starts over instead of keeping
   * old figures), then empties `folders`. Returns the new generation, to {@link enter} once this
   * window's memory is cleared.
   */
  reset(folders: readonly string[]): number {
    const generation = this.onDisk() + 1;
    this.write(join(this.dir, META_FILE), JSON.stringify({ version: 1, generation, resetAt: wallClock() }));
    for (const dir of folders) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
    }
    return generation;
  }

  enter(generation: number): void {
    this.known = generation;
  }

  private onDisk(): number {
    return this.readMeta().generation;
  }

  private readMeta(): z.infer<typeof metaSchema> {
    try {
      const parsed = metaSchema.safeParse(JSON.parse(readFileSync(join(this.dir, META_FILE), 'utf8')));
      return parsed.success ? parsed.data : { version: 1, generation: 0 };
    } catch {
      return { version: 1, generation: 0 };
    }
  }
}
