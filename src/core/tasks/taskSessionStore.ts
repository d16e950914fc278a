import { Emitter } from '../lifecycle/emitter';
import { type StoredTaskSession, TASK_SESSIONS_VERSION } from './storedTaskSession';

/** Sessions kept at most (the newest); an older card says it can no longer be previewed or resumed. */
const MAX_SESSIONS = 50;

/**
 * What the task cards' buttons need after a window reload, by the card's request id, in memory.
 * Every change fires `onDidChange` (the VS Code layer writes the file, debounced); `serialize()` is
 * what it writes and `parseTaskSessions` reads back.
 */
export class TaskSessionStore {
  private readonly byRequest = new Map<string, StoredTaskSession>();
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(sessions: readonly StoredTaskSession[] = []) {
    for (const s of sessions) this.byRequest.set(s.requestId, s);
  }

  get(requestId: string): StoredTaskSession | undefined {
    return this.byRequest.get(requestId);
  }

  /** Stores (or replaces) a session; the oldest beyond the limit are dropped. */
  put(session: StoredTaskSession): void {
    this.byRequest.delete(session.requestId);
    this.byRequest.set(session.requestId, session);
    // A Map keeps insertion order, and `put` re-inserts: the first entries are the least recently saved.
    for (const key of this.byRequest.keys()) {
      if (this.byRequest.size <= MAX_SESSIONS) break;
      this.byRequest.delete(key);
    }
    this.changed.fire();
  }

  update(requestId: string, change: (s: StoredTaskSession) => StoredTaskSession): void {
    const found = this.byRequest.get(requestId);
    if (found) this.put(change(found));
  }

  /** Drops the sessions of conversations that no longer exist; returns the request ids dropped. */
  retain(hasConversation: (id: string) => boolean): string[] {
    const dropped = [...this.byRequest.values()].filter((s) => !hasConversation(s.conversationId)).map((s) => s.requestId);
    for (const id of dropped) this.byRequest.delete(id);
    if (dropped.length) this.changed.fire();
    return dropped;
  }

  serialize(): { version: typeof TASK_SESSIONS_VERSION; sessions: StoredTaskSession[] } {
    return { version: TASK_SESSIONS_VERSION, sessions: [...this.byRequest.values()] };
  }

  dispose(): void {
    this.changed.dispose();
  }
}
