/*
 * The plain-text side of Apply: no parser here, so the extension host can replace a selection or a
 * whole non-script file without loading TypeScript (applyMerge.ts, which parses, is bundled apart).
 */

/** How a code block is applied to a file. */
export const APPLY_STRATEGIES = ['selection', 'merge', 'wholeFile', 'append'] as const;
export type ApplyStrategy = (typeof APPLY_STRATEGIES)[number];

export interface ApplyRequest {
  /** The file's current text. */
  readonly fileText: string;
  /** The code block as the model wrote it. */
  readonly code: string;
  /** The file's path: its extension decides whether it is parsed (TS/JS) or replaced as text. */
  readonly path: string;
  /** 0-based, inclusive lines a command ran on or the person selected: the block replaces exactly these. */
  readonly selection?: { readonly start: number; readonly end: number };
}

export interface ApplyPlan {
  /** The file's whole new text. */
  readonly text: string;
  readonly strategy: ApplyStrategy;
  /** What will change, for the person deciding whether to accept: "replaces function parseConfig (lines 12–30)". */
  readonly description: string;
  /**
   * Why the block was not merged declaration by declaration, when it was not; or, with `warning`, why
   * code the block elides could not be placed.
   */
  readonly reason?: string;
  /**
   * What the person must check before accepting: the block elides code (`// ... existing code ...`) that
   * the preview drops because it could not be placed. `description` ends with it too.
   */
  readonly warning?: string;
}

/** The file's line break: the first one it uses, else `\n`. */
export function eolOf(text: string): '\n' | '\r\n' {
  const at = text.indexOf('\n');
  return at > 0 && text[at - 1] === '\r' ? '\r\n' : '\n';
}

/** `code` with every line break written as `eol`. */
export function withEol(code: string, eol: string): string {
  return code.replace(/\r?\n/g, eol);
}

export function lineCount(text: string): number {
  if (text.length === 0) return 0;
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n - 1 : n;
}

/** "line 4" or "lines 12–30" (1-based, as editors show them). */
export function linesLabel(startLine: number, endLine: number): string {
  return startLine === endLine ? `line ${startLine + 1}` : `lines ${startLine + 1}–${endLine + 1}`;
}

/** The text with lines start..end (0-based, inclusive) replaced by `code` in the file's line endings. */
export function replaceSelection(request: ApplyRequest & { readonly selection: { readonly start: number; readonly end: number } }): ApplyPlan {
  const text = request.fileText;
  const eol = eolOf(text);
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  // As in an editor, a final line break starts one more (empty) line.
  const last = starts.length - 1;
  const startLine = Math.min(Math.max(0, request.selection.start), last);
  const endLine = Math.min(Math.max(startLine, request.selection.end), last);
  const start = starts[startLine] ?? 0;
  const nextStart = starts[endLine + 1];
  // The selected lines end before their line break, which stays.
  const end = nextStart === undefined ? text.length : nextStart - (text[nextStart - 2] === '\r' ? 2 : 1);
  const body = withEol(request.code.replace(/\r?\n$/, ''), eol);
  return {
    text: text.slice(0, start) + body + text.slice(end),
    strategy: 'selection',
    description: `replaces the selection (${linesLabel(startLine, endLine)})`,
  };
}

/**
 * The block as the file's whole new text (what Apply did before merging existed): in the file's line
 * endings, and ending in a line break exactly when the file did, so the diff shows only the code.
 */
export function replaceWholeFile(request: ApplyRequest, reason?: string): ApplyPlan {
  const file = request.fileText;
  let body = withEol(request.code, eolOf(file));
  if (file.length > 0) {
    const eol = eolOf(file);
    body = body.replace(/(\r?\n)+$/, '');
    if (/\r?\n$/.test(file)) body += eol;
  }
  return { text: body, strategy: 'wholeFile', description: 'replaces the whole file', ...(reason ? { reason } : {}) };
}

/** Plans Apply for a file that is not parsed: the selection if there is one, else the whole file. */
export function planPlainApply(request: ApplyRequest, reason: string): ApplyPlan {
  return request.selection ? replaceSelection({ ...request, selection: request.selection }) : replaceWholeFile(request, reason);
}
