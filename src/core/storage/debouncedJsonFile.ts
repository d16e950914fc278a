import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../log/logger';

/** What a file keeps: something that serializes to JSON and says when it changed. */
export interface JsonSource {
  serialize(): unknown;
  onDidChange(listener: () => void): { dispose(): void };
}

export type JsonRead = { readonly kind: 'missing' } | { readonly kind: 'read'; readonly raw: unknown } | { readonly kind: 'unreadable'; readonly problem: string };

const SAVE_DEBOUNCE_MS = 250;

/**
 * One JSON file kept in step with a store (the chat's conversations, the task sessions): writes
 * debounced and atomic (a temp file, then a rename, so a crash never leaves half a file), a last
 * synchronous write when the host shuts down, and reads that never throw. A file that is not JSON
 * is moved aside (`<file>.corrupt-<time>`), not overwritten by the next save: what was in it can
 * still be looked at.
 */
export class DebouncedJsonFile {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;
  /** A write is under way (its data taken, not yet renamed into place). */
  private saving = false;
  private source: JsonSource | undefined;
  private subscription: { dispose(): void } | undefined;

  constructor(
    readonly file: string,
    private readonly log: Logger,
    /** How the log names what the file holds, e.g. "Chat: … conversations". */
    private readonly what: { readonly area: string; readonly contents: string },
    private readonly now: () => number = Date.now,
  ) {}

  /** Reads and parses the file as JSON; a file that is not JSON is moved aside. */
  read(): JsonRead {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
      return this.unreadable(`could not read ${this.file}: ${(error as Error).message}`);
    }
    try {
      return { kind: 'read', raw: JSON.parse(text) };
    } catch (error) {
      const aside = `${this.file}.corrupt-${this.now()}`;
      try {
        renameSync(this.file, aside);
      } catch {
        // Moving aside is best effort; the next save overwrites it either way.
      }
      return this.unreadable(`${this.file} is not valid JSON (${(error as Error).message}); moved to ${aside}`);
    }
  }

  /**
   * A copy of the file as it was read (`<file>.partial-<time>`), for a file read back with parts
   * dropped (a conversation or a task session that did not parse): the next save writes only what
   * was kept, and without the copy the rest would be gone for good. Logged with where it is; returns
   * the copy's path, or undefined when it could not be made.
   */
  keepCopy(why: string): string | undefined {
    const copy = `${this.file}.partial-${this.now()}`;
    try {
      copyFileSync(this.file, copy);
    } catch (error) {
      this.log.warn(`${this.what.area}: ${why}; could not keep a copy of ${this.file}: ${(error as Error).message}`);
      return undefined;
    }
    this.log.warn(`${this.what.area}: ${why}; the file as it was is kept at ${copy}`);
    return copy;
  }

  private unreadable(problem: string): JsonRead {
    this.log.warn(`${this.what.area}: ${problem}`);
    return { kind: 'unreadable', problem };
  }

  /** Saves the source after each change (debounced). */
  attach(source: JsonSource): void {
    this.source = source;
    this.subscription = source.onDidChange(() => this.schedule());
  }

  private schedule(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, SAVE_DEBOUNCE_MS);
  }

  /** Writes pending changes now; resolves when they are on disk. A failed write stays pending. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.writing = this.writing.then(async () => {
      if (!this.dirty || !this.source) return;
      this.dirty = false;
      this.saving = true;
      const data = JSON.stringify(this.source.serialize());
      const temp = `${this.file}.${process.pid}.tmp`;
      try {
        await mkdir(dirname(this.file), { recursive: true });
        await writeFile(temp, data, 'utf8');
        await rename(temp, this.file);
      } catch (error) {
        this.dirty = true;
        this.log.error(`${this.what.area}: could not save ${this.what.contents} to ${this.file}: ${(error as Error).message}`);
      } finally {
        this.saving = false;
      }
    });
    return this.writing;
  }

  dispose(): void {
    this.subscription?.dispose();
    if (this.timer) clearTimeout(this.timer);
    // The host may be shutting down: write synchronously so the last change is not lost, also when
    // a write is under way (the host may end before it lands: a reload right after an answer lost it).
    if (!(this.dirty || this.saving) || !this.source) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      // A temp file of its own: the write under way may still be writing or renaming the other.
      const temp = `${this.file}.${process.pid}.exit.tmp`;
      writeFileSync(temp, JSON.stringify(this.source.serialize()), 'utf8');
      renameSync(temp, this.file);
      this.dirty = false;
    } catch (error) {
      this.log.error(`${this.what.area}: could not save ${this.what.contents} on shutdown: ${(error as Error).message}`);
    }
  }
}
