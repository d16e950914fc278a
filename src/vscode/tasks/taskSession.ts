import type { ConversationStore } from '../../core/chat/conversationStore';
import type { StoredTaskMessage } from '../../core/chat/conversationSchema';
import type { Logger } from '../../core/log/logger';
import type { AttemptOrigin } from '../../core/metrics/attemptRecord';
import { interruptedResult } from '../../core/tasks/storedTaskSession';
import type { TaskSessionStore } from '../../core/tasks/taskSessionStore';
import type { Plan, PlanApproval, TaskInput, TaskResult } from '../../core/tasks/taskTypes';
import { TaskCardAccumulator } from '../../presentation/tasks/taskCard';
import { plural } from '../../shared/figures';

/** One task shown as a card: it outlives its run, for Preview, Accept, feedback and Resume. */
export interface TaskSession {
  readonly requestId: string;
  readonly conversationId: string;
  readonly messageId: string;
  readonly origin: AttemptOrigin;
  input: TaskInput;
  accumulator: TaskCardAccumulator;
  abort?: AbortController;
  running?: Promise<TaskResult>;
  result?: TaskResult;
  /** Answers the plan shown for approval on the card. */
  answerPlan?: (approval: PlanApproval) => void;
  /** The plan waiting for approval (the card sends back only the steps). */
  pendingPlan?: Plan;
  /** The change set of this result was written: it is not offered again. */
  accepted: boolean;
  /** Said on the card once it has started (a chip that could not be read). */
  pendingNotes: string[];
  /** The card's Accept or Reject is writing or closing: the open preview's own answer is that same one, not a second. */
  acting: boolean;
  /** Read back from storage after a window reload: its change set is checked against the files before it is offered. */
  restored?: boolean;
}

/** A card's accumulator: a new card, or one carrying on from `resumeCard` (a Resume, a card read back after a reload). */
export function cardFor(requestId: string, conversationId: string, messageId: string, input: TaskInput, resumeCard?: ReturnType<TaskCardAccumulator['card']>): TaskCardAccumulator {
  return new TaskCardAccumulator({
    conversationId,
    requestId,
    messageId,
    instruction: input.instruction,
    createdAt: resumeCard?.createdAt ?? Date.now(),
    ...(input.preferModel ? { preferModel: input.preferModel } : {}),
    ...(resumeCard ? { resumeCard } : {}),
  });
}

/**
 * A card from before a window reload: its stored session (input, finished phases, result) and its
 * stored card. A task the reload cut short resumes from the phases it had finished. Undefined when
 * either is no longer kept.
 */
export function restoredSession(requestId: string, deps: { readonly sessions: TaskSessionStore; readonly store: ConversationStore; readonly log: Logger }): TaskSession | undefined {
  const stored = deps.sessions.get(requestId);
  if (!stored || !deps.store.has(stored.conversationId)) return undefined;
  const card = deps.store.get(stored.conversationId)?.messages.find((m): m is StoredTaskMessage => m.role === 'task' && m.requestId === requestId);
  if (!card) return undefined;
  const result = stored.result ?? interruptedResult(stored);
  const session: TaskSession = {
    requestId,
    conversationId: stored.conversationId,
    messageId: stored.messageId,
    origin: stored.origin,
    input: stored.input,
    accumulator: cardFor(requestId, stored.conversationId, stored.messageId, stored.input, card),
    ...(result ? { result } : {}),
    accepted: stored.accepted,
    pendingNotes: [],
    acting: false,
    restored: true,
  };
  deps.log.info(`Task ${result?.taskId ?? requestId}: restored from storage (${result ? `${result.status}, ${plural(result.phases.length, 'phase')} kept` : 'not started'}).`);
  return session;
}
