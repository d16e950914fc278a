import * as vscode from 'vscode';
import type { AnswerEnd } from '../../presentation/chat/answerAccumulator';
import type { StoredAssistantMessage, StoredUserMessage } from '../../core/chat/conversationSchema';
import type { ConversationStore } from '../../core/chat/conversationStore';
import type { Logger } from '../../core/log/logger';
import { toMessageView, toUserView } from '../../presentation/chat/messageViews';
import { ReadyGate } from '../../presentation/readyGate';
import {
  CHAT_PROTOCOL_VERSION,
  type ChatStateSnapshot,
  type HostToWebview,
  type WebviewToHost,
  parseWebviewMessage,
} from '../../protocol/chatProtocol';
import type { Engine } from '../engine/engine';
import type { KeyStore } from '../keyStore';
import type { SettingsService } from '../settingsService';
import type { ChatPersistence } from './chatPersistence';
import { ChatConversations } from './chatConversations';
import { engineView, engineViewKey } from './chatModels';
import { answerTarget } from '../../core/chat/answerTarget';
import { rateAnswer, recordAnswerSignal } from './answerSignals';
import { CodeActions } from './codeActions';
import { type ContextSource, resolveChips } from './contextResolver';
import type { DiffApplier } from './diffApply';
import type { EditorTracker } from './editorTracker';
import type { HostPrompt } from './hostPrompt';
import { MentionCompletion } from './mentionCompletion';
import type { TaskController } from '../tasks/taskController';
import { OPENS_A_PICK, commandForRun } from './welcomeCommands';
import { ChatAnswers, picked } from './chatAnswers';
import { newId } from '../../shared/newId';

/** The chat view's id (package.json); `<id>.focus` shows and focuses it. */
export const CHAT_VIEW_ID = 'switchboard.chat';

export interface ChatDeps {
  readonly engine: Engine;
  readonly settings: SettingsService;
  readonly keys: KeyStore;
  readonly log: Logger;
  readonly contextSource?: ContextSource;
  readonly store: ConversationStore;
  readonly persistence: ChatPersistence;
  readonly tracker: EditorTracker;
  readonly applier: DiffApplier;
  /** The task cards' host side (task/* messages), when tasks are wired. */
  readonly tasks?: TaskController;
}

/** Where the chat's messages go: the view when it is showing (and anything else listening, e.g. tests). */
export type ChatSink = (message: HostToWebview) => void;

/**
 * The chat's host side: answers the view's messages, runs prompts through the engine, and streams
 * each answer to whatever view is showing. Answers keep streaming while the view is hidden; a view
 * that comes back gets the whole state, streaming answers included. The conversation list, an
 * answer's code and @-completion have homes of their own; messages about them are passed there.
 */
export class ChatController implements vscode.Disposable {
  private readonly sinks = new Set<ChatSink>();
  private readonly answers: ChatAnswers;
  private current: string | undefined;
  /** Open once a view said `ready`; holds a prefill until then (the same handshake as the dashboard's). */
  private readonly gate = new ReadyGate<HostToWebview>((message) => this.post(message));
  /** True once the person (or a command) picked a conversation in this session. */
  private hostChoseConversation = false;
  /** The engine's part of the last state posted, so that an engine event changing none of it posts nothing. */
  private postedEngineView: string | undefined;

  readonly conversations: ChatConversations;
  readonly codeActions: CodeActions;
  private readonly completion: MentionCompletion;

  constructor(private readonly deps: ChatDeps) {
    // The conversation shown last (kept with the conversations), else the newest.
    this.current = deps.store.shown ?? deps.store.latest()?.id;
    const post = (message: HostToWebview) => this.post(message);
    this.answers = new ChatAnswers(deps, { post, postState: () => this.postState(), canAsk: () => this.gate.isReady && this.sinks.size > 0 });
    this.conversations = new ChatConversations(deps.store, {
      currentConversationId: () => this.current,
      show: (conversationId, chosen) => {
        this.setCurrent(conversationId);
        if (chosen) this.hostChoseConversation = true;
      },
      stopAnswersIn: (conversationId) => this.answers.stopIn(conversationId),
      post,
      postState: () => this.postState(),
    });
    this.codeActions = new CodeActions({
      store: deps.store,
      tracker: deps.tracker,
      applier: deps.applier,
      post,
      applied: (conversationId, messageId, outcome) => recordAnswerSignal(deps, conversationId, messageId, 'apply', outcome),
    });
    this.completion = new MentionCompletion(deps.log, deps.contextSource);
  }

