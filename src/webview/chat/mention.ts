import type { CompletionKind } from '../../protocol/chatProtocol';

export interface Mention {
  readonly kind: CompletionKind;
  readonly query: string;
  /** Offset of the "@" in the draft. */
  readonly start: number;
  /** Offset just after the query (the caret). */
  readonly end: number;
}

/**
 * The `@file:`, `@symbol:` or bare `@` mention the caret is in, if any. A mention starts at the
 * beginning of the draft or after whitespace (so e-mail addresses never open the popup) and ends at
 * the caret; its query has no whitespace.
 */
export function mentionAt(draft: string, caret: number): Mention | undefined {
  const before = draft.slice(0, caret);
  const match = /(?:^|\s)@(?:(file|symbol):)?([^\s@]{0,256})$/.exec(before);
  if (!match) return undefined;
  const start = before.length - match[0].length + (match[0].startsWith('@') ? 0 : 1);
  const word = match[1];
  const kind: CompletionKind = word === 'file' ? 'file' : word === 'symbol' ? 'symbol' : 'any';
  const query = match[2] ?? '';
  return { kind, query, start, end: caret };
}

/** The draft with the mention removed (the chosen item becomes a chip instead of text). */
export function removeMention(draft: string, mention: Mention): { readonly text: string; readonly caret: number } {
  const after = draft.slice(mention.end).replace(/^ /, '');
  const before = draft.slice(0, mention.start);
  return { text: before + after, caret: before.length };
}
