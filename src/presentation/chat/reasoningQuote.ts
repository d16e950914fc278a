/**
 * An answer's reasoning as Markdown for VS Code's own chat (the `@switchboard` participant), where
 * no fold renders: the stable API (1.100) has no collapsible response part (the thinking part is a
 * proposed API), and the chat's sanitizer drops `<details>`/`<summary>` (and `stream.progress`
 * shows one passing line, not text to read back). What does render, set apart from the answer, is
 * a block quote: the reasoning streams into a quote headed "Reasoning", closed before the answer.
 */
export class ReasoningQuote {
  private open = false;
  private textSeen = false;

  /** The Markdown to stream for a piece of reasoning. */
  reasoning(text: string): string {
    if (text.length === 0) return '';
    const quoted = text.replace(/\r?\n/g, '\n> ');
    if (this.open) return quoted;
    this.open = true;
    // Reasoning between pieces of answer text (after a tool call or a fallback) starts a new paragraph.
    return `${this.textSeen ? '\n\n' : ''}> **Reasoning**\n>\n> ${quoted}`;
  }

  /** The Markdown to stream for a piece of answer text: the quote, if open, is closed first. */
  text(text: string): string {
    if (text.length === 0) return '';
    this.textSeen = true;
    if (!this.open) return text;
    this.open = false;
    return `\n\n${text}`;
  }
}

/** An earlier participant answer as its text alone: the quoted reasoning is not sent back to a model. */
export function withoutReasoningQuotes(markdown: string): string {
  return markdown.replace(/(?:^|\n\n)> \*\*Reasoning\*\*\n>\n(?:> [^\n]*(?:\n|$))*/g, '\n\n').trim();
}
