/*
 * Whether a code block's fence language fits the file it is applied to. Apply into a Markdown file
 * once proposed replacing it with TypeScript without a word (issue 14 item 20): the preview now says
 * so. Only languages known on both sides are judged; an unmarked or unknown fence is never a mismatch.
 */

const FENCE_TO_LANGUAGE: Readonly<Record<string, string>> = {
  ts: 'typescript',
  typescript: 'typescript',
  tsx: 'typescriptreact',
  js: 'javascript',
  javascript: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascriptreact',
  py: 'python',
  python: 'python',
  md: 'markdown',
  markdown: 'markdown',
  json: 'json',
  jsonc: 'jsonc',
  sh: 'shellscript',
  bash: 'shellscript',
  zsh: 'shellscript',
  shell: 'shellscript',
  yml: 'yaml',
  yaml: 'yaml',
  rs: 'rust',
  rust: 'rust',
  go: 'go',
  java: 'java',
  kt: 'kotlin',
  kotlin: 'kotlin',
  c: 'c',
  cpp: 'cpp',
  'c++': 'cpp',
  cs: 'csharp',
  csharp: 'csharp',
  rb: 'ruby',
  ruby: 'ruby',
  php: 'php',
  html: 'html',
  css: 'css',
  scss: 'scss',
  sql: 'sql',
  swift: 'swift',
  toml: 'toml',
  xml: 'xml',
};

/** Languages whose code may sit in one another's files without a word (TS in JS, JSON in JSONC). */
const FAMILIES: readonly (readonly string[])[] = [
  ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'],
  ['json', 'jsonc'],
  ['c', 'cpp'],
];

const NAMES: Readonly<Record<string, string>> = {
  typescript: 'TypeScript',
  typescriptreact: 'TypeScript (TSX)',
  javascript: 'JavaScript',
  javascriptreact: 'JavaScript (JSX)',
  python: 'Python',
  markdown: 'Markdown',
  json: 'JSON',
  jsonc: 'JSON with comments',
  shellscript: 'a shell script',
  yaml: 'YAML',
  plaintext: 'plain text',
};

function family(languageId: string): readonly string[] {
  return FAMILIES.find((f) => f.includes(languageId)) ?? [languageId];
}

function nameOf(languageId: string): string {
  return NAMES[languageId] ?? languageId;
}

/**
 * A sentence when the block's language (its fence word) is not the file's (VS Code's languageId),
 * e.g. "the block is TypeScript but the file is Markdown"; undefined when they fit or cannot be told.
 */
export function languageMismatch(fence: string | undefined, fileLanguageId: string | undefined): string | undefined {
  if (!fence || !fileLanguageId) return undefined;
  const block = FENCE_TO_LANGUAGE[fence.trim().toLowerCase()];
  if (!block) return undefined;
  if (family(block).includes(fileLanguageId)) return undefined;
  // A file VS Code sees as plain text (no extension) may hold anything.
  if (fileLanguageId === 'plaintext') return undefined;
  return `the block is ${nameOf(block)} but the file is ${nameOf(fileLanguageId)}`;
}
