import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../../core/log/logger';
import { type StoredTaskSession, parseTaskSessions } from '../../core/tasks/storedTaskSession';
import type { TaskSessionStore } from '../../core/tasks/taskSessionStore';

const SAVE_DEBOUNCE_MS = 250;

/**
 * Keeps the task sessions (what the cards' Preview, Accept and Resume need) in one JSON file beside
 * the chat's conversations: debounced atomic writes, validated reads, a last synchronous write when
 * the host shuts down.
 */
export class TaskSessionFile {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;
  private store: TaskSessionStore | undefined;
  private subscription: { dispose(): void } | undefined;

  constructor(
    readonly file: string,
    private readonly log: Logger,
  ) {}

  /** Reads the file (missing → none). A session that does not parse is logged and dropped. */
  load(): StoredTaskSession[] {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn(`Tasks: could not read ${this.file}: ${(error as Error).message}; the cards before this start cannot be previewed or resumed.`);
      return [];
    }
    const parsed = parseTaskSessions(raw);
    for (const p of parsed.problems) this.log.warn(`Tasks: skipped ${p}`);
    return parsed.sessions;
  }

  attach(store: TaskSessionStore): void {
    this.store = store;
    this.subscription = store.onDidChange(() => this.schedule());
  }

  private schedule(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, SAVE_DEBOUNCE_MS);
  }

  /** Writes pending changes now; resolves when they are on disk. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.writing = this.writing.then(async () => {
      if (!this.dirty || !this.store) return;
      this.dirty = false;
      const temp = `${this.file}.${process.pid}.tmp`;
      try {
        await mkdir(dirname(this.file), { recursive: true });
        await writeFile(temp, JSON.stringify(this.store.serialize()), 'utf8');
        await rename(temp, this.file);
      } catch (error) {
        this.dirty = true;
        this.log.error(`Tasks: could not save the task sessions to ${this.file}: ${(error as Error).message}`);
      }
    });
    return this.writing;
  }

  dispose(): void {
    this.subscription?.dispose();
    if (this.timer) clearTimeout(this.timer);
    if (!this.dirty || !this.store) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(this.store.serialize()), 'utf8');
      renameSync(temp, this.file);
      this.dirty = false;
    } catch (error) {
      this.log.error(`Tasks: could not save the task sessions on shutdown: ${(error as Error).message}`);
    }
  }
}
