import * as vscode from 'vscode';
import type { ConversationStore } from '../../core/chat/conversationStore';
import type { TaskSessionStore } from '../../core/tasks/taskSessionStore';
import { feedbackRound } from '../../core/tasks/feedbackRound';
import { planImplementation } from '../../core/tasks/planImplementation';
import type { Logger } from '../../core/log/logger';
import type { AttemptOrigin } from '../../core/metrics/attemptRecord';
import type { Plan, PlanApproval, TaskEvent, TaskFile, TaskInput, TaskProfile, TaskResult } from '../../core/tasks/taskTypes';
import type { HostToWebview, TaskProfileOption, WebviewToHost } from '../../protocol/chatProtocol';
import { resolveChips, resolveWorkspaceFile } from '../chat/contextResolver';
import type { EditorTracker } from '../chat/editorTracker';
import { changeProducer, phaseTarget, sendSignal, type SignalPorts } from '../../core/tasks/taskSignals';
import { type ChangeOutcome, type TaskChangeActions, proposedChangeSet } from './taskChangeActions';
import { type TaskRunner, approvePlanModal } from './taskRunner';
import { newId } from '../../shared/newId';
import { cardFor, restoredSession, type TaskSession } from './taskSession';
import { plural } from '../../shared/figures';

/** The card's messages (view → host). */
export type TaskViewMessage = Extract<WebviewToHost, { type: `task/${string}` }>;

/** What the controller needs of the chat: where to post, which conversation to show, whether a view can answer. */
export interface TaskChat {
  post(message: HostToWebview): void;
  /** Shows `conversationId` in the view (posting the whole state). */
  show(conversationId: string): Promise<void>;
  readonly isViewReady: boolean;
}

export interface TaskControllerDeps {
  readonly runner: TaskRunner;
  readonly store: ConversationStore;
  /** What the cards' buttons need behind them, kept across window reloads. */
  readonly sessions: TaskSessionStore;
  readonly chat: TaskChat;
  readonly actions: TaskChangeActions;
  /** switchboard.tasks profiles: built-ins first, then the person's own. */
  readonly profiles: () => readonly TaskProfile[];
  readonly tracker: EditorTracker;
  readonly log: Logger;
  /** Where a change accepted or rejected is recorded as a quality signal against the attempt that wrote it. */
  readonly signals?: SignalPorts;
}

/**
 * Runs multi-model tasks as cards in the chat: starts them (from the composer, the commands), streams
 * the card's updates and stores the card with the conversation, and answers the card's buttons: Stop,
 * plan approval, Preview / Accept All / Reject All, feedback (another refine round), Resume and the
 * file:line links.
 */
export class TaskController implements vscode.Disposable {
  private readonly sessions = new Map<string, TaskSession>();
  private readonly subscription: { dispose(): void };

  constructor(private readonly deps: TaskControllerDeps) {
    // A deleted conversation takes its tasks with it: a running one is stopped (its requests
    // cancelled), and what its cards kept is dropped.
    this.subscription = deps.store.onDidChange(() => this.dropDeleted());
    this.dropDeleted();
  }

  private dropDeleted(): void {
    for (const session of [...this.sessions.values()]) {
      if (this.deps.store.has(session.conversationId)) continue;
      if (session.running) this.deps.log.info(`Task ${session.result?.taskId ?? session.accumulator.card().taskId ?? session.requestId}: stopped, its conversation was deleted.`);
      this.stop(session.requestId);
      // A stopping task is forgotten once it has ended (`done` still answers for it meanwhile).
      if (session.running) void session.running.finally(() => this.sessions.delete(session.requestId));
      else this.sessions.delete(session.requestId);
    }
    this.deps.sessions.retain((id) => this.deps.store.has(id));
  }

  /** The profiles the composer's mode picker offers. */
  profileOptions(): TaskProfileOption[] {
    return this.deps.profiles().map((p) => ({ id: p.id, label: p.label, ...(p.description ? { description: p.description } : {}) }));
  }

  profile(id: string): TaskProfile | undefined {
    return this.deps.profiles().find((p) => p.id === id);
  }

  async receive(message: TaskViewMessage): Promise<void> {
    switch (message.type) {
      case 'task/start':
        await this.startFromView(message);
        return;
      case 'task/stop':
        this.stop(message.requestId);
        return;
      case 'task/plan':
        this.answerPlan(message);
        return;
      case 'task/preview':
        await this.preview(message.requestId);
        return;
      case 'task/accept':
        await this.accept(message.requestId);
        return;
      case 'task/reject':
        await this.reject(message.requestId);
        return;
      case 'task/feedback':
        await this.feedback(message.requestId, message.text);
        return;
      case 'task/resume':
        this.resume(message.requestId);
        return;
      case 'task/implement':
        await this.implementPlan(message.requestId);
        return;
      case 'task/open':
        await openAt(message.path, message.line);
        return;
      default: {
        // Every task message is handled above: one added to the protocol fails to compile here.
        const unhandled: never = message;
        return unhandled;
      }
    }
  }

