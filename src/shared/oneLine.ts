/**
 * A message on one line, at most `max` characters with the ellipsis: whitespace runs become one
 * space, and a longer text is cut and ends with "…". For log lines and error details, where a
 * provider's multi-line body must not flood the reader.
 */
export function oneLine(text: string, max: number): string {
  const flat = flatText(text);
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** `text` on one line: whitespace runs become one space, none at either end. */
export function flatText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * `text` closed as a sentence: a full stop added unless it already ends with one (or with "?", "!"
 * or "…"). For messages that end with a provider's own words, which often end with a full stop.
 */
export function asSentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
