import type { StoredMessage, StoredUserMessage } from '../../core/chat/conversationSchema';
import type { MessageView, UserMessageView } from '../../protocol/chatProtocol';

// These mappings are plain copies only because the core's and the protocol's vocabularies agree;
// the checks that make a drift fail to compile live beside them, and travel with them.
export type { VocabularyChecks } from './vocabularyChecks';

/** A stored prompt as the chat view shows it. */
export function toUserView(message: StoredUserMessage): UserMessageView {
  return {
    role: 'user',
    id: message.id,
    text: message.text,
    capability: message.capability,
    ...(message.modelId ? { modelId: message.modelId } : {}),
    chips: message.chips,
    createdAt: message.createdAt,
  };
}

/** What the webview may see of a stored message: the resolved context text and apply target stay in the host. */
export function toMessageView(message: StoredMessage): MessageView {
  if (message.role === 'user') return toUserView(message);
  // A stored card is the card as the view drew it: vocabularyChecks holds the two shapes equal.
  if (message.role === 'task') return message;
  return {
    role: 'assistant',
    id: message.id,
    requestId: message.requestId,
    text: message.text,
    ...(message.reasoning ? { reasoning: message.reasoning } : {}),
    status: message.status,
    ...(message.meta ? { meta: message.meta } : {}),
    ...(message.error ? { error: message.error } : {}),
    ...(message.rating ? { rating: message.rating } : {}),
    createdAt: message.createdAt,
  };
}
