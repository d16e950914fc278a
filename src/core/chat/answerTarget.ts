import type { QualitySignal } from '../metrics/qualitySignal';
import type { ConversationStore } from './conversationStore';

/** The attempt a quality signal about a chat answer is recorded against. */
export type AnswerTarget = Pick<QualitySignal, 'requestId' | 'modelId' | 'capability' | 'complexity'>;

/**
 * Which attempt a chat answer came from: the router's request id (as the attempt records have it),
 * and the model, capability and complexity in its meta. With its complexity, a signal counts for that complexity's adaptive
 * scores as well as the capability's. An answer no model gave (an error before any call) has none;
 * with `status`, only an answer in that state counts (a rating needs a finished answer).
 */
export function answerTarget(store: ConversationStore, conversationId: string, messageId: string, status?: 'done'): AnswerTarget | undefined {
  const message = store.get(conversationId)?.messages.find((m) => m.id === messageId);
  if (message?.role !== 'assistant' || !message.meta?.modelId) return undefined;
  if (status !== undefined && message.status !== status) return undefined;
  const { modelId, capability, complexity, routeRequestId } = message.meta;
  // The router's request id is the one the attempt records carry; an answer stored before it was kept has only the chat's.
  return { requestId: routeRequestId ?? message.requestId, modelId, capability, ...(complexity ? { complexity } : {}) };
}
