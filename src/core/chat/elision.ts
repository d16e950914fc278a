import * as ts from 'typescript';

/*
 * Models leave out code they did not change and write a comment in its place: `// ... existing code ...`,
 * `/* ... *\/`, `// rest unchanged`. Such a comment is an elision marker, and Apply must keep the
 * original code it stands for instead of deleting it.
 *
 * The pattern is narrow on purpose, since a real comment taken for a marker would pull old code back in:
 * a comment is a marker when its text (without `//`, `/*`, `*\/`, a leading `*`, brackets and
 * punctuation) is
 * - nothing but an ellipsis: `...`, `…`, `(...)`;
 * - an ellipsis phrase: it starts or ends with an ellipsis, has at most five words, and its first word
 *   says what was left out: `... existing validation ...`, `… other methods`, `... rest unchanged`;
 * - or made only of words that describe left-out code, at most seven of them: `rest of the code`,
 *   `(unchanged)`, `existing code here`, `other methods remain the same`.
 * `// reduce the total`, `// existing users keep their price`, `// wait for the rest...` and
 * `// first... then the rest` are not markers.
 */

const ELLIPSIS = /(?:\.{3}|…)/;
const LEADING_ELLIPSIS = /^[([{\s]*(?:\.{3}|…)/;
const TRAILING_ELLIPSIS = /(?:\.{3}|…)[)\]}\s]*$/;

/** Words that can open an ellipsis phrase: they say what the ellipsis stands for. */
const LEADS = new Set(['existing', 'rest', 'other', 'others', 'remaining', 'unchanged', 'same', 'previous', 'original', 'omitted', 'elided', 'more', 'keep']);

/** Words a comment made only of them can use. */
const VOCABULARY = new Set([
  ...LEADS,
  'the', 'of', 'as', 'is', 'are', 'here', 'for', 'brevity', 'before', 'remains', 'remain', 'stays', 'stay', 'untouched', 'kept', 'code', 'file', 'class', 'body',
  'function', 'functions', 'method', 'methods', 'member', 'members', 'properties', 'fields', 'cases', 'implementation', 'logic', 'lines', 'etc',
]);

const MAX_PHRASE_WORDS = 5;
const MAX_VOCABULARY_WORDS = 7;

/**
 * ASCII characters no marker holds: not in a marker's words, punctuation or delimiters (`/`, `*`),
 * nor upper case letters (a marker's text is read lower-cased). A digit or one of these ends the
 * question at once, before the comment is taken apart: most comments a merge meets have one.
 */
