import type { ChatMessage, ModelRequest } from '../providers/contract';
import type { ClassificationInput, EditorContext } from './types';

/**
 * The prompt for the `classify` tier. Small on purpose: the tier is meant for fast, cheap models,
 * and what it needs is the request plus a short description of what the editor shows, not the code.
 */

/** Caps on what is sent, so a 5,000-line selection does not make classification cost like generation. */
export const PROMPT_LIMITS = { requestChars: 2000, selectionPreviewChars: 600, diffPreviewChars: 600 } as const;

export const CLASSIFY_SYSTEM_PROMPT = [
  'You classify a developer\'s request to a coding assistant so it can be sent to the right model.',
  'Capabilities:',
  '- "understand": the answer is an explanation (what/why/how code, an error or a concept works; where something is; a summary).',
  '- "generate": the answer is new or changed code or text (write, add, fix, refactor, convert, tests, docs, commit messages).',
  '- "review": the answer judges existing code or a diff (bugs, safety, correctness, style, "lgtm?").',
  '- "plan": the answer is a course of action before coding (design, architecture, migration, steps, trade-offs, task breakdown).',
  'Complexity: "low" = one small question or edit; "medium" = a function- or file-sized job, or a review of a few files; "high" = several files, a system or a migration.',
  'Confidence: your probability, between 0 and 1, that the capability is right.',
  'Reply with one JSON object and nothing else, exactly of the form:',
  '{"capability":"understand|generate|review|plan","complexity":"low|medium|high","confidence":0.0}',
].join('\n');

/** Hints for the call, in the shape of the provider contract's request. */
export const CLASSIFY_REQUEST_OPTIONS = { maxOutputTokens: 60, temperature: 0, responseFormat: 'json' } as const satisfies Omit<
  ModelRequest,
  'messages'
>;

export function buildClassifyMessages(input: ClassificationInput): ChatMessage[] {
  const user = [
    'Request:',
    fenced(truncate(input.text.trim(), PROMPT_LIMITS.requestChars)),
    '',
    'Editor context:',
    ...describeContext(input.context),
  ].join('\n');
  return [
    { role: 'system', content: CLASSIFY_SYSTEM_PROMPT },
    { role: 'user', content: user },
  ];
}

export function buildClassifyRequest(input: ClassificationInput): ModelRequest {
  return { messages: buildClassifyMessages(input), ...CLASSIFY_REQUEST_OPTIONS };
}

function describeContext(ctx: EditorContext): string[] {
  const lines: string[] = [];
  if (ctx.activeFile) lines.push(`- active file: ${ctx.activeFile.path} (${ctx.activeFile.languageId})`);
  if (ctx.selection) {
    lines.push(`- selection: ${ctx.selection.lineCount} line${ctx.selection.lineCount === 1 ? '' : 's'} of ${ctx.selection.languageId}, beginning:`);
    lines.push(fenced(truncate(ctx.selection.text, PROMPT_LIMITS.selectionPreviewChars)));
  }
  if (ctx.diff) {
    lines.push(`- diff on show: ${ctx.diff.files} file${ctx.diff.files === 1 ? '' : 's'} changed${ctx.diff.text ? ', beginning:' : ''}`);
    if (ctx.diff.text) lines.push(fenced(truncate(ctx.diff.text, PROMPT_LIMITS.diffPreviewChars)));
  }
  if (ctx.diagnostics) lines.push(`- diagnostics (errors/warnings) in view: ${ctx.diagnostics}`);
  if (lines.length === 0) lines.push('- nothing open');
  return lines;
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}\n[… ${s.length - max} more characters]`;
}

/** A fence longer than any backtick run inside, so pasted code cannot close it early. */
function fenced(s: string): string {
  const longest = Math.max(2, ...Array.from(s.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}\n${s}\n${fence}`;
}
