import { answerTarget } from '../../core/chat/answerTarget';
import type { ConversationStore } from '../../core/chat/conversationStore';
import type { Logger } from '../../core/log/logger';
import type { QualitySignal } from '../../core/metrics/qualitySignal';
import type { Engine } from '../engine/engine';

/**
 * Records what the person did with a chat answer (Apply accepted, rated down, retried elsewhere)
 * against the attempt that produced it. An answer without a model (an error before any call) has
 * nothing to learn from and records nothing. Never throws: a signal is worth less than the action.
 */
export function recordAnswerSignal(
  deps: { readonly engine: Engine; readonly store: ConversationStore; readonly log?: Logger },
  conversationId: string,
  messageId: string,
  kind: QualitySignal['kind'],
  value: QualitySignal['value'],
): void {
  const attempt = answerTarget(deps.store, conversationId, messageId);
  if (!attempt) return;
  try {
    deps.engine.metrics.recordSignal({ time: Date.now(), kind, value, ...attempt, workspace: deps.engine.workspaceId });
  } catch (error) {
    deps.log?.warn(`Could not record a quality signal (${kind} ${value}): ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The person rated a finished answer (thumbs up or down, or took the rating back): the rating is
 * kept on the stored answer, so the footer shows it again, and recorded as a quality signal against
 * its attempt. Only a finished answer with a model can be rated; anything else is logged and ignored.
 */
export function rateAnswer(
  deps: { readonly engine: Engine; readonly store: ConversationStore; readonly log?: Logger },
  conversationId: string,
  messageId: string,
  rating: 'up' | 'down' | 'none',
): boolean {
  if (!answerTarget(deps.store, conversationId, messageId, 'done')) {
    deps.log?.warn(`Chat: a rating for answer ${messageId} was ignored (no finished answer from a model there).`);
    return false;
  }
  deps.store.updateAnswer(conversationId, messageId, ({ rating: _old, ...answer }) => (rating === 'none' ? answer : { ...answer, rating }));
  recordAnswerSignal(deps, conversationId, messageId, 'rating', rating === 'none' ? 'cleared' : rating);
  return true;
}