const NEVER_IN_MARKER = /[!-&+0-9<-@\\^_`|~]/;

/** The text of a comment without its delimiters: `// ... x ...` → `... x ...`. */
function commentBody(comment: string): string | undefined {
  const text = comment.trim();
  if (text.startsWith('//')) return text.slice(2).trim();
  if (text.startsWith('/*') && text.endsWith('*/')) return text.slice(2, -2).replace(/^\s*\*+/gm, '').trim();
  return undefined;
}

/** True when `comment` (a `//` or `/* *\/` comment's full text) is an elision marker; see above. */
export function isElisionComment(comment: string): boolean {
  if (NEVER_IN_MARKER.test(comment)) return false;
  const body = commentBody(comment);
  if (body === undefined || body.length === 0) return false;
  const lowered = body.toLowerCase();
  // Words joined to symbols or digits ("a.b", "3x") are code or prose, not a phrase; a bare ellipsis
  // passes this too. First, since most comments fail it, before their words are split out.
  if (!/^[\s.…()[\]{}a-z:,;'-]*$/.test(lowered)) return false;
  const words = lowered
    .replace(/(?:\.{3}|…)/g, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/^[^a-z]+|[^a-z]+$/g, ''))
    .filter((w) => w.length > 0);
  // Only punctuation left: a bare ellipsis, if there is one.
  if (words.length === 0) return ELLIPSIS.test(lowered) && /^[\s.…()[\]{}]*$/.test(lowered);
  if ((LEADING_ELLIPSIS.test(lowered) || TRAILING_ELLIPSIS.test(lowered)) && words.length <= MAX_PHRASE_WORDS && LEADS.has(words[0] as string)) {
    // An ellipsis in the middle of the phrase is prose ("rest... then more").
    const inner = lowered.replace(LEADING_ELLIPSIS, '').replace(TRAILING_ELLIPSIS, '');
    return !ELLIPSIS.test(inner);
  }
  return !ELLIPSIS.test(lowered) && words.length <= MAX_VOCABULARY_WORDS && words.every((w) => VOCABULARY.has(w));
}

/** An elision marker found in a declaration of the block. */
export interface ElisionMarker {
  readonly pos: number;
  readonly end: number;
  /** The comment as written, for messages. */
  readonly text: string;
  /** True when nothing but blanks shares its lines: only such a marker stands for whole lines. */
  readonly ownLines: boolean;
}

const isJsDoc = (n: ts.Node) => n.kind >= ts.SyntaxKind.FirstJSDocNode && n.kind <= ts.SyntaxKind.LastJSDocNode;

/**
 * The elision markers among the comments inside `nodes` (from the first node's first token to the last
 * node's end), in order. Comments are found as the trivia before each token, so text in strings,
 * templates and JSX never counts.
 */
export function elisionMarkers(nodes: readonly ts.Node[], sf: ts.SourceFile, from = nodes[0]?.getStart(sf) ?? 0, to = nodes.at(-1)?.end ?? 0): ElisionMarker[] {
  // Most code holds no marker, and the walk (every token's comment ranges) was most of a merge's time.
  return mayHoldMarker(sf.text, from, to) ? walkForMarkers(nodes, sf, from, to) : [];
}

/** {@link elisionMarkers} without the quick check: the walk over every token's comments. */
export function walkForMarkers(nodes: readonly ts.Node[], sf: ts.SourceFile, from: number, to: number): ElisionMarker[] {
  const text = sf.text;
  const found = new Map<number, ElisionMarker>();
  const visit = (node: ts.Node) => {
    for (const child of node.getChildren(sf)) {
      if (isJsDoc(child) || child.kind === ts.SyntaxKind.JsxText) continue;
      // Comments on the line of the token before are its trailing ones, the rest leading ones of this one.
      for (const c of [...(ts.getTrailingCommentRanges(text, child.pos) ?? []), ...(ts.getLeadingCommentRanges(text, child.pos) ?? [])]) {
        if (c.pos < from || c.end > to || found.has(c.pos)) continue;
        const comment = text.slice(c.pos, c.end);
        if (!isElisionComment(comment)) continue;
        const lineStart = text.lastIndexOf('\n', c.pos - 1) + 1;
        const nl = text.indexOf('\n', c.end);
        const lineEnd = nl < 0 ? text.length : nl;
        found.set(c.pos, { pos: c.pos, end: c.end, text: comment, ownLines: text.slice(lineStart, c.pos).trim() === '' && text.slice(c.end, lineEnd).trim() === '' });
      }
      visit(child);
    }
  };
  for (const node of nodes) visit(node);
  return [...found.values()].sort((a, b) => a.pos - b.pos);
}

const LINE_BREAK = /[\n\r\u2028\u2029]/g;

/**
 * Whether text[from, to) may hold an elision marker: each `//` and `/*` in it is read as the comment it
 * would open, up to where that comment would end (the line's end; the first `*\/`), and asked whether
 * it is a marker. Every real comment is among these (some are not comments: `//` in a string), so a
 * range where none is a marker has none; where one is, the walk decides which are real comments.
 */
export function mayHoldMarker(text: string, from: number, to: number): boolean {
  for (let i = text.indexOf('/', from); i >= 0 && i < to - 1; i = text.indexOf('/', i + 1)) {
    const next = text.charCodeAt(i + 1);
    let end: number;
    if (next === 47) {
      LINE_BREAK.lastIndex = i + 2;
      const br = LINE_BREAK.exec(text);
      end = br ? br.index : text.length;
    } else if (next === 42) {
      const close = text.indexOf('*/', i + 2);
      // Unclosed, it runs to the end of the text and is no marker (a marker's `/*` is closed).
      if (close < 0) continue;
      end = close + 2;
    } else continue;
    if (end <= to && isElisionComment(text.slice(i, end))) return true;
  }
  return false;
}

/** Lines [start, end) of the block or of the original declaration, in the order they make the result. */
export interface AlignedPiece {
  readonly from: 'block' | 'original';
  readonly start: number;
  readonly end: number;
}

export type ElisionAlignment = { readonly ok: true; readonly pieces: readonly AlignedPiece[] } | { readonly ok: false; readonly reason: string };

const key = (line: string) => line.replace(/\s+/g, '');
const isBlank = (line: string) => line.trim().length === 0;
const OPENS = /\{\s*$/;
const CLOSES = /^\s*[}\])]/;

/** Index of the `n`-th non-blank line before (`step` -1) or after (`step` 1) line `i`, staying within [lo, hi]; -1 if none. */
function nthNonBlank(lines: readonly string[], i: number, n: number, step: 1 | -1, lo: number, hi: number): number {
  let at = i;
  for (let seen = 0; seen < n; ) {
    at += step;
    if (at < lo || at > hi) return -1;
    if (!isBlank(lines[at] as string)) seen++;
  }
  return at;
}

const quote = (line: string) => {
  const t = line.trim();
  return `“${t.length > 60 ? `${t.slice(0, 59)}…` : t}”`;
};

/**
 * Fills each elided stretch of a block declaration with the original declaration's lines. `block` and
 * `original` are the two declarations' lines (line 0 is where each declaration starts); `markers` are
 * the block's marker lines (inclusive, block-relative, in order).
 *
 * Each marker is anchored on the nearest non-blank lines around it: the block's line before it must be
 * a line of the original (whitespace aside) and the block's line after it a later one; the original
 * lines strictly between the two are kept in place of the marker. The declaration's first line anchors
 * on the original's first line when both open a brace (a changed signature), and its last line on the
 * original's last line when both close one. An anchor found more than once is told apart by the
 * block's lines next to it (up to the neighbouring markers); if that does not settle it, or an anchor is
 * missing or out of order, the alignment fails and says why: it never guesses.
 */