  get currentConversationId(): string | undefined {
    return this.current;
  }

  /** Shows `id` from now on, and keeps it with the conversations for the next window. */
  private setCurrent(id: string | undefined): void {
    this.current = id;
    this.deps.store.setShown(id);
  }

  /** Adds a listener for everything the host posts; returns its remover. */
  addSink(sink: ChatSink): vscode.Disposable {
    this.sinks.add(sink);
    return new vscode.Disposable(() => this.sinks.delete(sink));
  }

  setViewReady(ready: boolean): void {
    // `true` comes only through the view's own `ready` message (handle), which opens the gate.
    if (!ready) this.gate.close();
  }

  get isViewReady(): boolean {
    return this.gate.isReady;
  }

  post(message: HostToWebview): void {
    for (const sink of [...this.sinks]) {
      try {
        sink(message);
      } catch (error) {
        this.deps.log.warn(`Chat: a listener failed: ${(error as Error).message}`);
      }
    }
  }

  /** Entry point for raw messages from the view: validated, then handled; bad ones are logged and ignored. */
  async receive(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.deps.log.warn(`Chat view sent a malformed message (ignored): ${parsed.reason}`);
      return;
    }
    try {
      await this.handle(parsed.message);
    } catch (error) {
      this.deps.log.error(`Chat: handling ${parsed.message.type} failed: ${(error as Error).message}`);
      this.post({ type: 'error', message: `Switchboard could not ${parsed.message.type.replace('/', ' ')}: ${(error as Error).message}`, ...('requestId' in parsed.message ? { requestId: parsed.message.requestId } : {}) });
    }
  }

  private async handle(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (message.protocolVersion !== CHAT_PROTOCOL_VERSION) {
          this.post({ type: 'error', message: `The chat view speaks protocol ${message.protocolVersion} but the extension speaks ${CHAT_PROTOCOL_VERSION}. Reload the window.` });
          return;
        }
        // The view remembers what it showed; after a reload the host has not chosen anything yet. The
        // host's own record (kept with the conversations) wins: the view's memory can be older than
        // the last conversation shown (CI, 1.100: a reload right after a new chat came back on the
        // chat before it). A store written before that record existed still follows the view.
        if (message.conversationId && this.deps.store.has(message.conversationId) && !this.hostChoseConversation && this.deps.store.shown === undefined) this.setCurrent(message.conversationId);
        this.gate.open(() => {
          this.postState();
          this.post({ type: 'editorContext', context: this.deps.tracker.view() });
        });
        return;
      case 'run': {
        const done = await vscode.commands.executeCommand<unknown>(...commandForRun(message));
        // Escape on the pick leaves focus in the editor; the person was in the chat, on the button that opened it.
        if (OPENS_A_PICK.has(message.action) && !done) {
          await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
          this.post({ type: 'focus/return' });
        }
        return;
      }
      case 'conversation/list':
      case 'conversation/new':
      case 'conversation/select':
      case 'conversation/delete':
      case 'conversation/export':
        await this.conversations.receive(message);
        return;
      case 'send': {
        const resolved = await resolveChips(message.chips, this.deps.tracker);
        if (resolved.problems.length > 0) this.post({ type: 'answer/progress', requestId: message.requestId, note: resolved.problems.join(' ') });
        this.startPrompt(message.requestId, message.conversationId, {
          text: message.text,
          capability: message.capability,
          ...(message.modelId ? { modelId: message.modelId } : {}),
          chips: resolved.chips,
          context: resolved.context,
          ...(resolved.applyTarget ? { applyTarget: resolved.applyTarget } : {}),
          fromCommand: false,
        });
        return;
      }
      case 'stop':
        this.stop(message.requestId);
        return;
      case 'retry':
        if (message.continue) this.continueAnswer(message.requestId, message.conversationId, message.messageId, message.modelId);
        else this.retry(message.requestId, message.conversationId, message.messageId, message.modelId);
        return;
      case 'editResend':
        await this.editResend(message);
        return;
      case 'code/copy':
      case 'message/copy':
      case 'code/insert':
      case 'code/apply':
        await this.codeActions.receive(message);
        return;
      case 'answer/rate':
        rateAnswer(this.deps, message.conversationId, message.messageId, message.rating);
        return;
      case 'complete':
        this.post({ type: 'completion', queryId: message.queryId, items: await this.completion.complete(message.kind, message.query) });
        return;
      case 'task/start':
      case 'task/stop':
      case 'task/plan':
      case 'task/preview':
      case 'task/accept':
      case 'task/reject':
      case 'task/feedback':
      case 'task/resume':
      case 'task/implement':
      case 'task/open':
        await this.deps.tasks?.receive(message);
        return;
      case 'budget/answer':
        this.answers.answerBudget(message.requestId, message.answer);
        return;
      default: {
        // Every message the protocol has is handled above: one added there fails to compile here.
        const unhandled: never = message;
        return unhandled;
      }
    }
  }

  snapshot(): ChatStateSnapshot {
    const { store } = this.deps;
    const conversation = this.current ? store.get(this.current) : undefined;
    const messages = (conversation?.messages ?? []).map((m) => {
      const view = toMessageView(m);
      if (view.role !== 'assistant' || view.status !== 'streaming') return view;
      // Text (and reasoning) streamed so far lives with the running answer until it ends.
      const streamed = this.answers.streamed(view.requestId);
      return streamed ? { ...view, ...streamed } : view;
    });
    return {
      conversations: store.summaries(),
      ...(conversation ? { currentConversationId: conversation.id } : {}),
      messages,
      ...engineView(this.deps),
      indexReady: this.deps.contextSource?.ready?.() ?? false,
      ...(this.deps.tasks ? { taskProfiles: this.deps.tasks.profileOptions() } : {}),
    };
  }

  postState(): void {
    if (this.sinks.size === 0) return;
    const state = this.snapshot();
    this.postedEngineView = engineViewKey(state);
    this.post({ type: 'state', state });
  }

  /**
   * After an engine event (a recorded call, a health change, a rebuild, an Ollama probe): the view
   * gets the state again only when what it shows of the engine changed. A recorded call alone
   * usually changes none of it, and an answer in progress posts its own messages.
   */
  postEngineChange(): void {
    if (this.sinks.size === 0) return;
    if (engineViewKey(engineView(this.deps)) === this.postedEngineView) return;
    this.postState();
  }

  /** Fills the composer (Ask About Selection); held until a view is ready to show it. */
  prefill(message: Extract<HostToWebview, { type: 'composer/prefill' }>): void {
    if (this.gate.isReady && this.sinks.size > 0) this.post(message);
    else this.gate.hold(message);
  }

  /**
   * Appends a prompt to a conversation (a new one when absent or gone) and starts its answer.
   * Returns the request id; `answerDone(requestId)` resolves with the answer's end.
   */
  startPrompt(requestId: string, conversationId: string | undefined, prompt: HostPrompt): string {
    const { store } = this.deps;
    let id = conversationId && store.has(conversationId) ? conversationId : undefined;
    if (!id) id = store.create(newId('c')).id;
    const isNewCurrent = this.current !== id;
    this.setCurrent(id);
    this.hostChoseConversation = true;
    const user: StoredUserMessage = {
      role: 'user',
      id: newId('m'),
      text: prompt.text,
      capability: prompt.capability,
      ...(prompt.modelId ? { modelId: prompt.modelId } : {}),
      chips: [...prompt.chips],
      ...(prompt.fromCommand ? { fromCommand: true } : {}),
      context: [...prompt.context],
      ...(prompt.applyTarget ? { applyTarget: prompt.applyTarget } : {}),
      createdAt: Date.now(),
    };
    const history = store.get(id)?.messages ?? [];
    store.append(id, user);
    if (isNewCurrent || prompt.fromCommand) {
      // The view may show another conversation (or none yet): send it everything.
      this.answers.start(requestId, id, user, history, { ...picked(prompt.modelId), announce: () => this.postState() });
    } else {
      this.post({ type: 'message/user', conversationId: id, message: toUserView(user) });
      this.answers.start(requestId, id, user, history, picked(prompt.modelId));
    }
    return requestId;
  }

  private retry(requestId: string, conversationId: string, messageId: string, modelId: string | undefined): void {
    const found = this.deps.store.promptOf(conversationId, messageId);
    if (!found) {
      this.post({ type: 'error', message: 'The prompt behind that answer is gone.', requestId });
      return;
    }
    // "Retry with another model" after a whole answer is a mark against the model that gave it; a
    // plain retry, or one after a failure (already counted as one), is not.
    const first = answerTarget(this.deps.store, conversationId, messageId, 'done');
    if (modelId !== undefined && first && first.modelId !== modelId) recordAnswerSignal(this.deps, conversationId, messageId, 'retry-other-model', 'rejected');
    this.setCurrent(conversationId);
    // Asked again on purpose: not the response cache's copy of the answer being retried.
    this.answers.start(requestId, conversationId, found.prompt, found.history, { ...picked(modelId), refreshCache: true });
  }

  /**
   * "Continue with <model>" after a dropped stream: the same prompt, with the cut-off text sent as
   * the model's own and an instruction to go on; the capability is the first attempt's (nothing is
   * classified again), and the continuation streams onto the same message (issue 14 item 3).
   */
  private continueAnswer(requestId: string, conversationId: string, messageId: string, modelId: string | undefined): void {
    const answer = this.deps.store.get(conversationId)?.messages.find((m): m is StoredAssistantMessage => m.id === messageId && m.role === 'assistant');
    const found = this.deps.store.promptOf(conversationId, messageId);
    if (!answer || !found || answer.status === 'streaming') {
      this.post({ type: 'error', message: 'That answer can no longer be continued.', requestId });
      return;
    }
    this.setCurrent(conversationId);
    this.answers.start(requestId, conversationId, found.prompt, found.history, { continuing: { answer, ...(modelId ? { modelId } : {}) } });
  }

  private async editResend(message: Extract<WebviewToHost, { type: 'editResend' }>): Promise<void> {
    const { store } = this.deps;
    const conversation = store.get(message.conversationId);
    const index = conversation?.messages.findIndex((m) => m.id === message.messageId) ?? -1;
    if (!conversation || index < 0 || conversation.messages[index]?.role !== 'user') {
      this.post({ type: 'error', message: 'That message can no longer be edited.', requestId: message.requestId });
      return;
    }
    // Answers still streaming below the edited message are stopped first.
    this.answers.stopIn(message.conversationId);
    const resolved = await resolveChips(message.chips, this.deps.tracker);
    const user: StoredUserMessage = {
      role: 'user',
      id: message.messageId,
      text: message.text,
      capability: message.capability,
      ...(message.modelId ? { modelId: message.modelId } : {}),
      chips: resolved.chips,
      context: resolved.context,
      ...(resolved.applyTarget ? { applyTarget: resolved.applyTarget } : {}),
      createdAt: Date.now(),
    };
    const history = conversation.messages.slice(0, index);
    store.replaceFrom(message.conversationId, message.messageId, user);
    this.setCurrent(message.conversationId);
    this.post({ type: 'message/user', conversationId: message.conversationId, message: toUserView(user), replaces: true });
    this.answers.start(message.requestId, message.conversationId, user, history, picked(message.modelId));
  }

  /** Resolves when the answer to `requestId` has ended (immediately with undefined when unknown). */
  answerDone(requestId: string): Promise<AnswerEnd | undefined> {
    return this.answers.done(requestId);
  }

  stop(requestId: string): void {
    this.answers.stop(requestId);
  }

  dispose(): void {
    this.answers.dispose();
    this.sinks.clear();
  }
}
