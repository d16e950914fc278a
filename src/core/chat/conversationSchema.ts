import { z } from 'zod';
import { firstIssue } from '../config/diagnostics';
import { COMPLEXITIES } from '../router/capabilities';
import { ANSWER_ERROR_KINDS, CHAT_CAPABILITIES, WELCOME_ACTIONS } from './chatVocabulary';
import { interruptedTask, storedTaskMessageSchema } from './taskCardSchema';

/**
 * What the chat persists per workspace, as zod schemas: the file is read back on every start and
 * may be stale, hand-edited or torn, so it is validated like any other input.
 */

export const CHAT_STORE_VERSION = 1;

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const routedCapabilitySchema = z.enum(['understand', 'generate', 'review', 'plan']);
const errorKindSchema = z.enum(ANSWER_ERROR_KINDS);
const welcomeActionSchema = z.enum(WELCOME_ACTIONS);

const chipSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('selection'), label: z.string() }),
  z.object({ kind: z.literal('activeFile'), label: z.string() }),
  z.object({ kind: z.literal('file'), path: z.string().min(1), label: z.string() }),
  z.object({ kind: z.literal('symbol'), name: z.string().min(1), path: z.string().min(1), line: z.number().int().min(1).optional(), label: z.string() }),
]);

/** The text a chip stood for when the prompt was sent, so a retry asks the same question. */
export const resolvedContextSchema = z.object({
  label: z.string(),
  /** Workspace-relative path, when the context came from a file. */
  path: z.string().optional(),
  languageId: z.string().optional(),
  /** 1-based inclusive lines, when the context is a range. */
  startLine: z.number().int().min(1).optional(),
  endLine: z.number().int().min(1).optional(),
  text: z.string(),
});
export type ResolvedContext = z.infer<typeof resolvedContextSchema>;

/** Where a code block from this answer applies by default (the selection a command was run on). */
export const applyTargetSchema = z.object({
  path: z.string().min(1),
  startLine: z.number().int().min(1),
  endLine: z.number().int().min(1),
});
export type ApplyTarget = z.infer<typeof applyTargetSchema>;

export const storedUserMessageSchema = z.object({
  role: z.literal('user'),
  id: idSchema,
  text: z.string(),
  capability: z.enum(CHAT_CAPABILITIES),
  modelId: z.string().optional(),
  chips: z.array(chipSchema),
  /** Set by the editor commands (Explain Selection...): how the capability was chosen. */
  fromCommand: z.boolean().optional(),
  context: z.array(resolvedContextSchema),
  applyTarget: applyTargetSchema.optional(),
  createdAt: z.number(),
});

const fallbackSchema = z.object({ from: z.string(), to: z.string().optional(), reason: z.string(), errorKind: errorKindSchema.optional() });

export const answerMetaSchema = z.object({
  capability: routedCapabilitySchema,
  capabilitySource: z.enum(['user', 'command', 'model', 'rules', 'rules-after-model-failure', 'rules-below-threshold']),
  explanation: z.string(),
  modelId: z.string().optional(),
  provider: z.string().optional(),
  fallbacks: z.array(fallbackSchema).readonly(),
  tokens: z.object({
    input: z.number().optional(),
    output: z.number().optional(),
    cached: z.number().optional(),
    estimated: z.boolean(),
    // Absent in answers stored before each figure was marked by its own source.
    estimatedFigures: z.array(z.enum(['input', 'output', 'cached'])).readonly().optional(),
  }),
  costUsd: z.number().nullable(),
  ttftMs: z.number().optional(),
  totalMs: z.number(),
  cached: z.boolean(),
  partial: z.boolean(),
  experiment: z.object({ id: z.string(), variant: z.string() }).optional(),
  pickedModelId: z.string().optional(),
  continuedFrom: z.string().optional(),
  // Absent in answers stored before signals carried the complexity, and where no classifier gave one.
  complexity: z.enum(COMPLEXITIES).optional(),
  // Absent in answers stored before signals linked to the router's request id (they use the chat's).
  routeRequestId: z.string().max(128).optional(),
});

const answerActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('command'), action: welcomeActionSchema, label: z.string(), slot: z.string().optional() }),
  z.object({ kind: z.literal('retry'), modelId: z.string().optional(), continue: z.literal(true).optional(), label: z.string() }),
]);

export const answerErrorSchema = z.object({
  kind: errorKindSchema,
  message: z.string(),
  actions: z.array(answerActionSchema).readonly(),
  downModels: z.array(z.object({ modelId: z.string(), until: z.number().optional(), reason: z.string() })).readonly().optional(),
});