  /** The composer in Task mode: the profile, the text and the chips (resolved as the chat resolves them). */
  private async startFromView(message: Extract<TaskViewMessage, { type: 'task/start' }>): Promise<void> {
    const profile = this.profile(message.profileId);
    if (!profile) {
      this.deps.chat.post({ type: 'error', requestId: message.requestId, message: `There is no task profile "${message.profileId}" any more (switchboard.tasks).` });
      return;
    }
    const resolved = await resolveChips(message.chips, this.deps.tracker);
    const files: TaskFile[] = resolved.context.flatMap((c) => (c.path ? [{ path: c.path, text: c.text, ...(c.languageId ? { languageId: c.languageId } : {}), ...(c.startLine !== undefined && c.endLine !== undefined ? { startLine: c.startLine, endLine: c.endLine } : {}) }] : []));
    const input: TaskInput = { instruction: message.text, profile, files, ...(message.modelId ? { preferModel: message.modelId } : {}), ...(message.conversationId ? { conversationId: message.conversationId } : {}) };
    await this.start(message.requestId, message.conversationId, input, 'chat', resolved.problems);
  }

  /** Adds a card to `conversationId` (a new conversation when absent or gone) and runs the task. */
  async start(requestId: string, conversationId: string | undefined, input: TaskInput, origin: AttemptOrigin = 'chat', notes: readonly string[] = []): Promise<string> {
    if (this.sessions.has(requestId)) throw new Error('That task is already running.');
    const { store } = this.deps;
    const id = conversationId && store.has(conversationId) ? conversationId : store.create(newId('c')).id;
    const messageId = newId('m');
    // The task runs in that conversation: its calls record it, and an A/B experiment keeps its variant.
    const inConversation: TaskInput = input.conversationId === id ? input : { ...input, conversationId: id };
    const accumulator = cardFor(requestId, id, messageId, inConversation);
    const session: TaskSession = { requestId, conversationId: id, messageId, origin, input: inConversation, accumulator, accepted: false, pendingNotes: [...notes], acting: false };
    this.sessions.set(requestId, session);
    store.putTask(id, accumulator.card());
    this.deps.sessions.put({ requestId, conversationId: id, messageId, origin, input: inConversation, finished: [], accepted: false, savedAt: Date.now() });
    await this.deps.chat.show(id);
    this.run(session);
    return requestId;
  }

  /** Resolves with the task's result once its current run ends (undefined for an unknown request). */
  done(requestId: string): Promise<TaskResult | undefined> {
    const session = this.sessions.get(requestId) ?? this.restore(requestId);
    return session?.running ?? Promise.resolve(session?.result);
  }

  stop(requestId: string): void {
    const session = this.sessions.get(requestId);
    session?.abort?.abort();
    session?.answerPlan?.({ kind: 'cancel' });
  }

  /** Re-runs a stopped task from where it stopped (a failed phase, the plan's approval), paying nothing again for what succeeded. */
  resume(requestId: string): void {
    const session = this.idle(requestId, 'resume');
    if (!session?.result) return;
    if (!session.result.resumeFrom) {
      this.note(session, session.result.status === 'succeeded' ? 'There is nothing to resume: the task finished.' : 'There is nothing to resume: the task did not stop at a phase.');
      return;
    }
    this.run(session, session.result);
  }

  /**
   * Another refine round with the person's words on the last change set: a card of its own below
   * this one (its phases and cost are its own), starting from that change set. Returns its request id.
   */
  async feedback(requestId: string, text: string): Promise<string | undefined> {
    const session = this.idle(requestId, 'refine');
    if (!session?.result) return undefined;
    const input = feedbackRound(session.input, session.result, text, { accepted: session.accepted });
    if (!input) {
      this.note(session, 'Feedback needs a change set to revise: this task proposes none.');
      return undefined;
    }
    return this.start(newId('r'), session.conversationId, input, session.origin);
  }

  /**
   * Implement This Plan: an Implement task on a card of its own below the Plan task's, with the same
   * instruction and files, starting from that plan (no model plans again, no second approval).
   * Returns its request id.
   */
  async implementPlan(requestId: string): Promise<string | undefined> {
    const session = this.idle(requestId, 'implement');
    if (!session?.result) return undefined;
    const implement = this.profile('implement');
    if (!implement) {
      this.note(session, 'The "implement" task profile is missing or turned off in switchboard.tasks.');
      return undefined;
    }
    const input = planImplementation(session.input, session.result, implement);
    if (!input) {
      this.note(session, 'There is no plan to implement: this task did not end with a plan of steps.');
      return undefined;
    }
    return this.start(newId('r'), session.conversationId, input, session.origin);
  }

