import { z } from 'zod';
import type { TaskCardUpdate, TaskCardView } from './taskCard';

export * from './taskCard';

/**
 * The one typed protocol between the extension host and the chat webview.
 *
 * - Webview → host messages are zod schemas: the host parses every message with
 *   {@link webviewToHostSchema} (the webview is untrusted input) and logs and ignores what fails.
 * - Host → webview messages are plain TS types: the host is trusted and the webview bundle stays
 *   free of zod (the webview imports this file with `import type` only).
 *
 * Requests carry ids the webview makes up (`requestId`, `queryId`) so replies and stream events can
 * be matched without any shared counter. Nothing here ever carries an API key.
 *
 * A leaf: it imports nothing of ours. Its vocabulary (capabilities, error kinds, welcome actions) is
 * the wire's own; src/presentation checks at compile time that it agrees with the core's.
 */

/** Bumped on any incompatible change; the webview sends it in `ready`, the host compares. */
export const CHAT_PROTOCOL_VERSION = 2;
export type ChatProtocolVersion = typeof CHAT_PROTOCOL_VERSION;

// ---------------------------------------------------------------------------------------------
// Vocabulary shared by both directions
// ---------------------------------------------------------------------------------------------

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

/** Ids minted by either side: short, printable, safe to use in DOM ids and log lines. */
const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "_" or "-"');
/** Workspace-relative path; the host resolves it and refuses anything outside the workspace. */
const pathSchema = z.string().min(1).max(1024);
/**
 * A model id: a bounded token only (no spaces), not the settings' grammar. The host checks that it
 * is in `switchboard.models` and routes as usual when it is not.
 */
const modelIdSchema = z.string().regex(/^\S{1,100}$/, 'must be a model id from switchboard.models (1-100 characters, no spaces)');
const capabilitySchema = z.enum(CHAT_CAPABILITIES);

/** Longest prompt the webview may send; bigger pastes belong in a file chip. */
export const MAX_PROMPT_CHARS = 100_000;
/** Longest code block the webview may hand back for copy/insert/apply. */
export const MAX_CODE_CHARS = 1_000_000;
export const MAX_CHIPS = 32;

/**
 * A reference the person attached to a prompt. Only references travel: the host reads the
 * contents itself at send time (the webview never ships file text to the host).
 */
export const contextChipSchema = z.discriminatedUnion('kind', [
  /** The active editor's selection at the moment of sending. */
  z.object({ kind: z.literal('selection') }).strict(),
  /** The active editor's whole file at the moment of sending. */
  z.object({ kind: z.literal('activeFile') }).strict(),
  z.object({ kind: z.literal('file'), path: pathSchema }).strict(),
  z
    .object({
      kind: z.literal('symbol'),
      name: z.string().min(1).max(512),
      path: pathSchema,
      /** 1-based line of the declaration, when the index knows it. */
      line: z.number().int().min(1).optional(),
    })
    .strict(),
]);
export type ContextChip = z.infer<typeof contextChipSchema>;

// ---------------------------------------------------------------------------------------------
// Webview → host (validated by the host)
// ---------------------------------------------------------------------------------------------

const sendFields = {
  /** Minted by the webview; every stream event and `stop` for this answer uses it. */
  requestId: idSchema,
  text: z.string().min(1).max(MAX_PROMPT_CHARS),
  capability: capabilitySchema,
  /** Skip routing and ask this model (it must be in `switchboard.models`). */
  modelId: modelIdSchema.optional(),
  chips: z.array(contextChipSchema).max(MAX_CHIPS),
};

/** Most steps a plan sent back for approval may hold, and most files per step. */
export const MAX_PLAN_STEPS = 100;
export const MAX_STEP_FILES = 50;

const planStepSchema = z
  .object({
    title: z.string().trim().min(1, 'a step needs a title').max(2_000),
    detail: z.string().max(10_000).optional(),
    files: z.array(pathSchema).max(MAX_STEP_FILES),
  })
  .strict();

/** The task card's buttons: each names the `task/start` request it belongs to. */
function taskMessageSchemas() {
  const byRequest = <T extends string>(type: T) => z.object({ type: z.literal(type), requestId: idSchema }).strict();
  return [
    /** Runs a task with profile `profileId` at the end of `conversationId` (a new conversation when absent). */
    z
      .object({
        type: z.literal('task/start'),
        requestId: idSchema,
        conversationId: idSchema.optional(),
        profileId: idSchema,
        text: z.string().min(1).max(MAX_PROMPT_CHARS),
        chips: z.array(contextChipSchema).max(MAX_CHIPS),
        /** The person's pick: applies to the generate and refine phases. */
        modelId: modelIdSchema.optional(),
      })
      .strict(),
    /** Ends every running phase at once. */
    byRequest('task/stop'),
    /** The answer to a plan shown for approval; `steps` carries the person's edits (accept only). */
    z
      .object({
        type: z.literal('task/plan'),
        requestId: idSchema,
        answer: z.enum(['accept', 'cancel']),
        steps: z.array(planStepSchema).min(1, 'an accepted plan needs at least one step').max(MAX_PLAN_STEPS).optional(),
      })
      .strict()
      .refine((m) => m.answer === 'accept' || m.steps === undefined, { message: 'steps are sent only with answer "accept"', path: ['steps'] }),
    /** Opens the change set's preview (nothing is written). */
    byRequest('task/preview'),
    byRequest('task/accept'),
    byRequest('task/reject'),
    /** Another refine round with the person's words. */
    z.object({ type: z.literal('task/feedback'), requestId: idSchema, text: z.string().trim().min(1, 'feedback must not be empty').max(MAX_PROMPT_CHARS) }).strict(),
    /** Re-runs a failed task from the phase that failed. */
    byRequest('task/resume'),
    /** Opens a finding's or diagnostic's file at a 1-based line. */
    z.object({ type: z.literal('task/open'), path: pathSchema, line: z.number().int().min(1) }).strict(),
  ] as const;
}

