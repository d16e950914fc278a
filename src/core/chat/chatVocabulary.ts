import { ERROR_KINDS } from '../providers/contract';

/**
 * The chat's own words, persisted with every conversation: what a prompt asked for, why an answer
 * failed, which command a button runs. The chat protocol spells the same lists for the wire;
 * src/presentation/chat/vocabularyChecks.ts fails to compile if the two ever differ.
 */

/** What a prompt may ask for: `auto` lets the router classify the request. */
export const CHAT_CAPABILITIES = ['auto', 'understand', 'generate', 'review', 'plan'] as const;
export type ChatCapability = (typeof CHAT_CAPABILITIES)[number];
/** A capability an answer was actually routed to (never `auto`). */
export type RoutedCapability = Exclude<ChatCapability, 'auto'>;

/** The provider's error kinds plus what can go wrong around the router. */
export const ANSWER_ERROR_KINDS = [...ERROR_KINDS, 'budget', 'no-candidate', 'tier-down', 'internal'] as const;
export type AnswerErrorKind = (typeof ANSWER_ERROR_KINDS)[number];

/** Commands a button under an answer (or on the welcome) may run. */
export const WELCOME_ACTIONS = ['setApiKey', 'addModel', 'openSettings', 'showModels', 'showLog', 'openLocalOnlySetting'] as const;
export type WelcomeAction = (typeof WELCOME_ACTIONS)[number];
