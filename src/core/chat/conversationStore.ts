import { z } from 'zod';
import { Emitter } from '../lifecycle/emitter';
import { flatText } from '../../shared/oneLine';
import { CHAT_STORE_VERSION, type Conversation, type StoredAssistantMessage, type StoredMessage, type StoredTaskMessage, type StoredUserMessage } from './conversationSchema';

/** One line of the conversation list. */
export interface ConversationSummary {
  readonly id: string;
  readonly title: string;
  /** Epoch ms of the last message. */
  readonly updatedAt: number;
  readonly messageCount: number;
}

/** Longest title derived from a first prompt. */
const TITLE_CHARS = 60;

/** Longest name a person gives a conversation. */
export const NAME_CHARS = 80;

/** A name the person types for a conversation: one line, not empty, at most {@link NAME_CHARS}. */
export const conversationNameSchema = z
  .string()
  .transform(flatText)
  .pipe(z.string().min(1, 'A conversation needs a name').max(NAME_CHARS, `A name has at most ${NAME_CHARS} characters`));

export function titleFrom(text: string): string {
  const line = flatText(text);
  if (line.length === 0) return 'New chat';
  return line.length <= TITLE_CHARS ? line : `${line.slice(0, TITLE_CHARS - 1).trimEnd()}…`;
}

/**
 * The conversations of one workspace, in memory. Every change fires `onDidChange` so the VS Code
 * layer can persist (debounced); `serialize()` is what it writes and `parseChatStore` reads back.
 */
