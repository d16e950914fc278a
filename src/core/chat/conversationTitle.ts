import { z } from 'zod';
import type { ChatMessage } from '../providers/contract';
import type { RouteOptions } from '../router/modelRouter';
import { generateObject, type StructuredRouter } from '../structured/generateObject';
import { flatText } from '../../shared/oneLine';
import { titleFrom } from './conversationStore';

/*
 * A conversation's name, written by a model after its first answer, as Copilot Chat and Continue
 * name theirs: "Discount code validation" rather than the first 60 characters of the prompt. Asked
 * of the classify tier (fast, cheap models) as structured output; the router applies privacy,
 * budgets and fallbacks and records the call like any other.
 */

/** What is sent of the exchange: enough to know its subject, not what a long answer costs. */
export const TITLE_LIMITS = { promptChars: 1500, answerChars: 1000 } as const;

/** The answer's shape on the wire. */
export const conversationTitleSchema = z.object({
  title: z.string().describe('3 to 6 words naming what the conversation is about, in the language of the request, no quotes, no final period'),
});

const TITLE_SYSTEM_PROMPT = [
  'You name conversations between a developer and a coding assistant, as a chat history lists them.',
  'Give a title of 3 to 6 words that says what this conversation is about: its subject, not that it is a question.',
  'Use the language of the request. No quotes, no final period, no "Question about" or "Help with".',
  'Reply with one JSON object and nothing else: {"title":"..."}',
].join('\n');

export function titleMessages(prompt: string, answer: string): ChatMessage[] {
  const clip = (text: string, chars: number): string => (text.length <= chars ? text : `${text.slice(0, chars)}…`);
  return [
    { role: 'system', content: TITLE_SYSTEM_PROMPT },
    { role: 'user', content: `Request:\n${clip(prompt.trim(), TITLE_LIMITS.promptChars)}\n\nStart of the answer:\n${clip(answer.trim(), TITLE_LIMITS.answerChars)}` },
  ];
}

/**
 * A model's title made fit for the list: one line, no wrapping quotes or final period, at most the
 * list's title length. Undefined when nothing is left.
 */
export function tidyTitle(raw: string): string | undefined {
  const line = flatText(raw)
    .replace(/^(title:\s*)/i, '')
    .replace(/^["'`“”‘’«»]+|["'`“”‘’«»]+$/g, '')
    .replace(/[.。]+$/, '')
    .trim();
  return line.length === 0 ? undefined : titleFrom(line);
}

export type TitleOutcome = { readonly ok: true; readonly title: string; readonly modelId: string } | { readonly ok: false; readonly reason: 'cancelled' | 'failed'; readonly message: string };

/** Asks the classify tier to name the conversation whose first exchange is `prompt` and `answer`. */
export async function nameConversation(
  router: StructuredRouter,
  prompt: string,
  answer: string,
  options: Pick<RouteOptions, 'signal' | 'workspace' | 'conversationId' | 'origin'> = {},
): Promise<TitleOutcome> {
  const result = await generateObject(
    router,
    'classify',
    conversationTitleSchema,
    { messages: titleMessages(prompt, answer), temperature: 0, maxOutputTokens: 40, schemaName: 'conversation_title', schemaDescription: 'A short name for a conversation.' },
    options,
  );
  if (!result.ok) return { ok: false, reason: result.reason === 'cancelled' ? 'cancelled' : 'failed', message: result.message };
  const title = tidyTitle(result.object.title);
  if (title === undefined) return { ok: false, reason: 'failed', message: `${result.modelId} gave an empty title` };
  return { ok: true, title, modelId: result.modelId };
}
