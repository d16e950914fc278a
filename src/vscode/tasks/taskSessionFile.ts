import type { Logger } from '../../core/log/logger';
import { DebouncedJsonFile } from '../../core/storage/debouncedJsonFile';
import { type StoredTaskSession, parseTaskSessions } from '../../core/tasks/storedTaskSession';
import type { TaskSessionStore } from '../../core/tasks/taskSessionStore';
import { plural } from '../../shared/figures';

/**
 * Keeps the task sessions (what the cards' Preview, Accept and Resume need) in one JSON file beside
 * the chat's conversations: debounced atomic writes, validated reads, a last synchronous write when
 * the host shuts down (DebouncedJsonFile).
 */
export class TaskSessionFile {
  private readonly json: DebouncedJsonFile;

  constructor(
    readonly file: string,
    private readonly log: Logger,
  ) {
    this.json = new DebouncedJsonFile(file, log, { area: 'Tasks', contents: 'the task sessions' });
  }

  /** Reads the file (missing → none). A session that does not parse is logged and dropped. */
  load(): StoredTaskSession[] {
    const read = this.json.read();
    if (read.kind === 'unreadable') this.log.warn('Tasks: the cards before this start cannot be previewed or resumed.');
    if (read.kind !== 'read') return [];
    const parsed = parseTaskSessions(read.raw);
    for (const p of parsed.problems) this.log.warn(`Tasks: skipped ${p}`);
    if (parsed.problems.length > 0) this.json.keepCopy(`${plural(parsed.problems.length, 'task session')} could not be read`);
    return parsed.sessions;
  }

  attach(store: TaskSessionStore): void {
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
