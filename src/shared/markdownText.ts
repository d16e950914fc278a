/**
 * Untrusted text (model ids, reasons, findings, file names) written into Markdown that a person
 * reads: the conversation export and the `@switchboard` transcript. Nothing in it may open Markdown
 * or HTML structure, and it stays on one line.
 */
export function markdownInline(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[\\`*_{}[\]<>|#]/g, (c) => `\\${c}`);
}

/** A code span (a path, a model id): a backtick inside would end it, so it reads as a quote. */
export function markdownCode(text: string): string {
  return `\`${text.replace(/\s+/g, ' ').replace(/`/g, "'")}\``;
}
