// The chat protocol's vocabulary, shared by both directions (see chatProtocol.ts).

export const WELCOME_ACTIONS = ['setApiKey', 'addModel', 'openSettings', 'showModels', 'showLog', 'openLocalOnlySetting'] as const;
export type WelcomeAction = (typeof WELCOME_ACTIONS)[number];

/** What the composer's capability picker offers: `auto` lets the router classify the request. */
export const CHAT_CAPABILITIES = ['auto', 'understand', 'generate', 'review', 'plan'] as const;
export type ChatCapability = (typeof CHAT_CAPABILITIES)[number];
/** A capability an answer was actually routed to (never `auto`). */
export type RoutedCapability = Exclude<ChatCapability, 'auto'>;

export const COMPLETION_KINDS = ['file', 'symbol', 'any'] as const;

/** The person's rating of a finished answer: one per answer, changeable; `none` takes it back. */
export const ANSWER_RATINGS = ['up', 'down'] as const;
export type AnswerRating = (typeof ANSWER_RATINGS)[number];
export type CompletionKind = (typeof COMPLETION_KINDS)[number];
