import type { ParsedChatStore } from '../../core/chat/conversationSchema';
import { parseChatStore } from '../../core/chat/conversationSchema';
import type { ConversationStore } from '../../core/chat/conversationStore';
import type { Logger } from '../../core/log/logger';
import { DebouncedJsonFile } from '../../core/storage/debouncedJsonFile';

/**
 * Keeps a workspace's conversations in one JSON file under the extension's workspace storage
 * (debounced atomic writes; see DebouncedJsonFile). Reads are validated: a bad conversation is
 * dropped with a problem naming it (and the file as it was is kept beside it: the next save writes
 * only what was read), and a file that is not JSON is moved aside, not overwritten.
 */
export class ChatPersistence {
  private readonly json: DebouncedJsonFile;

  constructor(
    readonly file: string,
    private readonly log: Logger,
  ) {
    this.json = new DebouncedJsonFile(file, log, { area: 'Chat', contents: 'conversations' });
  }

  /** Reads the file (missing → empty). Problems are logged and returned. */
  load(): ParsedChatStore {
    const read = this.json.read();
    if (read.kind === 'missing') return { conversations: [], problems: [] };
    if (read.kind === 'unreadable') return { conversations: [], problems: [read.problem] };
    const parsed = parseChatStore(read.raw);
    for (const p of parsed.problems) this.log.warn(`Chat history: skipped ${p}`);
    if (parsed.problems.length > 0) this.json.keepCopy(`${parsed.problems.length} part(s) of the chat history could not be read`);
    return parsed;
  }

  /** Saves the store after each change (debounced). */
  attach(store: ConversationStore): void {
    this.json.attach(store);
  }

  /** Writes pending changes now; resolves when they are on disk. */
  flush(): Promise<void> {
    return this.json.flush();
  }

  dispose(): void {
    this.json.dispose();
  }
}
