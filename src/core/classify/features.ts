import type { ClassificationInput } from './types';

/**
 * The request and its editor context, reduced once to what the signals read. Lexical signals read
 * `words` (the prose with code removed: identifiers inside a pasted snippet are not requests).
 */
export interface RequestFeatures {
  /** The request as typed, trimmed. */
  readonly text: string;
  /** Lower-case prose words, accents and apostrophes stripped, code blocks and `inline code` removed. */
  readonly words: readonly string[];
  /** The first word of each clause once "can you", "pls", "now"... are skipped: where imperatives sit. */
  readonly clauseHeads: readonly string[];
  /** The first word of the request (before skipping politeness), for question forms. */
  readonly firstWord: string;
  readonly secondWord: string;
  readonly wordCount: number;
  readonly endsWithQuestion: boolean;
  readonly hasCodeFence: boolean;
  readonly hasInlineCode: boolean;
  readonly hasSelection: boolean;
  readonly selectionLines: number;
  readonly hasActiveFile: boolean;
  readonly hasDiff: boolean;
  readonly diffFiles: number;
  readonly diagnostics: number;
}

const FENCE = /```[\s\S]*?(?:```|$)/g;
const INLINE_CODE = /`[^`\n]*`/g;
const HAS_INLINE_CODE = /`[^`\n]*`/;
const CLAUSE_BREAK = /[,;:.!?\n()]+|\s[-–—]\s|\s(?:and then|then|and)\s/;

/** Words skipped at the start of a clause before looking for its verb. */
const FILLER = new Set(['pls', 'please', 'plz', 'hey', 'hi', 'ok', 'okay', 'so', 'now', 'also', 'just', 'quickly', 'kindly', 'then', 'and', 'lets', 'maybe', 'pleas']);
/** Multi-word openers skipped the same way ("can you write" → "write"). */
const FILLER_PHRASES: readonly (readonly string[])[] = [
  ['can', 'you'],
  ['can', 'u'],
  ['could', 'you'],
  ['could', 'u'],
  ['would', 'you'],
  ['will', 'you'],
  ['help', 'me'],
  ['let', 'us'],
  ['i', 'need', 'you', 'to'],
  ['i', 'want', 'you', 'to'],
  ['id', 'like', 'you', 'to'],
  ['go', 'ahead', 'and'],
  ['try', 'to'],
];

export function normalizeProse(text: string): string {
  return text
    .replace(FENCE, ' ')
    .replace(INLINE_CODE, ' ')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '');
}

export function toWords(prose: string): string[] {
  return prose.split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

function clauseHead(clause: string): string | undefined {
  let words = toWords(clause);
  let changed = true;
  while (changed && words.length > 0) {
    changed = false;
    if (FILLER.has(words[0] ?? '')) {
      words = words.slice(1);
      changed = true;
      continue;
    }
    for (const phrase of FILLER_PHRASES) {
      if (phrase.every((w, i) => words[i] === w)) {
        words = words.slice(phrase.length);
        changed = true;
        break;
      }
    }
  }
  return words[0];
}

export function extractFeatures(input: ClassificationInput): RequestFeatures {
  const text = input.text.trim();
  const prose = normalizeProse(text);
  const words = toWords(prose);
  const clauseHeads = prose
    .split(CLAUSE_BREAK)
    .map(clauseHead)
    .filter((h): h is string => h !== undefined);
  const ctx = input.context;
  return {
    text,
    words,
    clauseHeads,
    firstWord: words[0] ?? '',
    secondWord: words[1] ?? '',
    wordCount: words.length,
    endsWithQuestion: /\?\s*$/.test(text.replace(FENCE, '').trim()),
    hasCodeFence: text.includes('```'),
    hasInlineCode: HAS_INLINE_CODE.test(text.replace(FENCE, ' ')),
    hasSelection: ctx.selection !== undefined && ctx.selection.text.trim().length > 0,
    selectionLines: ctx.selection?.lineCount ?? 0,
    hasActiveFile: ctx.activeFile !== undefined,
    hasDiff: ctx.diff !== undefined && ctx.diff.files > 0,
    diffFiles: ctx.diff?.files ?? 0,
    diagnostics: ctx.diagnostics ?? 0,
  };
}