export const storedAssistantMessageSchema = z.object({
  role: z.literal('assistant'),
  id: idSchema,
  requestId: idSchema,
  text: z.string(),
  // Absent in answers stored before reasoning was kept, and in answers from models that do not reason.
  reasoning: z.string().optional(),
  status: z.enum(['streaming', 'done', 'error', 'cancelled']),
  meta: answerMetaSchema.optional(),
  error: answerErrorSchema.optional(),
  // Thumbs up or down in the footer; absent when never rated (and in answers stored before ratings).
  rating: z.enum(['up', 'down']).optional(),
  createdAt: z.number(),
});

// Task cards came later: conversation files written before them hold no `task` message and still load.
export const storedMessageSchema = z.discriminatedUnion('role', [storedUserMessageSchema, storedAssistantMessageSchema, storedTaskMessageSchema]);

export const conversationSchema = z.object({
  id: idSchema,
  title: z.string(),
  // The person named it (Rename): editing the first message again keeps that name. Absent in
  // conversations stored before renaming, and in those named by their first message.
  named: z.boolean().optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
  messages: z.array(storedMessageSchema),
});

/** A conversation with its messages still unread: each message is read on its own (parseChatStore). */
const conversationShellSchema = conversationSchema.extend({ messages: z.array(z.unknown()) });

export const chatStoreSchema = z.object({
  version: z.literal(CHAT_STORE_VERSION),
  conversations: z.array(z.unknown()),
  /** The conversation the chat showed last (read on its own: a bad one is ignored, not the file). */
  shown: z.unknown().optional(),
});

export type StoredUserMessage = z.infer<typeof storedUserMessageSchema>;
export type StoredAssistantMessage = z.infer<typeof storedAssistantMessageSchema>;
export type StoredAnswerMeta = z.infer<typeof answerMetaSchema>;
export type StoredAnswerError = z.infer<typeof answerErrorSchema>;
export type StoredMessage = z.infer<typeof storedMessageSchema>;
export type { StoredTaskMessage } from './taskCardSchema';
export type Conversation = z.infer<typeof conversationSchema>;
export type StoredChipView = z.infer<typeof chipSchema>;

export interface ParsedChatStore {
  readonly conversations: Conversation[];
  /** The conversation the chat showed last, when the file names one that it holds. */
  readonly shown?: string;
  /** One line per message, conversation (or the whole file) that could not be read, naming where. */
  readonly problems: string[];
}

/**
 * Reads a persisted store. A message that does not read is dropped with a problem naming where, and
 * the rest of its conversation is kept (one damaged answer does not cost the whole conversation); a
 * conversation whose own fields do not read is dropped the same way. An answer that was still
 * streaming when the window closed comes back as cancelled.
 */
export function parseChatStore(raw: unknown): ParsedChatStore {
  if (raw === undefined || raw === null) return { conversations: [], problems: [] };
  const top = chatStoreSchema.safeParse(raw);
  if (!top.success) {
    return { conversations: [], problems: [`chat store: ${top.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`] };
  }
  const conversations: Conversation[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  top.data.conversations.forEach((item, index) => {
    const where = `conversations[${index}]`;
    const shell = conversationShellSchema.safeParse(item);
    if (!shell.success) {
      problems.push(firstIssue(where, shell.error));
      return;
    }
    if (seen.has(shell.data.id)) {
      problems.push(`${where}: duplicate id ${shell.data.id}`);
      return;
    }
    seen.add(shell.data.id);
    const messages: StoredMessage[] = [];
    shell.data.messages.forEach((rawMessage, at) => {
      const message = storedMessageSchema.safeParse(rawMessage);
      if (message.success) messages.push(recovered(message.data));
      else problems.push(`${firstIssue(`${where}.messages[${at}]`, message.error)} (the message is left out, the rest of its conversation kept)`);
    });
    conversations.push({ ...shell.data, messages });
  });
  const shown = idSchema.safeParse(top.data.shown);
  return shown.success && seen.has(shown.data) ? { conversations, shown: shown.data, problems } : { conversations, problems };
}

/** What a message read back means now: an answer or a task that was running when the window closed was cut off. */
function recovered(m: StoredMessage): StoredMessage {
  if (m.role === 'assistant' && m.status === 'streaming') {
    return { ...m, status: 'cancelled' as const, error: m.error ?? { kind: 'cancelled' as const, message: 'Stopped when the window closed.', actions: [] } };
  }
  return m.role === 'task' ? interruptedTask(m) : m;
}
