import type { TaskCardUpdate, TaskCardView } from './taskCard';
import type { ContextChip } from './webviewToHost';
import type { AnswerRating, ChatCapability, RoutedCapability, WelcomeAction } from './wireVocabulary';

// The chat protocol, host → webview: trusted, plain types (see chatProtocol.ts).

// ---------------------------------------------------------------------------------------------
// Host → webview (trusted; plain types)
// ---------------------------------------------------------------------------------------------

/** What the welcome shows. Counts and names only: never a key. */
export interface SetupSummary {
  readonly models: number;
  readonly tiersFilled: number;
  readonly tiersTotal: number;
  /** Labels of providers whose key is required but missing. */
  readonly keysMissing: readonly string[];
  /** Models whose local server is down or lacks them, with why: "local-coder: Ollama is not running at …". */
  readonly localModelsDown: readonly string[];
  readonly problems: number;
  readonly restricted: boolean;
  /** privacy.localOnly is on and every configured model runs in the cloud: nothing may answer. */
  readonly localOnlyExcludesAll?: boolean;
}

export interface ConversationSummary {
  readonly id: string;
  readonly title: string;
  /** Epoch ms of the last message. */
  readonly updatedAt: number;
  readonly messageCount: number;
}

/** A chip as shown back to the person (the host adds a label such as "src/a.ts:10-24"). */
export type ChipView = ContextChip & { readonly label: string };

export interface UserMessageView {
  readonly role: 'user';
  readonly id: string;
  readonly text: string;
  readonly capability: ChatCapability;
  readonly modelId?: string;
  readonly chips: readonly ChipView[];
  readonly createdAt: number;
}

export type AnswerStatus = 'streaming' | 'done' | 'error' | 'cancelled';

export interface AssistantMessageView {
  readonly role: 'assistant';
  readonly id: string;
  /** The request that produced it: stream events name it. */
  readonly requestId: string;
  /** Markdown source; untrusted model output, rendered only through the sanitizing renderer. */
  readonly text: string;
  /** What the model thought before (or between) its answer: untrusted plain text, shown folded, never as HTML. */
  readonly reasoning?: string;
  readonly status: AnswerStatus;
  readonly meta?: AnswerMeta;
  readonly error?: AnswerError;
  /** The person's rating, when they gave one. */
  readonly rating?: AnswerRating;
  readonly createdAt: number;
}

/** A multi-model task, drawn as a card in the conversation (see ./taskCard). */
export type TaskMessageView = TaskCardView;

export type MessageView = UserMessageView | AssistantMessageView | TaskMessageView;

/** How the capability was chosen: by the person's picker, a command, the classify model or the rules. */
export type CapabilitySource = 'user' | 'command' | 'model' | 'rules' | 'rules-after-model-failure' | 'rules-below-threshold';

export interface FallbackTaken {
  readonly from: string;
  /** Undefined when no model was left to fall back to. */
  readonly to?: string;
  /** Words for a person, e.g. "rate limited (429), retry after 20 s". */
  readonly reason: string;
  readonly errorKind?: AnswerErrorKind;
}

export interface TokenCounts {
  readonly input?: number;
  readonly output?: number;
  /** Cache-read input tokens. */
  readonly cached?: number;
  /** Any figure came from a tokenizer estimate rather than the provider. */
  readonly estimated: boolean;
  /** Which figures are estimates (absent in answers stored before figures were marked one by one). */
  readonly estimatedFigures?: readonly TokenFigureName[];
}

export type TokenFigureName = 'input' | 'output' | 'cached';

