import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ParsedChatStore } from '../../core/chat/conversationSchema';
import { parseChatStore } from '../../core/chat/conversationSchema';
import type { ConversationStore } from '../../core/chat/conversationStore';
import type { Logger } from '../../core/log/logger';

const SAVE_DEBOUNCE_MS = 250;

/**
 * Keeps a workspace's conversations in one JSON file under the extension's workspace storage.
 * Writes are debounced and atomic (temp file, then rename); reads are validated, and a file that
 * cannot be read at all is moved aside rather than overwritten.
 */
export class ChatPersistence {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;
  private store: ConversationStore | undefined;
  private subscription: { dispose(): void } | undefined;

  constructor(
    readonly file: string,
    private readonly log: Logger,
  ) {}

  /** Reads the file (missing → empty). Problems are logged and returned. */
  load(): ParsedChatStore {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { conversations: [], problems: [] };
      const problem = `could not read ${this.file}: ${(error as Error).message}`;
      this.log.warn(`Chat: ${problem}`);
      return { conversations: [], problems: [problem] };
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      const aside = `${this.file}.corrupt-${Date.now()}`;
      try {
        renameSync(this.file, aside);
      } catch {
        // Moving aside is best effort; the next save overwrites it either way.
      }
      const problem = `${this.file} is not valid JSON (${(error as Error).message}); moved to ${aside}`;
      this.log.warn(`Chat: ${problem}`);
      return { conversations: [], problems: [problem] };
    }
    const parsed = parseChatStore(raw);
    for (const p of parsed.problems) this.log.warn(`Chat history: skipped ${p}`);
    return parsed;
  }

  /** Saves the store after each change (debounced). */
  attach(store: ConversationStore): void {
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
      const data = JSON.stringify(this.store.serialize());
      const temp = `${this.file}.${process.pid}.tmp`;
      try {
        await mkdir(dirname(this.file), { recursive: true });
        await writeFile(temp, data, 'utf8');
        await rename(temp, this.file);
      } catch (error) {
        this.dirty = true;
        this.log.error(`Chat: could not save conversations to ${this.file}: ${(error as Error).message}`);
      }
    });
    return this.writing;
  }

  dispose(): void {
    this.subscription?.dispose();
    if (this.timer) clearTimeout(this.timer);
    // The host may be shutting down: write synchronously so the last answer is not lost.
    if (this.dirty && this.store) {
      try {
        mkdirSync(dirname(this.file), { recursive: true });
        const temp = `${this.file}.${process.pid}.tmp`;
        writeFileSync(temp, JSON.stringify(this.store.serialize()), 'utf8');
        renameSync(temp, this.file);
        this.dirty = false;
      } catch (error) {
        this.log.error(`Chat: could not save conversations on shutdown: ${(error as Error).message}`);
      }
    }
  }
}
