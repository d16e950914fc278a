import { LRUCache } from 'lru-cache';
import { o200kIfReady } from '../tokens/o200k';
import type { ChatMessage, ModelRequest } from './contract';

/**
 * Token estimates with a real tokenizer (o200k, the encoding of current OpenAI models). Other
 * providers tokenize differently, so these are estimates for budgeting and for usage a server did
 * not report — never a substitute for reported figures.
 */

// Text a user pastes may contain "<|endoftext|>" and friends; count them as plain text.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** Above this many characters, tokenize samples and scale instead of the whole text. */
const SAMPLE_THRESHOLD_CHARS = 256_000;
const SAMPLE_COUNT = 8;
const SAMPLE_CHARS = 8_000;

/** Per-message framing tokens in the chat format (role markers), as OpenAI documents them. */
const MESSAGE_OVERHEAD_TOKENS = 4;
const REPLY_PRIMER_TOKENS = 3;

/**
 * Before the tokenizer is loaded (the extension host loads it when idle, not on the first request),
 * an upper-side count: o200k gives a run of ASCII letters or digits a token per 3–6 characters, an
 * ASCII symbol or line break usually one of its own (JSON and dense code are mostly symbols), a space
 * none beside a word, indentation one, and a CJK character about one. Counting a token per 3 letters
 * and one per anything else but a single space errs on the side of more tokens, the safe side for
 * budgets and context fit.
 */
function upperEstimate(text: string): number {
  let tokens = 0;
  let letters = 0;
  let spaces = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (alnum) {
      letters++;
      continue;
    }
    tokens += Math.ceil(letters / 3);
    letters = 0;
    if (c === 32 || c === 9) {
      spaces++;
      continue;
    }
    // Indentation is a token of its own; a single space rides with the word after it.
    if (spaces > 1) tokens++;
    spaces = 0;
    tokens++;
  }
  return tokens + Math.ceil(letters / 3) + (spaces > 1 ? 1 : 0);
}

/**
 * Counts of recent texts. Every request sends the same system prompt again, and a conversation its
 * whole history, so most of a prompt was counted on an earlier turn: looking a text up costs a hash
 * of its characters, counting it a pass of the tokenizer over them, which was most of the router's
 * time before a call (bench/structured). Bounded in entries and characters; oldest first out.
 */
const counted = new LRUCache<string, number>({ max: 512, maxSize: 4_000_000, sizeCalculation: (_tokens, text) => text.length });

export function estimateTokens(text: string): number {
  if (text.length === 0) {
    return 0;
  }
  const tokenizer = o200kIfReady();
  if (!tokenizer) {
    // Not remembered: once the tokenizer is loaded, the same text gets its real count.
    return upperEstimate(text);
  }
  if (text.length <= SAMPLE_THRESHOLD_CHARS) {
    const known = counted.get(text);
    if (known !== undefined) return known;
    const tokens = tokenizer.countTokens(text, PLAIN_TEXT);
    counted.set(text, tokens);
    return tokens;
  }
  // Huge inputs: tokenizing megabytes on the extension host would stall it, and an estimate of an
  // estimate is good enough for budgets and context fit. Samples spread over the text keep mixed
  // content (code, prose, data) represented.
  const stride = Math.floor((text.length - SAMPLE_CHARS) / (SAMPLE_COUNT - 1));
  let sampledTokens = 0;
  for (let i = 0; i < SAMPLE_COUNT; i++) {
    const start = i * stride;
    sampledTokens += tokenizer.countTokens(text.slice(start, start + SAMPLE_CHARS), PLAIN_TEXT);
  }
  return Math.ceil((sampledTokens / (SAMPLE_COUNT * SAMPLE_CHARS)) * text.length);
}

export function estimateMessagesTokens(messages: readonly ChatMessage[]): number {
  if (messages.length === 0) {
    return 0;
  }
  let total = REPLY_PRIMER_TOKENS;
  for (const message of messages) {
    total += MESSAGE_OVERHEAD_TOKENS + estimateTokens(message.content);
    if (message.role === 'assistant') {
      for (const call of message.toolCalls ?? []) total += estimateTokens(`${call.name}${JSON.stringify(call.arguments)}`);
    } else if (message.role === 'tool') {
      total += estimateTokens(message.toolName);
    }
  }
  return total;
}

/**
 * A bound no count of these messages can pass, found without reading their text: every o200k token
 * covers at least one UTF-8 byte, and a UTF-16 code unit is at most three of them. Loose (about a
 * dozen times the count of English), it still answers "does this prompt fit?" for most prompts
 * without the tokenizer, whose pass over a new text cost more than the rest of the router's plan
 * (bench/structured). Above every estimate here, before the tokenizer loads and after.
 */
export function messagesUpperBound(messages: readonly ChatMessage[]): number {
  if (messages.length === 0) {
    return 0;
  }
  let total = REPLY_PRIMER_TOKENS;
  for (const message of messages) {
    total += MESSAGE_OVERHEAD_TOKENS + 3 * message.content.length;
    if (message.role === 'assistant') {
      for (const call of message.toolCalls ?? []) total += 3 * (call.name.length + JSON.stringify(call.arguments).length);
    } else if (message.role === 'tool') {
      total += 3 * message.toolName.length;
    }
  }
  return total;
}

/** A whole request's prompt: its messages, and the tool definitions and schema sent with them. */
export function estimateRequestTokens(request: ModelRequest): number {
  let total = estimateMessagesTokens(request.messages);
  for (const tool of request.tools ?? []) total += estimateTokens(`${tool.name}${tool.description ?? ''}${JSON.stringify(tool.inputSchema)}`);
  if (request.responseSchema) total += estimateTokens(JSON.stringify(request.responseSchema.schema));
  return total;
}
