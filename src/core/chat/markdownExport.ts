import { describeCapabilityChoice } from '../../shared/capabilityWords';
import { type ErrorKindWord, errorTitle, fallbackReason } from '../../shared/errorWords';
import { markdownCode } from '../../shared/markdownText';
import type { Conversation, StoredAnswerMeta } from './conversationSchema';
import { taskToMarkdown } from './taskMarkdown';

function formatCost(cost: number | null): string {
  if (cost === null) return 'cost unknown';
  if (cost === 0) return '$0';
  // Two significant digits below a cent: a fraction of a cent must not read as $0.0000.
  return cost < 0.01 ? `$${cost.toLocaleString('en-US', { maximumSignificantDigits: 2 })}` : `$${cost.toFixed(2)}`;
}

/**
 * The footer line under an exported answer: model, capability and how it was chosen, tokens, cost,
 * time. `errorShown` is the error line written above it: a fallback reason it gives already is
 * referred to, not repeated (as in the chat's footer).
 */
export function metaLine(meta: StoredAnswerMeta, errorShown?: string): string {
  const parts = [describeCapabilityChoice(meta.capability, meta.capabilitySource)];
  if (meta.modelId) parts.push(meta.provider ? `${meta.modelId} via ${meta.provider}` : meta.modelId);
  const above = errorShown ? [errorShown] : [];
  for (const f of meta.fallbacks) parts.push(`fell back from ${f.from}${f.to ? ` to ${f.to}` : ''}: ${fallbackReason(f.reason, above)}`);
  if (meta.tokens.input === 0 && meta.tokens.output === 0 && !meta.tokens.cached) {
    // Every model failed before its first token: as the chat's footer says it.
    parts.push('no tokens');
  } else if (meta.tokens.input !== undefined || meta.tokens.output !== undefined) {
    const marked = meta.tokens.estimatedFigures;
    const approx = (figure: 'input' | 'output'): string => ((marked ? marked.includes(figure) : meta.tokens.estimated) ? '~' : '');
    parts.push(`${approx('input')}${meta.tokens.input ?? '?'} in / ${approx('output')}${meta.tokens.output ?? '?'} out tokens`);
  }
  parts.push(formatCost(meta.costUsd));
  if (meta.ttftMs !== undefined) parts.push(`first token ${meta.ttftMs} ms`);
  parts.push(`total ${meta.totalMs} ms`);
  if (meta.cached) parts.push('cached');
  if (meta.partial) parts.push('incomplete');
  return parts.join(' · ');
}

function errorLine(kind: ErrorKindWord, message: string): string {
  const title = errorTitle(kind);
  return message && message !== title ? `${title}: ${message}` : title;
}

/** Quotes a line of metadata so that nothing in it (a model id, a reason) can start Markdown structure. */
function quoted(text: string): string {
  return text
    .split('\n')
    .map((l) => `> ${l.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))}`)
    .join('\n');
}

/** The model's reasoning as a quoted section above its answer (the chat shows it folded there). */
function reasoningSection(reasoning: string): string {
  const lines = reasoning.trim().split(/\r?\n/).map((l) => (l.length > 0 ? `> ${l}` : '>'));
  return ['> **Reasoning**', '>', ...lines].join('\n');
}

/**
 * A conversation as a Markdown document: each prompt under a "You" heading with its context chips,
 * each answer under "Switchboard" with its reasoning (quoted) and its footer, each task card as its
 * timeline, totals, plan and findings. Answers are model output and are written as they came (they
 * are Markdown already); the reader's renderer is responsible for sanitizing.
 */
export function conversationToMarkdown(conversation: Conversation, now: Date = new Date()): string {
  const out: string[] = [`# ${conversation.title.replace(/\n/g, ' ')}`, '', `_Exported from Switchboard on ${now.toISOString().slice(0, 10)}._`, ''];
  for (const m of conversation.messages) {
    if (m.role === 'user') {
      out.push(`## You (${m.capability}${m.modelId ? `, ${m.modelId}` : ''})`, '');
      if (m.chips.length > 0) out.push(`Context: ${m.chips.map((c) => markdownCode(c.label)).join(', ')}`, '');
      out.push(m.text, '');
    } else if (m.role === 'task') {
      out.push(...taskToMarkdown(m));
    } else {
      out.push('## Switchboard', '');
      if (m.reasoning) out.push(reasoningSection(m.reasoning), '');
      out.push(m.text.length > 0 ? m.text : '_(no text)_', '');
      if (m.status === 'cancelled') out.push(quoted('Stopped before the answer was complete.'), '');
      // The error's title in the chat's own words: the stored kind ("timeout-first-token") is internal.
      const error = m.error && m.error.kind !== 'cancelled' ? errorLine(m.error.kind, m.error.message) : undefined;
      if (error) out.push(quoted(error), '');
      if (m.meta) out.push(quoted(metaLine(m.meta, error)), '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** A file name for the export: the title's words, safe on every platform. */
export function exportFileName(conversation: Conversation): string {
  const slug = conversation.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return `${slug || 'conversation'}.md`;
}
