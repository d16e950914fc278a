import type { RequestFeatures } from './features';
import { Lexicon } from './lexicon';
import type { ClassifiedCapability, Complexity } from './types';

/**
 * Complexity is scored like capability, from a table: each signal adds scope points (negative for
 * signs of a small job), and the sum is cut into low / medium / high. The capability itself
 * contributes, because a plan is rarely small and a question rarely large.
 */

export interface ComplexitySignal {
  readonly id: string;
  readonly describe: string;
  /** Scope points added when the signal fires, scaled by its strength. */
  readonly points: number;
  readonly match: (f: RequestFeatures, capability: ClassifiedCapability) => { strength: number; evidence?: string } | undefined;
}

const BROAD_SCOPE = new Lexicon([
  'entire', 'whole', 'all files', 'every', 'everywhere', 'across', 'codebase', 'code base', 'project', 'repo', 'monorepo',
  'system', 'services', 'architecture', 'migrate', 'migration', 'migrating', 'monolith', 'multi region', 'multi tenancy',
  'multitenan*', 'infrastructure', 'end to end', 'throughout', 'rollout', 'roll out', 'production', 'prod', 'scale',
  'platform', 'module', 'modules', 'legacy', 'roadmap', 'rewrite', 'redesign', 'sso', 'auth', 'v2',
]);

const SMALL_SCOPE = new Lexicon([
  'this line', 'one line', 'line', 'regex', 'typo', 'quick', 'quickly', 'small', 'tiny', 'simple', 'rename',
  'variable', 'one liner', 'oneliner', 'snippet', 'syntax', 'difference between', 'what does', 'meaning',
]);

const MEDIUM_SCOPE = new Lexicon([
  'test suite', 'file', 'class', 'component', 'endpoint', 'module', 'service', 'refactor', 'all public',
  'pagination', 'docstrings', 'workflow', 'dockerfile', 'schema', 'design', 'cache', 'structure', 'flow',
]);

function capabilityIs(...caps: ClassifiedCapability[]): ComplexitySignal['match'] {
  return (_f, c) => (caps.includes(c) ? { strength: 1, evidence: c } : undefined);
}

export const COMPLEXITY_SIGNALS: readonly ComplexitySignal[] = [
  { id: 'plan', describe: 'plans are rarely small', points: 1.3, match: capabilityIs('plan') },
  { id: 'understand', describe: 'questions are usually small', points: -0.4, match: capabilityIs('understand') },
  {
    id: 'broad-scope',
    describe: 'names a broad scope',
    points: 1.2,
    match: (f) => {
      const m = BROAD_SCOPE.match(f.words);
      return m ? { strength: Math.min(1.5, 1 + 0.25 * (m.found.length - 1)), evidence: m.found.slice(0, 2).join('", "') } : undefined;
    },
  },
  {
    id: 'medium-scope',
    describe: 'names a file-sized piece of work',
    points: 0.8,
    match: (f) => {
      const m = MEDIUM_SCOPE.match(f.words);
      return m ? { strength: 1, evidence: m.found[0] } : undefined;
    },
  },
  {
    id: 'small-scope',
    describe: 'names a small piece',
    points: -0.8,
    match: (f) => {
      const m = SMALL_SCOPE.match(f.words);
      return m ? { strength: 1, evidence: m.found[0] } : undefined;
    },
  },
  {
    id: 'request-length',
    describe: 'is a long request',
    points: 0.7,
    match: (f) => (f.wordCount > 15 ? { strength: f.wordCount > 40 ? 2 : 1, evidence: `${f.wordCount} words` } : undefined),
  },
  {
    id: 'terse',
    describe: 'is a few words',
    points: -0.4,
    match: (f) => (f.wordCount <= 3 ? { strength: 1 } : undefined),
  },
  {
    id: 'selection-size',
    describe: 'has a large selection',
    points: 0.9,
    match: (f) =>
      f.selectionLines > 20
        ? { strength: f.selectionLines > 150 ? 2 : 1, evidence: `${f.selectionLines} lines` }
        : undefined,
  },
  {
    id: 'whole-file',
    describe: 'is about the whole open file',
    points: 0.7,
    match: (f) => (f.hasActiveFile && !f.hasSelection && !f.hasDiff ? { strength: 1 } : undefined),
  },
  {
    id: 'diff-size',
    describe: 'has a diff across several files',
    points: 0.9,
    match: (f) =>
      f.diffFiles >= 3 ? { strength: f.diffFiles >= 10 ? 2 : 1, evidence: `${f.diffFiles} files` } : undefined,
  },
  {
    id: 'many-diagnostics',
    describe: 'has many diagnostics',
    points: 0.8,
    match: (f) => (f.diagnostics >= 5 ? { strength: f.diagnostics >= 20 ? 2 : 1, evidence: `${f.diagnostics}` } : undefined),
  },
  {
    id: 'enumeration',
    describe: 'lists several parts',
    points: 0.6,
    match: (f) => {
      const items = (f.text.match(/,|\n\s*[-*\d]/g) ?? []).length;
      return items >= 2 ? { strength: 1, evidence: `${items + 1} parts` } : undefined;
    },
  },
];

/** Cut points on the summed scope points. */
export const COMPLEXITY_CUTS: { readonly medium: number; readonly high: number } = { medium: 0.5, high: 2.4 };

export function complexityFromPoints(points: number): Complexity {
  if (points >= COMPLEXITY_CUTS.high) return 'high';
  if (points >= COMPLEXITY_CUTS.medium) return 'medium';
  return 'low';
}
