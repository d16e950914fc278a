import type { z } from 'zod';
import type { LmToolSpec } from './toolCatalogue';

/*
 * How every Switchboard tool bounds and reports its result: one cap in characters for the text an
 * agent receives (on top of each tool's own count or token limit), cut at a line, with a last line
 * that says it was cut and how to ask for less; and input errors that name each bad field.
 */

/**
 * About 8,000 tokens: the largest repo map a caller may ask for (maxTokens 8000) fits, and no
 * result can take more than a small share of an agent's window.
 */
export const MAX_TOOL_RESULT_CHARS = 32_000;

export interface BoundedText {
  readonly text: string;
  readonly truncated: boolean;
}

/** `text` within `maxChars`, cut at the last whole line, the cut said on a line of its own with `hint`. */
export function boundText(text: string, hint: string, maxChars = MAX_TOOL_RESULT_CHARS): BoundedText {
  if (text.length <= maxChars) return { text, truncated: false };
  const note = (shown: number) => `\n[truncated: ${shown} of ${text.length} characters shown; ${hint}]`;
  const room = Math.max(0, maxChars - note(text.length).length);
  const lineEnd = text.lastIndexOf('\n', room);
  const kept = text.slice(0, lineEnd > room / 2 ? lineEnd : room);
  return { text: kept + note(kept.length), truncated: true };
}

export type ParsedInput<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** The tool's input checked against its schema; the message names the tool and each wrong field. */
export function parseToolInput<S extends z.ZodType>(spec: Pick<LmToolSpec, 'name'> & { readonly input: S }, input: unknown): ParsedInput<z.output<S>> {
  const parsed = spec.input.safeParse(input ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.slice(0, 6).map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`);
  return { ok: false, message: `Invalid input for ${spec.name}: ${issues.join('; ')}. Nothing was run; call it again with corrected input.` };
}

/** A failure an agent can read: what went wrong and, when known, what to do about it. */
export function toolError(tool: string, message: string): string {
  return `${tool} failed: ${message}`;
}
