import type { WindowLike } from 'dompurify';
import { type CodeBlock, createMarkdownRenderer } from './renderMarkdown';
import { createSanitizer } from './sanitize';

export interface RenderedAnswer {
  readonly fragment: DocumentFragment;
  readonly blocks: readonly CodeBlock[];
}

/** Model output (untrusted Markdown) → sanitized DOM nodes plus the code blocks' sources. */
export function createAnswerRenderer(win: WindowLike): (markdown: string) => RenderedAnswer {
  const render = createMarkdownRenderer();
  const sanitizer = createSanitizer(win);
  return (markdown) => {
    const { html, blocks } = render(markdown);
    return { fragment: sanitizer.fragment(html), blocks };
  };
}
