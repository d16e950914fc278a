import { AnswerAccumulator, type AnswerEnd } from '../../presentation/chat/answerAccumulator';
import type { StoredAssistantMessage, StoredMessage, StoredUserMessage } from '../../core/chat/conversationSchema';
import type { ConversationStore } from '../../core/chat/conversationStore';
import type { Logger } from '../../core/log/logger';
import type { BudgetAnswer, BudgetQuestion } from '../../core/router/routeEvents';
import { keySlotFor } from '../../core/secrets/keySlots';
import type { HostToWebview } from '../../protocol/chatProtocol';
import type { Engine } from '../engine/engine';
import type { SettingsService } from '../settingsService';
import { askBudgetModal } from '../budgetModal';
import type { ContextSource } from './contextResolver';
import type { EditorTracker } from './editorTracker';
import { relativePath } from '../workspacePaths';
import { newId } from '../../shared/newId';

export interface ChatAnswersDeps {
  readonly engine: Engine;
  readonly settings: SettingsService;
  readonly log: Logger;
  readonly store: ConversationStore;
  readonly tracker: EditorTracker;
  readonly contextSource?: ContextSource;
}

/** What the answers need of the chat's view. */
export interface ChatAnswersView {
  post(message: HostToWebview): void;
  postState(): void;
  /** A view is showing and ready: a budget question goes to it, else to a modal dialog. */
  canAsk(): boolean;
}

interface Running {
  readonly requestId: string;
  readonly conversationId: string;
  readonly messageId: string;
  readonly abort: AbortController;
  readonly accumulator: AnswerAccumulator;
  budgetAnswer?: (answer: BudgetAnswer) => void;
  readonly done: Promise<AnswerEnd>;
}

/** How an answer starts: on a model the person picked, or continuing a cut-off answer in place. */
export interface AnswerStart {
  /** The model the person picked (the composer, "Retry on it"): the router asks it first, even outside the tier. */
  readonly picked?: string;
  /** Asked again on purpose (Retry): a model answers even when the response cache holds an answer, and its answer replaces that one. */
  readonly refreshCache?: boolean;
  /** The cut-off answer to take up where it stopped, on `modelId` (the router's `continueWith`). */
  readonly continuing?: { readonly answer: StoredAssistantMessage; readonly modelId?: string };
  /** Posts what the view needs before the answer's first message (a conversation it does not show yet). */
  readonly announce?: () => void;
}

/**
 * The chat's answers while they run: each streams through the engine into its stored message and
 * to the view, can be stopped, and may ask the budget's question. Keeps streaming while no view is
 * showing; `streamed()` gives a view that comes back the text so far.
 */
