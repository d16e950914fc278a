import type { HostToWebview, MessageView } from '../../protocol/chatProtocol';
import { applyTaskCardUpdate } from '../../protocol/taskCard';

type TaskEventMessage = Extract<HostToWebview, { type: 'task/event' }>;

interface WithMessages {
  readonly currentConversationId: string | undefined;
  readonly messages: readonly MessageView[];
}

/**
 * Folds a `task/event` into the shown conversation with the protocol's own reducer (the host folds
 * the same updates into the stored card). A task started from an empty view opened its
 * conversation: the view adopts it, as it does for a first prompt.
 */
export function foldTaskEvent<S extends WithMessages>(state: S, event: TaskEventMessage): S {
  let conversationId = state.currentConversationId;
  if (event.conversationId !== conversationId) {
    const adopt = event.event.kind === 'started' && conversationId === undefined && state.messages.length === 0;
    if (!adopt) return state;
    conversationId = event.conversationId;
  }
  const index = state.messages.findIndex((m) => m.role === 'task' && m.requestId === event.requestId);
  const found = state.messages[index];
  const current = found?.role === 'task' ? found : undefined;
  const next = applyTaskCardUpdate(current, event.event);
  if (!next || next === current) return state;
  const messages = index >= 0 ? state.messages.map((m, i) => (i === index ? next : m)) : [...state.messages, next];
  return { ...state, currentConversationId: conversationId, messages };
}