  async preview(requestId: string): Promise<void> {
    const session = this.known(requestId);
    const changeSet = await this.pendingChanges(session, { writing: true });
    if (!session || !changeSet) return;
    const outcome = await this.deps.actions.preview(changeSet);
    // Accept All / Reject All in the preview's editor; the card's own buttons report for themselves.
    if (outcome && !session.acting) await this.settled(session, outcome);
  }

  async accept(requestId: string): Promise<ChangeOutcome | undefined> {
    const session = this.known(requestId);
    const changeSet = await this.pendingChanges(session, { writing: true });
    if (!session || !changeSet) return undefined;
    session.acting = true;
    try {
      const outcome = await this.deps.actions.accept(changeSet);
      await this.settled(session, outcome);
      return outcome;
    } finally {
      session.acting = false;
    }
  }

  async reject(requestId: string): Promise<void> {
    const session = this.known(requestId);
    const changeSet = await this.pendingChanges(session);
    if (!session || !changeSet) return;
    session.acting = true;
    try {
      await this.settled(session, await this.deps.actions.reject(changeSet));
    } finally {
      session.acting = false;
    }
  }

  private run(session: TaskSession, resumeFrom?: TaskResult): void {
    const abort = new AbortController();
    session.abort = abort;
    // A resume reports every phase again (the reused ones as they were): the list starts over.
    this.deps.sessions.update(session.requestId, (s) => ({ ...s, finished: [], savedAt: Date.now() }));
    if (resumeFrom) session.accumulator = cardFor(session.requestId, session.conversationId, session.messageId, session.input, session.accumulator.card());
    session.running = this.deps.runner
      .run(session.input, {
        origin: session.origin,
        signal: abort.signal,
        ...(resumeFrom ? { resumeFrom } : {}),
        approvePlan: (plan, signal) => this.approvePlan(session, plan, signal),
        // Started in the chat view or by a command: Switchboard asks before each external call.
        externalTools: 'ask',
        onEvent: (event) => this.forward(session, event),
      })
      .then((result) => {
        session.result = result;
        session.abort = undefined;
        session.running = undefined;
        this.deps.sessions.update(session.requestId, (s) => ({ ...s, taskId: result.taskId, result, savedAt: Date.now() }));
        return result;
      });
  }

  private forward(session: TaskSession, event: TaskEvent): void {
    if (event.type === 'task-start') this.deps.sessions.update(session.requestId, (s) => ({ ...s, taskId: event.taskId }));
    // Kept as each phase ends, so a window closing mid-task leaves them to resume from.
    if (event.type === 'phase-end') this.deps.sessions.update(session.requestId, (s) => ({ ...s, finished: [...s.finished, event.result], savedAt: Date.now() }));
    for (const message of session.accumulator.push(event)) this.deps.chat.post(message);
    if (event.type === 'task-start') for (const text of session.pendingNotes.splice(0)) this.forward(session, { type: 'note', taskId: event.taskId, text });
    // Route events stream many times a second: the card is stored (and written to disk) on the rest.
    // A conversation deleted while its task ran keeps no card.
    if (this.deps.store.has(session.conversationId)) this.deps.store.putTask(session.conversationId, session.accumulator.card(), event.type !== 'phase-route');
  }

  private note(session: TaskSession, text: string): void {
    this.forward(session, { type: 'note', taskId: session.result?.taskId ?? session.accumulator.card().taskId ?? '', text });
  }

  /** On the card when a view is showing; otherwise a modal, so a task started from a command never waits unseen. */
  private approvePlan(session: TaskSession, plan: Plan, signal: AbortSignal): Promise<PlanApproval> {
    if (!this.deps.chat.isViewReady) return approvePlanModal(plan);
    session.pendingPlan = plan;
    return new Promise<PlanApproval>((resolve) => {
      const answer = (approval: PlanApproval) => {
        session.answerPlan = undefined;
        session.pendingPlan = undefined;
        signal.removeEventListener('abort', onAbort);
        resolve(approval);
      };
      const onAbort = () => answer({ kind: 'cancel' });
      signal.addEventListener('abort', onAbort, { once: true });
      session.answerPlan = answer;
    });
  }

  private answerPlan(message: Extract<TaskViewMessage, { type: 'task/plan' }>): void {
    const session = this.sessions.get(message.requestId);
    if (!session?.answerPlan || !session.pendingPlan) return;
    if (message.answer === 'cancel') {
      session.answerPlan({ kind: 'cancel' });
      return;
    }
    const plan: Plan = message.steps ? { summary: session.pendingPlan.summary, steps: message.steps.map((s) => ({ title: s.title, ...(s.detail ? { detail: s.detail } : {}), files: [...s.files] })) } : session.pendingPlan;
    session.answerPlan({ kind: 'accept', plan });
  }