export function alignElisions(block: readonly string[], markers: ReadonlyArray<{ readonly first: number; readonly last: number }>, original: readonly string[]): ElisionAlignment {
  // Markers with only blank lines between them stand for one stretch.
  const gaps: Array<{ first: number; last: number }> = [];
  for (const m of markers) {
    const prev = gaps.at(-1);
    if (prev && block.slice(prev.last + 1, m.first).every(isBlank)) prev.last = m.last;
    else gaps.push({ first: m.first, last: m.last });
  }
  const lastBlock = block.length - 1;
  const lastOriginal = original.length - 1;
  const pieces: AlignedPiece[] = [];
  let blockFrom = 0;
  let cursor = 0;
  for (const [i, gap] of gaps.entries()) {
    const before = nthNonBlank(block, gap.first, 1, -1, blockFrom, lastBlock);
    const nextGap = gaps[i + 1];
    const after = nthNonBlank(block, gap.last, 1, 1, 0, nextGap ? nextGap.first - 1 : lastBlock);
    if (before < 0 || after < 0) return { ok: false, reason: 'an elision comment has no code line next to it' };
    const beforeLine = block[before] as string;
    const afterLine = block[after] as string;

    let ps: number[];
    if (before === 0) {
      const first = original[0] ?? '';
      if (key(first) !== key(beforeLine) && !(OPENS.test(beforeLine) && OPENS.test(first))) {
        return { ok: false, reason: `the first line ${quote(beforeLine)} does not match the original's first line, and they do not both open a brace` };
      }
      ps = [0];
    } else {
      ps = [];
      for (let p = cursor; p < lastOriginal; p++) if (key(original[p] as string) === key(beforeLine)) ps.push(p);
      // The block line that anchors the previous marker and this one stands for one original line.
      if (before === blockFrom && i > 0) ps = ps.filter((p) => p === cursor);
      if (ps.length === 0) return { ok: false, reason: `the line before an elision comment, ${quote(beforeLine)}, is not in the original${i > 0 ? ' after the previous elided stretch' : ''}` };
    }
    let qs: number[];
    if (after === lastBlock) {
      const last = original[lastOriginal] ?? '';
      if (key(last) !== key(afterLine) && !(CLOSES.test(afterLine) && CLOSES.test(last))) {
        return { ok: false, reason: `the last line ${quote(afterLine)} does not match the original's last line, and they do not both close a brace` };
      }
      qs = [lastOriginal];
    } else {
      qs = [];
      for (let q = cursor + 1; q <= lastOriginal; q++) if (key(original[q] as string) === key(afterLine)) qs.push(q);
      if (qs.length === 0) return { ok: false, reason: `the line after an elision comment, ${quote(afterLine)}, is not in the original` };
    }

    // Tell repeated anchors apart by the block's neighbouring lines, one more each round.
    const afterLimit = nextGap ? nextGap.first - 1 : lastBlock;
    let pair: readonly [number, number] | undefined;
    for (let n = 1; ; n++) {
      const pairs = ps.flatMap((p) => qs.filter((q) => q > p).map((q) => [p, q] as const));
      if (pairs.length === 0) return { ok: false, reason: `the lines around an elision comment, ${quote(beforeLine)} and ${quote(afterLine)}, are not in that order in the original` };
      if (pairs.length === 1) {
        pair = pairs[0];
        break;
      }
      const b = nthNonBlank(block, before, n, -1, blockFrom, lastBlock);
      const a = nthNonBlank(block, after, n, 1, 0, afterLimit);
      if (b < 0 && a < 0) return { ok: false, reason: `the lines around an elision comment, ${quote(beforeLine)} and ${quote(afterLine)}, occur more than once in the original` };
      if (b >= 0 && ps.length > 1) {
        ps = ps.filter((p) => {
          const o = nthNonBlank(original, p, n, -1, cursor, lastOriginal);
          return o >= 0 && key(original[o] as string) === key(block[b] as string);
        });
      }
      if (a >= 0 && qs.length > 1) {
        qs = qs.filter((q) => {
          const o = nthNonBlank(original, q, n, 1, 0, lastOriginal);
          return o >= 0 && key(original[o] as string) === key(block[a] as string);
        });
      }
    }
    const [p, q] = pair as readonly [number, number];
    pieces.push({ from: 'block', start: blockFrom, end: before + 1 });
    if (q > p + 1) pieces.push({ from: 'original', start: p + 1, end: q });
    blockFrom = after;
    cursor = q;
  }
  pieces.push({ from: 'block', start: blockFrom, end: block.length });
  return { ok: true, pieces };
}
