import { z } from 'zod';
import { ANSWER_RATINGS, CHAT_CAPABILITIES, COMPLETION_KINDS, WELCOME_ACTIONS } from './wireVocabulary';

// The chat protocol, webview → host: zod schemas the host parses every message with (see chatProtocol.ts).

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
    /** Carries out a finished Plan task's plan: an Implement task below it, starting from that plan. */
    byRequest('task/implement'),
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
