/*
 * A declaration's signature as the outline shows it: its head (the source text from its first
 * token up to its body) on one line, without a trailing `{` or `;`, cut at SIGNATURE_MAX.
 */

const SIGNATURE_MAX = 200;

/**
 * Whether collapsing whitespace runs to one space would change `s`. Most heads are one line with
 * single spaces: a look at each character costs a fraction of the regular expression's replace,
 * which runs once per declaration (hundreds of thousands in a cold index).
 */
export function needsCollapse(s: string): boolean {
  let space = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (space) return true;
      space = true;
    } else {
      // Tab to carriage return, and anything beyond ASCII (which may be a Unicode space): the regex decides.
      if ((c >= 9 && c <= 13) || c >= 128) return true;
      space = false;
    }
  }
  return false;
}

/** The signature of the declaration whose source runs from `start` (its first token) to `end` (where its body begins) in `text`. */
export function signatureHead(text: string, start: number, end: number): string {
  const raw = text.slice(start, Math.min(end, start + SIGNATURE_MAX * 4));
  let s = (needsCollapse(raw) ? raw.replace(/\s+/g, ' ') : raw).trim();
  if (s.endsWith('{')) s = s.slice(0, -1).trimEnd();
  if (s.endsWith(';')) s = s.slice(0, -1);
  return s.length > SIGNATURE_MAX ? s.slice(0, SIGNATURE_MAX - 1) + '…' : s;
}
