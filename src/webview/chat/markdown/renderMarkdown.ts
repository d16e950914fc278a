import MarkdownIt from 'markdown-it';
import { highlightCode } from './highlight';

/** A fenced code block of an answer, kept as source so copy/insert/apply never read rendered HTML. */
export interface CodeBlock {
  readonly index: number;
  readonly code: string;
  /** Normalized language id from the fence info ("" when none). */
  readonly language: string;
  /** A path named after the language in the fence info (```ts src/a.ts), if any. */
  readonly pathHint?: string;
}

export interface RenderedMarkdown {
  /** Unsanitized HTML string: pass it through the sanitizer before it reaches any DOM. */
  readonly html: string;
  readonly blocks: readonly CodeBlock[];
}

/** Language ids are echoed into a class attribute: keep them to a harmless alphabet. */
function normalizeLanguage(raw: string): string {
  const cleaned = raw.toLowerCase().replace(/[^a-z0-9_+#-]/g, '');
  return LANGUAGE_ALIASES[cleaned] ?? cleaned;
}

const LANGUAGE_ALIASES: Readonly<Record<string, string>> = {
  ts: 'typescript',
  tsx: 'typescript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  py: 'python',
  sh: 'bash',
  shell: 'bash',
  zsh: 'bash',
  console: 'bash',
  html: 'xml',
  svg: 'xml',
  yml: 'yaml',
  rs: 'rust',
  'c++': 'cpp',
  cs: 'csharp',
  'c#': 'csharp',
  md: 'markdown',
  patch: 'diff',
  golang: 'go',
};

/** A fence info's second word looks like a path when it has a slash or a file extension. */
function pathHintOf(info: string): string | undefined {
  const second = info.trim().split(/\s+/)[1];
  if (!second) return undefined;
  const candidate = second.replace(/^(?:file|path)[:=]/i, '');
  if (candidate.length > 512 || !/[/\\]|\.[A-Za-z0-9]+$/.test(candidate)) return undefined;
  return candidate;
}

/**
 * Markdown → HTML for model answers. Raw HTML is off (`html: false`), so any tag a model writes is
 * escaped text; links go through markdown-it's validateLink (no javascript:/vbscript:/file:/data:).
 * Images never load (the CSP would block remote ones anyway): they render as their alt text so a
 * model cannot make the view fetch a tracking pixel. Sanitizing still happens afterwards: this
 * function's output is not trusted by itself.
 */
export function createMarkdownRenderer(): (markdown: string) => RenderedMarkdown {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
  md.disable(['image']);

  // render() is synchronous, so the fence rule can collect into the current call's list.
  let blocks: CodeBlock[] = [];
  const fence: NonNullable<typeof md.renderer.rules.fence> = (tokens, idx) => {
    const token = tokens[idx];
    if (!token) return '';
    const info = token.info ?? '';
    const language = normalizeLanguage(info.trim().split(/\s+/)[0] ?? '');
    const pathHint = pathHintOf(info);
    const index = blocks.length;
    blocks.push(pathHint === undefined ? { index, code: token.content, language } : { index, code: token.content, language, pathHint });
    const body = highlightCode(token.content, language) ?? md.utils.escapeHtml(token.content);
    const languageClass = language ? ` language-${language}` : '';
    return `<pre class="code-block" data-block="${index}"><code class="hljs${languageClass}">${body}</code></pre>\n`;
  };
  md.renderer.rules.fence = fence;
  md.renderer.rules.code_block = fence;

  return (markdown: string): RenderedMarkdown => {
    blocks = [];
    const html = md.render(markdown);
    return { html, blocks };
  };
}