  /** What the person decided about the change set, on the card; after Accept, the test command. */
  private async settled(session: TaskSession, outcome: ChangeOutcome): Promise<void> {
    if (outcome.kind !== 'unchanged') this.recordChange(session, outcome.kind);
    switch (outcome.kind) {
      case 'accepted': {
        session.accepted = true;
        this.deps.sessions.update(session.requestId, (s) => ({ ...s, accepted: true }));
        const skipped = outcome.skipped.length ? ` Left as you changed them: ${outcome.skipped.join(', ')}.` : '';
        this.note(session, `Accepted: ${plural(outcome.written, 'file')} written as one step (Undo restores them).${skipped}`);
        const after = await this.deps.actions.afterAccept(outcome);
        if (after.refineWith) await this.feedback(session.requestId, after.refineWith);
        return;
      }
      case 'rejected':
        this.note(session, 'Rejected: nothing was written.');
        return;
      case 'unchanged':
        this.note(session, outcome.reason);
        return;
    }
  }

  /** The person's verdict on the change, against the attempt whose change set it is. */
  private recordChange(session: TaskSession, value: 'accepted' | 'rejected'): void {
    const producer = session.result ? changeProducer(session.result) : undefined;
    const by = producer ? phaseTarget(producer) : undefined;
    if (by && this.deps.signals) sendSignal(this.deps.signals, { kind: 'task-change', value, ...by });
  }

  /** The change set the card's button acts on, unless it is not to be offered; `writing`: Preview and Accept, which may write it. */
  private async pendingChanges(session: TaskSession | undefined, { writing = false } = {}) {
    if (!session || session.running) return undefined;
    if (session.accepted) {
      this.note(session, 'This change set was already accepted.');
      return undefined;
    }
    const changeSet = proposedChangeSet(session.result);
    if (!changeSet) {
      this.note(session, 'This task proposes no change.');
      return undefined;
    }
    // Validated against the files as they were when the task ran: after a reload, a file changed
    // since then makes that validation (and the diff) stale, so it is refused rather than offered.
    if (session.restored) {
      const stale = await this.deps.actions.stale(changeSet);
      if (stale) {
        this.deps.log.info(`Task ${session.result?.taskId ?? session.requestId}: the stored change set is stale: ${stale}.`);
        this.note(session, `This change set is out of date: ${stale}. Nothing was written; run the task again (or send feedback for a new round).`);
        return undefined;
      }
    }
    // Files it does not touch may have changed since it was validated (an importer, a module it imports).
    const outdated = writing ? await this.deps.actions.outdated(changeSet, session.result?.validation) : undefined;
    if (outdated) {
      this.deps.log.info(`Task ${session.result?.taskId ?? session.requestId}: the change set is out of date: ${outdated}.`);
      this.note(session, `This change set is out of date: ${outdated}. Nothing was written; send feedback for a new round, or run the task again.`);
      return undefined;
    }
    return changeSet;
  }

  /** The session, restored from storage after a reload when it can be; otherwise an error on the card's request. */
  private known(requestId: string): TaskSession | undefined {
    const session = this.sessions.get(requestId) ?? this.restore(requestId);
    if (!session) this.deps.chat.post({ type: 'error', requestId, message: 'That task’s change set is no longer kept (only the 50 latest tasks are): run it again.' });
    return session;
  }

  /** The session when it exists and is not running (a second run of one card waits for the first to end). */
  private idle(requestId: string, what: string): TaskSession | undefined {
    const session = this.sessions.get(requestId) ?? this.restore(requestId);
    if (!session) {
      this.deps.chat.post({ type: 'error', requestId, message: `Switchboard cannot ${what} that task any more: what it ran is no longer kept (only the 50 latest tasks are). Run it again.` });
      return undefined;
    }
    if (session.running) return undefined;
    return session;
  }

  /** A card from before a window reload, kept in the sessions again (restoredSession). */
  private restore(requestId: string): TaskSession | undefined {
    const session = restoredSession(requestId, this.deps);
    if (session) this.sessions.set(requestId, session);
    return session;
  }

  dispose(): void {
    this.subscription.dispose();
    for (const session of this.sessions.values()) this.stop(session.requestId);
  }
}

/** Opens a finding's or diagnostic's file at a 1-based line. */
async function openAt(path: string, line: number): Promise<void> {
  const found = await resolveWorkspaceFile(path);
  if ('error' in found || !found.exists) {
    void vscode.window.showWarningMessage(`Switchboard: cannot open ${path}: ${'error' in found ? found.error : 'it does not exist'}.`);
    return;
  }
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  await vscode.window.showTextDocument(found.uri, { selection: new vscode.Range(position, position), preview: true });
}