export class ChatAnswers {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly deps: ChatAnswersDeps,
    private readonly view: ChatAnswersView,
  ) {}

  /** Adds the answer's message (or reopens the cut-off one it continues), tells the view, and runs it. */
  start(requestId: string, conversationId: string, prompt: StoredUserMessage, history: readonly StoredMessage[], start: AnswerStart): void {
    if (this.running.has(requestId)) {
      this.view.post({ type: 'error', message: 'That request is already running.', requestId });
      return;
    }
    const startedAt = Date.now();
    const cut = start.continuing?.answer;
    const answer: StoredAssistantMessage = cut
      ? { role: 'assistant', id: cut.id, requestId, text: cut.text, ...(cut.reasoning ? { reasoning: cut.reasoning } : {}), status: 'streaming', createdAt: cut.createdAt }
      : { role: 'assistant', id: newId('m'), requestId, text: '', status: 'streaming', createdAt: startedAt };
    if (cut) this.deps.store.updateAnswer(conversationId, cut.id, () => answer);
    else this.deps.store.append(conversationId, answer);
    const explicit = prompt.capability === 'auto' ? undefined : prompt.capability;
    const accumulator = new AnswerAccumulator({
      requestId,
      ...(explicit ? { capability: explicit } : {}),
      capabilitySource: prompt.fromCommand ? 'command' : 'user',
      startedAt,
      health: () => this.deps.engine.router.healthSnapshot(),
      keySlotOf: (id) => {
        const model = this.deps.settings.value.settings.models.find((m) => m.id === id);
        return model ? keySlotFor(model) : undefined;
      },
      ...(start.picked ? { pickedModel: start.picked } : {}),
      ...(cut ? { continuing: { text: cut.text, ...(cut.reasoning ? { reasoning: cut.reasoning } : {}), ...(cut.meta ? { meta: cut.meta } : {}) } } : {}),
    });
    const abort = new AbortController();
    let resolveDone: (end: AnswerEnd) => void = () => undefined;
    const done = new Promise<AnswerEnd>((resolve) => (resolveDone = resolve));
    const run: Running = { requestId, conversationId, messageId: answer.id, abort, accumulator, done };
    this.running.set(requestId, run);
    start.announce?.();
    this.view.post({ type: 'answer/start', conversationId, requestId, messageId: answer.id, createdAt: answer.createdAt, ...(cut ? { continues: cut.text } : {}) });
    void this.run(run, prompt, history, start).then(resolveDone);
  }

  private async run(run: Running, prompt: StoredUserMessage, history: readonly StoredMessage[], start: AnswerStart): Promise<AnswerEnd> {
    const { engine, log, tracker } = this.deps;
    const { accumulator, abort, requestId } = run;
    const signal = abort.signal;
    let end: AnswerEnd;
    try {
      const editor = tracker.editor;
      const cut = start.continuing;
      // The first attempt's capability: a continuation is not classified again.
      const continuation = cut ? { capability: cut.answer.meta?.capability ?? (prompt.capability === 'auto' ? 'understand' : prompt.capability), text: cut.answer.text } : undefined;
      const answer = engine.answer(
        {
          kind: 'prompt',
          capability: prompt.capability,
          prompt,
          history,
          editorContext: this.classifierContext(prompt),
          ...(editor ? { activeFile: relativePath(editor.document.uri) } : {}),
          ...(continuation ? { continuation } : {}),
        },
        {
          signal,
          origin: prompt.fromCommand ? 'command' : 'chat',
          conversationId: run.conversationId,
          ...(start.picked ? { pickedModel: start.picked } : {}),
          ...(start.refreshCache ? { cache: 'refresh' as const } : {}),
          ...(cut?.modelId ? { preferModel: cut.modelId } : {}),
          askBudget: (question) => this.askBudget(run, question),
        },
        this.deps.contextSource,
      );
      for await (const event of answer) {
        if (event.type === 'answer-end' && event.result.failure !== undefined) log.error(`Chat: the answer to ${requestId} failed: ${event.result.failure}`);
        for (const m of accumulator.push(event)) this.view.post(m);
      }
      end = accumulator.end();
    } catch (error) {
      // The engine never throws; this is a fault in presenting its events.
      log.error(`Chat: the answer to ${requestId} failed: ${(error as Error).message}`);
      end = signal.aborted ? accumulator.cancelled() : accumulator.withReasoning({ status: 'error', text: accumulator.text, meta: accumulator.meta(), error: { kind: 'internal', message: `Something went wrong inside Switchboard: ${(error as Error).message}`, actions: [{ kind: 'retry', label: 'Retry' }, { kind: 'command', action: 'showLog', label: 'Show Log' }] } });
    }
    this.running.delete(requestId);
    this.deps.store.updateAnswer(run.conversationId, run.messageId, (m) => ({ ...m, text: end.text, ...(end.reasoning ? { reasoning: end.reasoning } : {}), status: end.status, meta: end.meta, ...(end.error ? { error: end.error } : {}) }));
    this.view.post({ type: 'answer/end', requestId, status: end.status, text: end.text, ...(end.reasoning ? { reasoning: end.reasoning } : {}), meta: end.meta, ...(end.error ? { error: end.error } : {}) });
    // The conversation list shows message counts and order by last update.
    this.view.postState();
    if (end.status === 'done') void this.nameAfterFirstAnswer(run.conversationId, run.messageId, end.text);
    return end;
  }

  /**
   * After a conversation's first answer, a model names it (see Engine.nameConversation); the list
   * shows the name when it comes. A failure leaves the first message's name and a line in the log.
   */
  private async nameAfterFirstAnswer(conversationId: string, answerId: string, answer: string): Promise<void> {
    const { store, engine, log } = this.deps;
    const conversation = store.get(conversationId);
    const first = conversation?.messages[0];
    if (!conversation || conversation.messages.length !== 2 || conversation.messages[1]?.id !== answerId || first?.role !== 'user' || !store.awaitsName(conversationId)) return;
    try {
      const outcome = await engine.nameConversation(conversationId, first.text, answer);
      if (!outcome) return;
      if (!outcome.ok) {
        if (outcome.reason !== 'cancelled') log.warn(`Chat: the classify tier could not name a conversation (it keeps its first message as name): ${outcome.message}`);
        return;
      }
      if (store.nameByModel(conversationId, outcome.title, first.id)) {
        log.info(`Chat: ${outcome.modelId} named a conversation "${outcome.title}".`);
        this.view.postState();
      }
    } catch (error) {
      log.error(`Chat: naming a conversation failed: ${(error as Error).message}`);
    }
  }

  private classifierContext(prompt: StoredUserMessage) {
    const selection = prompt.context.find((c) => c.startLine !== undefined && c.endLine !== undefined);
    const fromEditor = this.deps.tracker.classifierContext();
    if (!selection) return fromEditor;
    return {
      ...fromEditor,
      selection: { text: selection.text.slice(0, 4000), languageId: selection.languageId ?? 'plaintext', lineCount: (selection.endLine ?? 1) - (selection.startLine ?? 1) + 1 },
    };
  }

  private askBudget(run: Running, question: BudgetQuestion): Promise<BudgetAnswer> {
    if (!this.view.canAsk()) return askBudgetModal(question);
    // The view shows the question (the router's budget-ask event became budget/ask); its answer resolves this.
    return new Promise<BudgetAnswer>((resolve) => {
      run.budgetAnswer = resolve;
    });
  }

  /** Resolves when the answer to `requestId` has ended (immediately with undefined when unknown). */
  done(requestId: string): Promise<AnswerEnd | undefined> {
    return this.running.get(requestId)?.done ?? Promise.resolve(undefined);
  }

  stop(requestId: string): void {
    const run = this.running.get(requestId);
    if (!run) return;
    run.abort.abort();
    run.budgetAnswer?.('block');
  }

  /** Stops every answer running in `conversationId`. */
  stopIn(conversationId: string): void {
    for (const run of [...this.running.values()]) if (run.conversationId === conversationId) this.stop(run.requestId);
  }

  /** The person's answer to the budget question `requestId` asked in the view. */
  answerBudget(requestId: string, answer: BudgetAnswer): void {
    const run = this.running.get(requestId);
    run?.budgetAnswer?.(answer);
    if (run) run.budgetAnswer = undefined;
  }

  /** What a streaming answer has received so far (it lives here until the answer ends). */
  streamed(requestId: string): { readonly text: string; readonly reasoning?: string } | undefined {
    const accumulator = this.running.get(requestId)?.accumulator;
    if (!accumulator) return undefined;
    return accumulator.reasoning ? { text: accumulator.text, reasoning: accumulator.reasoning } : { text: accumulator.text };
  }

  dispose(): void {
    for (const run of this.running.values()) run.abort.abort();
  }
}

export function picked(modelId: string | undefined): AnswerStart {
  return modelId ? { picked: modelId } : {};
}