/** Everything the footer under an answer shows. */
export interface AnswerMeta {
  readonly capability: RoutedCapability;
  readonly capabilitySource: CapabilitySource;
  /** The router's sentence, e.g. "review → claude-sonnet (primary); gpt-4o skipped: circuit open since 10:42". */
  readonly explanation: string;
  /** The model whose text this is; undefined when none answered. */
  readonly modelId?: string;
  readonly provider?: string;
  readonly fallbacks: readonly FallbackTaken[];
  readonly tokens: TokenCounts;
  /** Total over every attempt; `null` when any price is unknown (never shown as 0). */
  readonly costUsd: number | null;
  readonly ttftMs?: number;
  readonly totalMs: number;
  readonly cached: boolean;
  /** Tokens streamed before a failure: the text is incomplete. */
  readonly partial: boolean;
  readonly experiment?: { readonly id: string; readonly variant: string };
  /** The model the person picked for this answer (the composer, "Retry on it"); `modelId` says who answered. */
  readonly pickedModelId?: string;
  /** The model whose cut-off answer this one continues; tokens, cost and times count both attempts. */
  readonly continuedFrom?: string;
  /**
   * The request's complexity where the classifier gave one (its attempt was recorded under it): what
   * the person later does with this answer (Apply, a rating, a retry) counts for that complexity too.
   */
  readonly complexity?: 'low' | 'medium' | 'high';
  /**
   * The router's id for the request that produced this text (the chat's own request id names the
   * exchange with the view): the attempt records carry it, and quality signals link to them by it.
   */
  readonly routeRequestId?: string;
}

/** The provider's error kinds (as in the provider contract), then what can go wrong around the router. */
export const ANSWER_ERROR_KINDS = [
  'rate-limit',
  'auth',
  'model-not-found',
  'context-window',
  'content-policy',
  'timeout-first-token',
  'timeout-total',
  'network',
  'server',
  'bad-request',
  'cancelled',
  'budget',
  'no-candidate',
  'tier-down',
  'internal',
] as const;
export type AnswerErrorKind = (typeof ANSWER_ERROR_KINDS)[number];

/** A button under a failed answer. */
export type AnswerAction =
  /** `slot`: for `setApiKey`, the key slot of the model that failed, opened without the list. */
  | { readonly kind: 'command'; readonly action: WelcomeAction; readonly label: string; readonly slot?: string }
  /** Retry the same prompt, on `modelId` when given; with `continue`, take the cut-off answer up on it (the router's `continueWith`). */
  | { readonly kind: 'retry'; readonly modelId?: string; readonly continue?: true; readonly label: string };

export interface DownModel {
  readonly modelId: string;
  /** Epoch ms when it may be tried again (circuit half-open, retry-after); undefined when unknown. */
  readonly until?: number;
  readonly reason: string;
}

export interface AnswerError {
  readonly kind: AnswerErrorKind;
  /** A message a person can act on; never contains a key. */
  readonly message: string;
  readonly actions: readonly AnswerAction[];
  /** For `tier-down` (and `no-candidate`): which models are down and until when. */
  readonly downModels?: readonly DownModel[];
}

export interface ModelOption {
  readonly id: string;
  /** e.g. "gpt-4o-mini (OpenAI)". */
  readonly label: string;
  readonly provider: string;
  readonly local: boolean;
  /** False when it cannot be called now (no key, circuit open, localOnly...). */
  readonly usable: boolean;
  readonly unavailableReason?: string;
}

export interface ModelsAvailable {
  /** Every configured model, for the override picker. */
  readonly all: readonly ModelOption[];
  /** Model ids in tier order per capability (the picker lists these first). */
  readonly byCapability: Readonly<Record<RoutedCapability, readonly string[]>>;
}

export interface EditorContextView {
  readonly activeFile?: { readonly path: string; readonly languageId: string };
  readonly selection?: { readonly path: string; readonly startLine: number; readonly endLine: number };
}

export interface CompletionItem {
  readonly kind: 'file' | 'symbol';
  /** What the list shows, e.g. "parseSettings" or "src/core/config/parseSettings.ts". */
  readonly label: string;
  /** Secondary text, e.g. "function · src/core/config/parseSettings.ts:12". */
  readonly detail?: string;
  readonly path: string;
  readonly line?: number;
}