export class ConversationStore {
  private readonly byId = new Map<string, Conversation>();
  private shownId: string | undefined;
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    conversations: readonly Conversation[] = [],
    private readonly now: () => number = Date.now,
  ) {
    for (const c of conversations) this.byId.set(c.id, c);
  }

  /** Newest first. */
  summaries(): ConversationSummary[] {
    return [...this.byId.values()]
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .map((c) => ({ id: c.id, title: c.title, updatedAt: c.updatedAt, messageCount: c.messages.length }));
  }

  get(id: string): Conversation | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The most recently updated conversation. */
  latest(): Conversation | undefined {
    let best: Conversation | undefined;
    for (const c of this.byId.values()) if (!best || c.updatedAt > best.updatedAt) best = c;
    return best;
  }

  create(id: string, title = 'New chat'): Conversation {
    const at = this.now();
    const conversation: Conversation = { id, title, createdAt: at, updatedAt: at, messages: [] };
    this.byId.set(id, conversation);
    this.changed.fire();
    return conversation;
  }

  /** Names a conversation as the person typed it (see {@link conversationNameSchema}); its place in the list does not move. */
  rename(id: string, name: string): void {
    const c = this.require(id);
    this.byId.set(id, { ...c, title: conversationNameSchema.parse(name), named: true });
    this.changed.fire();
  }

  /**
   * Whether the conversation still carries the name its first message gave it (not renamed by the
   * person, nor named by a model since): a model may name it.
   */
  awaitsName(id: string): boolean {
    const c = this.byId.get(id);
    const first = c?.messages[0];
    return c !== undefined && !c.named && first?.role === 'user' && c.title === titleFrom(first.text);
  }

  /**
   * Names a conversation with a model's title if it still awaits one and still begins with
   * `firstMessageId` (the person may have renamed it or edited its first message meanwhile). Its
   * place in the list does not move. Whether the name was taken.
   */
  nameByModel(id: string, title: string, firstMessageId: string): boolean {
    const c = this.byId.get(id);
    if (!c || c.messages[0]?.id !== firstMessageId || !this.awaitsName(id)) return false;
    this.byId.set(id, { ...c, title: titleFrom(title) });
    this.changed.fire();
    return true;
  }

  delete(id: string): boolean {
    const removed = this.byId.delete(id);
    if (removed) this.changed.fire();
    return removed;
  }

  /** Appends a message; the first user message names an untitled conversation. */
  append(conversationId: string, message: StoredMessage): void {
    const c = this.require(conversationId);
    const untitled = c.messages.length === 0 && c.title === 'New chat';
    this.byId.set(conversationId, {
      ...c,
      title: untitled && message.role === 'user' ? titleFrom(message.text) : c.title,
      updatedAt: this.now(),
      messages: [...c.messages, message],
    });
    this.changed.fire();
  }

  /** Replaces user message `messageId` and drops everything after it (edit and resend). */
  replaceFrom(conversationId: string, messageId: string, message: StoredUserMessage): void {
    const c = this.require(conversationId);
    const index = c.messages.findIndex((m) => m.id === messageId);
    if (index < 0) throw new Error(`message ${messageId} is not in conversation ${conversationId}`);
    const title = index === 0 && !c.named ? titleFrom(message.text) : c.title;
    this.byId.set(conversationId, { ...c, title, updatedAt: this.now(), messages: [...c.messages.slice(0, index), message] });
    this.changed.fire();
  }

  /** Updates an assistant message in place (streamed text, final status). */
  updateAnswer(conversationId: string, messageId: string, update: (m: StoredAssistantMessage) => StoredAssistantMessage, persist = true): void {
    const c = this.byId.get(conversationId);
    if (!c) return;
    const index = c.messages.findIndex((m) => m.id === messageId);
    const found = c.messages[index];
    if (!found || found.role !== 'assistant') return;
    const messages = c.messages.slice();
    messages[index] = update(found);
    this.byId.set(conversationId, { ...c, updatedAt: this.now(), messages });
    if (persist) this.changed.fire();
  }

  /**
   * Stores a task card: replaces the card with its id, or appends it (a task names an untitled
   * conversation by what it was asked). `persist` false while phases stream, true when it ends.
   */
  putTask(conversationId: string, card: StoredTaskMessage, persist = true): void {
    const c = this.require(conversationId);
    const index = c.messages.findIndex((m) => m.id === card.id);
    if (index < 0) {
      const untitled = c.messages.length === 0 && c.title === 'New chat';
      this.byId.set(conversationId, { ...c, title: untitled ? titleFrom(card.instruction) : c.title, updatedAt: this.now(), messages: [...c.messages, card] });
    } else {
      const messages = c.messages.slice();
      messages[index] = card;
      this.byId.set(conversationId, { ...c, updatedAt: this.now(), messages });
    }
    if (persist) this.changed.fire();
  }

  /** The user message an assistant message answers (the nearest user message before it). */
  promptOf(conversationId: string, assistantId: string): { prompt: StoredUserMessage; history: StoredMessage[] } | undefined {
    const c = this.byId.get(conversationId);
    if (!c) return undefined;
    const index = c.messages.findIndex((m) => m.id === assistantId);
    for (let i = index - 1; i >= 0; i--) {
      const m = c.messages[i];
      if (m?.role === 'user') return { prompt: m, history: c.messages.slice(0, i) };
    }
    return undefined;
  }

  /**
   * The conversation the chat shows, kept with the conversations so a reload shows it again: the
   * view's own memory of it (webview state) can be older than the last conversation shown, and
   * after a reload right after a new chat the view came back on the one before.
   */
  get shown(): string | undefined {
    return this.shownId !== undefined && this.byId.has(this.shownId) ? this.shownId : undefined;
  }

  setShown(id: string | undefined): void {
    if (id === this.shownId) return;
    this.shownId = id;
    this.changed.fire();
  }

  serialize(): { version: typeof CHAT_STORE_VERSION; conversations: Conversation[]; shown?: string } {
    const shown = this.shown;
    return { version: CHAT_STORE_VERSION, conversations: [...this.byId.values()], ...(shown ? { shown } : {}) };
  }

  dispose(): void {
    this.changed.dispose();
  }

  private require(id: string): Conversation {
    const c = this.byId.get(id);
    if (!c) throw new Error(`no conversation ${id}`);
    return c;
  }
}
