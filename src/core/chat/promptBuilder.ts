import type { ChatMessage, ModelRequest } from '../providers/contract';
import type { RoutedCapability } from './chatVocabulary';
import type { ResolvedContext, StoredMessage, StoredUserMessage } from './conversationSchema';

/**
 * How each capability asks its model to answer. Code that may be applied goes in fenced blocks
 * whose info string names the language and, when it is a whole file, its path: the chat view
 * offers Apply on those blocks.
 */
const COMMON =
  'You are Switchboard, a coding assistant inside VS Code. Answer in GitHub-flavoured Markdown. Put code in fenced blocks with a language, e.g. ```ts; when a block is the complete new content of a file, add its workspace-relative path after the language, e.g. ```ts src/app.ts. Be concise and concrete.';

export const SYSTEM_PROMPTS: Readonly<Record<RoutedCapability, string>> = {
  understand: `${COMMON} You explain code: say what it does, why, and anything surprising, referring to names and lines in the context.`,
  generate: `${COMMON} You write and change code. When asked to change the selected code, answer with ONE fenced block holding the full replacement for the selection (same indentation), then at most a few sentences on what changed.`,
  review: `${COMMON} You review code: list concrete problems (bugs first, then risks, then style) with the line they are on and a fix for each. Say so plainly when you find nothing serious.`,
  plan: `${COMMON} You plan work: break the task into ordered, verifiable steps, name the files and functions each step touches, and call out risks and open questions.`,
};

/** Most characters of context one request carries; beyond it the context is cut and says so. */
export const MAX_CONTEXT_CHARS = 60_000;
/** Earlier turns kept in the request, newest first, within this many characters. */
export const MAX_HISTORY_CHARS = 24_000;

function fence(text: string): string {
  // A fence longer than any backtick run inside, so the context cannot close it early.
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

/** Renders resolved chips (and any ranked repo map) as one block of context for the prompt. */
export function renderContext(context: readonly ResolvedContext[], repoMap?: string): string {
  const parts: string[] = [];
  let budget = MAX_CONTEXT_CHARS;
  for (const c of context) {
    if (budget <= 0) {
      parts.push(`(${c.label} left out: the context limit was reached)`);
      continue;
    }
    const text = c.text.length > budget ? `${c.text.slice(0, budget)}\n… (cut at ${budget} characters)` : c.text;
    budget -= text.length;
    const f = fence(text);
    parts.push(`${c.label}:\n${f}${c.languageId ?? ''}\n${text}\n${f}`);
  }
  if (repoMap && repoMap.trim().length > 0) parts.push(`Related code in the workspace (ranked map of declarations):\n${repoMap}`);
  return parts.join('\n\n');
}

function userContent(message: StoredUserMessage, repoMap?: string): string {
  const context = renderContext(message.context, repoMap);
  return context ? `${context}\n\n${message.text}` : message.text;
}

/**
 * The request for answering `prompt` after `history`: the capability's system prompt, earlier turns
 * that fit (finished answers only; their context is not repeated), then the prompt with its context.
 */
export function buildRequest(capability: RoutedCapability, history: readonly StoredMessage[], prompt: StoredUserMessage, repoMap?: string): ModelRequest {
  const turns: ChatMessage[] = [];
  let budget = MAX_HISTORY_CHARS;
  for (let i = history.length - 1; i >= 0 && budget > 0; i--) {
    const m = history[i];
    // A task card is not a turn of the conversation: its phases had their own prompts.
    if (!m || m.role === 'task') continue;
    if (m.role === 'assistant' && (m.status !== 'done' || m.text.length === 0)) continue;
    const content = m.text;
    if (content.length > budget) break;
    budget -= content.length;
    turns.unshift({ role: m.role, content });
  }
  // Providers expect turns to alternate; an unanswered prompt followed by another is merged away.
  const alternating: ChatMessage[] = [];
  for (const t of turns) {
    const last = alternating.at(-1);
    if (last && last.role === t.role) alternating[alternating.length - 1] = { ...t, content: `${last.content}\n\n${t.content}` };
    else alternating.push(t);
  }
  while (alternating[0]?.role === 'assistant') alternating.shift();
  if (alternating.at(-1)?.role === 'user') alternating.pop();
  return {
    messages: [{ role: 'system', content: SYSTEM_PROMPTS[capability] }, ...alternating, { role: 'user', content: userContent(prompt, repoMap) }],
  };
}