export const webviewToHostSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('ready'),
      protocolVersion: z.number().int().min(1),
      /** The conversation shown before the view was hidden, restored from the webview's state. */
      conversationId: idSchema.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('run'),
      action: z.enum(WELCOME_ACTIONS),
      /** For `setApiKey`: the key slot to open directly (`openai`, `anthropic`, `endpoint:<origin>`). */
      slot: z.string().min(1).max(300).optional(),
    })
    .strict(),

  z.object({ type: z.literal('conversation/list') }).strict(),
  z.object({ type: z.literal('conversation/new') }).strict(),
  z.object({ type: z.literal('conversation/select'), conversationId: idSchema }).strict(),
  z.object({ type: z.literal('conversation/delete'), conversationId: idSchema }).strict(),
  /** Asks the host to write the conversation as Markdown (save dialog or untitled document). */
  z.object({ type: z.literal('conversation/export'), conversationId: idSchema }).strict(),

  /** A new prompt at the end of `conversationId` (a new conversation when absent). */
  z.object({ type: z.literal('send'), conversationId: idSchema.optional(), ...sendFields }).strict(),
  /** Cancels the request at once; the host ends the HTTP call and replies with `answer/end`. */
  z.object({ type: z.literal('stop'), requestId: idSchema }).strict(),
  /**
   * Answers the prompt behind assistant message `messageId` again, on `modelId` (or wherever the
   * router sends it when absent). The old answer stays; the new one is appended after it. With
   * `continue`, the cut-off answer `messageId` is taken up where it stopped instead, in place.
   */
  z
    .object({
      type: z.literal('retry'),
      requestId: idSchema,
      conversationId: idSchema,
      messageId: idSchema,
      modelId: modelIdSchema.optional(),
      continue: z.literal(true).optional(),
    })
    .strict(),
  /** Replaces user message `messageId` with new text, drops everything after it and sends again. */
  z.object({ type: z.literal('editResend'), conversationId: idSchema, messageId: idSchema, ...sendFields }).strict(),

  z.object({ type: z.literal('code/copy'), code: z.string().max(MAX_CODE_CHARS) }).strict(),
  z
    .object({
      type: z.literal('code/insert'),
      code: z.string().max(MAX_CODE_CHARS),
      language: z.string().max(64).optional(),
    })
    .strict(),
  /**
   * Asks for a diff preview of applying a code block; nothing changes a file until the person
   * accepts it in the host's diff editor.
   */
  z
    .object({
      type: z.literal('code/apply'),
      conversationId: idSchema,
      messageId: idSchema,
      /** Index of the block within the answer, in document order. */
      blockIndex: z.number().int().min(0),
      code: z.string().max(MAX_CODE_CHARS),
      language: z.string().max(64).optional(),
      /** A path the model named in the fence info (```ts src/a.ts); a hint only, the host checks it. */
      pathHint: pathSchema.optional(),
    })
    .strict(),

  /** `@file:` / `@symbol:` / bare `@` completion; the host answers `completion` with the same queryId. */
  z
    .object({
      type: z.literal('complete'),
      queryId: idSchema,
      kind: z.enum(COMPLETION_KINDS),
      query: z.string().max(256),
    })
    .strict(),

  /** The person's answer to a `budget/ask`. */
  z
    .object({
      type: z.literal('budget/answer'),
      requestId: idSchema,
      answer: z.enum(['allow', 'step-down', 'block']),
    })
    .strict(),

  /** Copies a whole answer (Markdown source) to the clipboard. */
  z.object({ type: z.literal('message/copy'), conversationId: idSchema, messageId: idSchema }).strict(),
  /** Rates finished answer `messageId` (thumbs up or down in its footer); `none` takes the rating back. */
  z
    .object({
      type: z.literal('answer/rate'),
      conversationId: idSchema,
      messageId: idSchema,
      rating: z.enum([...ANSWER_RATINGS, 'none']),
    })
    .strict(),

  ...taskMessageSchemas(),
]);
export type WebviewToHost = z.infer<typeof webviewToHostSchema>;
export type WebviewToHostType = WebviewToHost['type'];

/**
 * Parses one raw message from the webview. On failure returns a one-line reason naming each bad
 * field, ready for the log (it never echoes the message's text, which may be long or private).
 */
export function parseWebviewMessage(raw: unknown): { ok: true; message: WebviewToHost } | { ok: false; reason: string } {
  const parsed = webviewToHostSchema.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  const type = typeof raw === 'object' && raw !== null && 'type' in raw && typeof raw.type === 'string' ? raw.type.slice(0, 40) : '(no type)';
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return { ok: false, reason: `${type}: ${issues}` };
}

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
