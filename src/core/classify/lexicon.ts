/**
 * A small matcher for word lists over normalized prose. Terms are lower-case ASCII (accents and
 * apostrophes are stripped from the request before matching, so "qué" is "que" and "what's" is
 * "whats"). A term is one of:
 * - a word: `bug` matches the word "bug" only;
 * - a stem: `review*` matches "review", "reviews", "reviewing";
 * - a phrase: `walk me through` matches those words in sequence;
 * - `=` in front (`=escribe`, `=explica*`) turns typo matching off, for foreign words whose
 *   one-edit neighbours are ordinary English ("describe", "explicit").
 * Words of five letters or more, and stems of six or more, also match one typo away (insertion,
 * deletion, substitution or swapped neighbours), because people type "implment" and "reveiw".
 * Shorter stems do not: "smell*" one edit away would take in "smaller".
 */

export interface LexiconMatch {
  /** The request's words that matched, in order of first appearance (deduplicated). */
  readonly found: readonly string[];
}

interface CompiledTerm {
  readonly text: string;
  readonly kind: 'word' | 'stem';
}

const FUZZY_MIN_WORD = 5;
const FUZZY_MIN_STEM = 6;

export class Lexicon {
  private readonly words = new Set<string>();
  /** Stems by their first three letters (every stem has at least three), so a word meets only its few. */
  private readonly stems = new Map<string, string[]>();
  /** Phrases as word lists, by their first word. */
  private readonly phrases = new Map<string, (readonly string[])[]>();
  /** Typo-matched words by length, so a word is compared only with terms one letter longer or shorter at most. */
  private readonly fuzzyWords = new Map<number, CompiledTerm[]>();
  private readonly fuzzyStems: CompiledTerm[] = [];

  constructor(terms: readonly string[]) {
    for (const raw of terms) {
      const exact = raw.trim().startsWith('=');
      const term = raw.trim().replace(/^=/, '').toLowerCase();
      if (term.includes(' ')) {
        const parts = term.split(' ').filter((w) => w.length > 0);
        const first = parts[0] ?? '';
        this.phrases.set(first, [...(this.phrases.get(first) ?? []), parts]);
      } else if (term.endsWith('*')) {
        const stem = term.slice(0, -1);
        if (stem.length < 3) throw new Error(`lexicon stem "${raw}" is shorter than three letters`);
        const key = stem.slice(0, 3);
        this.stems.set(key, [...(this.stems.get(key) ?? []), stem]);
        if (!exact && stem.length >= FUZZY_MIN_STEM) this.fuzzyStems.push({ text: stem, kind: 'stem' });
      } else {
        this.words.add(term);
        if (!exact && term.length >= FUZZY_MIN_WORD) {
          const bucket = this.fuzzyWords.get(term.length) ?? [];
          bucket.push({ text: term, kind: 'word' });
          this.fuzzyWords.set(term.length, bucket);
        }
      }
    }
  }

  /** Matches against a request's words. Plain loops: this runs for every signal of every request. */
  match(words: readonly string[]): LexiconMatch | undefined {
    let found: string[] | undefined;
    for (let i = 0; i < words.length; i++) {
      const word = words[i] ?? '';
      const starting = this.phrases.get(word);
      if (starting) {
        for (const parts of starting) {
          let k = 1;
          while (k < parts.length && words[i + k] === parts[k]) k++;
          if (k === parts.length) found = addOnce(found, parts.join(' '));
        }
      }
      if (this.words.has(word) || this.matchesStem(word) || (word.length >= FUZZY_MIN_WORD - 1 && this.fuzzyMatch(word))) {
        found = addOnce(found, word);
      }
    }
    return found ? { found } : undefined;
  }

  private matchesStem(word: string): boolean {
    const stems = this.stems.get(word.slice(0, 3));
    if (!stems) return false;
    for (const stem of stems) if (word.startsWith(stem)) return true;
    return false;
  }

  private fuzzyMatch(word: string): boolean {
    for (let len = word.length - 1; len <= word.length + 1; len++) {
      const bucket = this.fuzzyWords.get(len);
      if (!bucket) continue;
      for (const t of bucket) if (nearStart(word, t.text) && fuzzyEquals(word, t)) return true;
    }
    for (const t of this.fuzzyStems) {
      if (word.length >= t.text.length - 1 && nearStart(word, t.text) && fuzzyEquals(word, t)) return true;
    }
    return false;
  }
}

function addOnce(found: string[] | undefined, s: string): string[] {
  if (!found) return [s];
  if (!found.includes(s)) found.push(s);
  return found;
}

/** Cheap necessary condition for one edit: the first two letters line up, directly or crossed. */
function nearStart(a: string, b: string): boolean {
  return a[0] === b[0] || a[1] === b[1] || a[0] === b[1] || a[1] === b[0];
}

function fuzzyEquals(word: string, term: CompiledTerm): boolean {
  if (term.kind === 'word') return withinOneEdit(word, term.text);
  // A stem matches a typo'd word when the word's beginning is one edit from the stem.
  for (const len of [term.text.length - 1, term.text.length, term.text.length + 1]) {
    if (len <= word.length && withinOneEdit(word.slice(0, len), term.text)) return true;
  }
  return false;
}

/** Optimal string alignment distance ≤ 1 (one insertion, deletion, substitution or adjacent swap). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