export interface ChatStateSnapshot {
  readonly conversations: readonly ConversationSummary[];
  readonly currentConversationId?: string;
  /** The messages of the current conversation, oldest first. */
  readonly messages: readonly MessageView[];
  readonly models: ModelsAvailable;
  readonly setup: SetupSummary;
  /** False when no model can answer: the view shows the welcome instead of an empty chat. */
  readonly usable: boolean;
  /** Whether an analyzer index exists (`@symbol` completion is offered only then). */
  readonly indexReady: boolean;
  /**
   * The task profiles the composer's mode picker offers (built-ins first, then the person's own);
   * absent or empty, the picker offers Answer only.
   */
  readonly taskProfiles?: readonly TaskProfileOption[];
}

export interface TaskProfileOption {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
}

export type HostToWebview =
  /** Kept from the welcome-only view: the setup summary alone. */
  | { readonly type: 'setup'; readonly summary: SetupSummary }
  /** The whole state; sent after `ready`, after conversation changes, and whenever models change. */
  | { readonly type: 'state'; readonly state: ChatStateSnapshot }
  | { readonly type: 'editorContext'; readonly context: EditorContextView }
  /** A user message appended (or replaced by edit-and-resend: later messages are dropped). */
  | { readonly type: 'message/user'; readonly conversationId: string; readonly message: UserMessageView; readonly replaces?: boolean }
  | {
      readonly type: 'answer/start';
      readonly conversationId: string;
      readonly requestId: string;
      /** The assistant message id the answer will be stored under. */
      readonly messageId: string;
      readonly createdAt: number;
      /**
       * Set when the answer continues the cut-off one stored under `messageId`: the text it starts
       * from. The view streams the continuation onto it, in place of the ended message.
       */
      readonly continues?: string;
    }
  /** Progress before or between tokens: "classifying…", "gpt-4o rate limited, trying claude…". */
  | { readonly type: 'answer/progress'; readonly requestId: string; readonly note: string }
  | { readonly type: 'answer/delta'; readonly requestId: string; readonly text: string }
  /** More of the model's reasoning (appended; a later model's reasoning after a fallback is headed by its id). */
  | { readonly type: 'answer/reasoning'; readonly requestId: string; readonly text: string }
  | {
      readonly type: 'answer/end';
      readonly requestId: string;
      readonly status: Exclude<AnswerStatus, 'streaming'>;
      /** The whole final text (authoritative; replaces what the deltas built). */
      readonly text: string;
      /** The whole reasoning, when the model reasoned (authoritative, like `text`). */
      readonly reasoning?: string;
      readonly meta?: AnswerMeta;
      readonly error?: AnswerError;
    }
  | { readonly type: 'completion'; readonly queryId: string; readonly items: readonly CompletionItem[] }
  /** Fills the composer, e.g. from "Ask About Selection…". */
  | {
      readonly type: 'composer/prefill';
      readonly text: string;
      readonly capability?: ChatCapability;
      readonly chips?: readonly ChipView[];
      /** Send at once instead of waiting for the person (Explain Selection). */
      readonly send?: boolean;
    }
  | {
      readonly type: 'budget/ask';
      readonly requestId: string;
      readonly message: string;
      /** The model 'step-down' would use; absent when none fits. */
      readonly stepDownTo?: string;
    }
  /** A running task's card changed (the host folds the same update into the stored card). */
  | { readonly type: 'task/event'; readonly conversationId: string; readonly requestId: string; readonly event: TaskCardUpdate }
  /** Words for screen readers after an action with no visible trace in the view (e.g. "Inserted into src/a.ts"). */
  | { readonly type: 'announce'; readonly text: string }
  /** A quick pick or input box the view opened (a `run`) was cancelled: focus goes back to the control that opened it. */
  | { readonly type: 'focus/return' }
  /** Something outside an answer went wrong (export failed, stale protocol, bad message...). */
  | { readonly type: 'error'; readonly message: string; readonly requestId?: string; readonly actions?: readonly AnswerAction[] };

export type HostToWebviewType = HostToWebview['type'];
