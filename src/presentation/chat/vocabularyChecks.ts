import type * as core from '../../core/chat/chatVocabulary';
import type { StoredAnswerError, StoredAnswerMeta, StoredAssistantMessage, StoredTaskMessage } from '../../core/chat/conversationSchema';
import type { ConversationSummary } from '../../core/chat/conversationStore';
import type * as wire from '../../protocol/chatProtocol';

/**
 * The core persists the chat's vocabulary and the protocol carries it; each spells it on its own so
 * neither imports the other. These checks fail to compile the moment the two drift apart, which
 * keeps every mapping in this layer a plain copy. Types only: nothing here runs.
 */

/** True when X and Y are the same type (readonly and optional modifiers included). */
type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
/** True when X can be used where Y is expected. */
type Extends<X, Y> = [X] extends [Y] ? true : false;
type Assert<T extends true> = T;

export type VocabularyChecks = [
  Assert<Equal<core.ChatCapability, wire.ChatCapability>>,
  Assert<Equal<core.RoutedCapability, wire.RoutedCapability>>,
  Assert<Equal<core.AnswerErrorKind, wire.AnswerErrorKind>>,
  Assert<Equal<core.WelcomeAction, wire.WelcomeAction>>,
  Assert<Equal<StoredAnswerMeta['capabilitySource'], wire.CapabilitySource>>,
  Assert<Equal<StoredAssistantMessage['status'], wire.AnswerStatus>>,
  Assert<Equal<StoredAssistantMessage['reasoning'], wire.AssistantMessageView['reasoning']>>,
  Assert<Equal<StoredAssistantMessage['rating'], wire.AssistantMessageView['rating']>>,
  Assert<Equal<ConversationSummary, wire.ConversationSummary>>,
  // What an answer ends with is stored as is, and shown again as it was stored.
  Assert<Extends<wire.AnswerMeta, StoredAnswerMeta>>,
  Assert<Extends<StoredAnswerMeta, wire.AnswerMeta>>,
  Assert<Extends<wire.AnswerError, StoredAnswerError>>,
  Assert<Extends<StoredAnswerError, wire.AnswerError>>,
  // A task card is stored as the view drew it, and drawn again as it was stored.
  Assert<Extends<wire.TaskCardView, StoredTaskMessage>>,
  Assert<Extends<StoredTaskMessage, wire.TaskCardView>>,
];
