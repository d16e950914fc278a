import type { RequestFeatures } from './features';
import { Lexicon } from './lexicon';
import type { ClassifiedCapability } from './types';

/**
 * The deterministic classifier's knowledge, as data: each signal is a matcher over the request and
 * its editor context, and a weight per capability (positive for, negative against). The classifier
 * sums `strength × weight` over every signal that fires; nothing here decides on its own.
 *
 * To change behaviour, change a weight or a word list here and run `npm run bench -- classifier`:
 * it reports accuracy on the dev and held-out halves of the labelled set separately.
 */

export type CapabilityWeights = Readonly<Partial<Record<ClassifiedCapability, number>>>;

export interface SignalHit {
  /** Usually 1; more than one matching word raises it (capped), a weaker form lowers it. */
  readonly strength: number;
  /** What in the request triggered it, quoted in the reasons. */
  readonly evidence?: string;
}

export interface Signal {
  readonly id: string;
  /** Reads as the start of a reason: "asks for a review ("lgtm")". */
  readonly describe: string;
  readonly weights: CapabilityWeights;
  readonly match: (f: RequestFeatures) => SignalHit | undefined;
}

/** One word is strength 1; each further distinct word adds a quarter, up to 1.5. */
function lexical(lexicon: Lexicon): (f: RequestFeatures) => SignalHit | undefined {
  return (f) => {
    const m = lexicon.match(f.words);
    if (!m) return undefined;
    return { strength: Math.min(1.5, 1 + 0.25 * (m.found.length - 1)), evidence: m.found.slice(0, 3).join('", "') };
  };
}

/** Fires when a clause starts with one of the words: the first clause fully, later ones at 0.8. */
function clauseHead(lexicon: Lexicon): (f: RequestFeatures) => SignalHit | undefined {
  return (f) => {
    for (let i = 0; i < f.clauseHeads.length; i++) {
      const head = f.clauseHeads[i] ?? '';
      if (lexicon.match([head])) return { strength: i === 0 ? 1 : 0.8, evidence: head };
    }
    return undefined;
  };
}

function when(test: (f: RequestFeatures) => boolean, evidence?: (f: RequestFeatures) => string): (f: RequestFeatures) => SignalHit | undefined {
  return (f) => (test(f) ? (evidence ? { strength: 1, evidence: evidence(f) } : { strength: 1 }) : undefined);
}

// ---- word lists (lower-case, accents and apostrophes stripped; see lexicon.ts for the syntax)

const WH_WORDS = new Set(['what', 'whats', 'why', 'how', 'hows', 'where', 'wheres', 'when', 'which', 'who', 'whose', 'wtf', 'que', 'como', 'porque', 'donde', 'cual', 'warum', 'wie', 'was', 'pourquoi', 'comment', 'quoi']);
const AUX_WORDS = new Set(['is', 'are', 'does', 'do', 'did', 'can', 'could', 'would', 'will', 'should', 'am', 'was', 'has', 'have', 'isnt', 'arent', 'doesnt', 'dont', 'shouldnt', 'wont', 'cant', 'might', 'may', 'es', 'est']);

const EXPLAIN = new Lexicon([
  'explain*', '=explica*', '=erklar*', '=expliqu*', 'understand*', 'eli5', 'tldr', 'tl dr', 'summar*', 'describe*',
  'meaning', 'mean', 'means', 'purpose', 'difference', 'differences', 'walk me through', 'walk through',
  'what does', 'what do the', 'what do these', 'how does', 'how do these', 'how is', 'how are', 'dont get', 'dont understand', 'confused', 'confusing',
  '=que hace', 'what happens', 'how come', 'intuition', 'clarify', 'elaborate', 'in simple terms', 'stand for', 'used for',
  'what is the point', 'whats the point', 'how many times', 'how it works', 'how this works', 'responsible for', '=que significa',
]);

const GENERATE_VERBS = new Lexicon([
  'write', 'add', 'implement', 'create', 'generate', 'make', 'build', 'fix', 'refactor', 'convert', 'rename', 'extract',
  'translate', 'port', 'rewrite', 'update', 'change', 'remove', 'delete', 'replace', 'optimize', 'optimise', 'scaffold',
  'stub', 'mock', 'complete', 'finish', 'wrap', 'turn', 'swap', 'gimme', 'give', 'produce', 'insert', 'move', 'simplify',
  'format', 'draft', 'bump', 'setup', 'configure', 'memoize', 'inline', 'parallelize', 'split', 'modify', 'patch',
  '=escribe', '=crea', '=agrega', '=anade', '=genera', '=corrige', '=schreib*', '=erstell*', '=ecris', '=ajoute', '=escreva', '=cria',
  'append', 'prepend', 'sort', 'dedupe', 'hook', 'wire', 'migrate', 'code', 'do',
]);

const ARTIFACTS = new Lexicon([
  'test', 'tests', 'unit test', 'unit tests', 'unittest*', 'docstring*', 'jsdoc', 'javadoc', 'typings', 'types', 'regex',
  'regexp', 'script', 'function', 'func', 'method', 'class', 'component', 'endpoint', 'hook', 'dockerfile', 'makefile',
  'workflow', 'yaml', 'commit message', 'readme', 'snippet', 'benchmark', 'gitignore', 'boilerplate', 'template',
  'one liner', 'oneliner', 'cli', 'helper', 'wrapper', 'mock', 'mocks', 'fixture', 'fixtures', 'schema', 'sql', 'query',
  'snapshot', 'snapshots', 'loader', 'spinner', 'flag', 'button', 'handler', 'migration', 'funcion', 'script',
]);

const ARTIFACT_REQUEST = new Lexicon(['i need a', 'i need an', 'i want a', 'need a', 'need an', 'give me a', 'give me an', 'gimme', 'do the same', 'same for', 'the rest of', 'for me']);

const REVIEW_STRONG = new Lexicon([
  'review*', '=revisa*', 'lgtm', 'audit*', 'critique*', 'criticize', 'criticise', 'nitpick*', 'nits', 'feedback', 'sanity check', 'double check',
  'look over', 'take a look', 'pair of eyes', 'ship it', 'look ok', 'looks ok', 'look good', 'looks good', 'look right',
  'looks right', 'look fine', 'looks fine', 'before merging', 'before i merge', 'before i push', 'before pushing', 'did i miss',
  'would you change', 'grade', 'rate this', 'wrong with', 'anything wrong', 'what do you think', 'thoughts on', 'your opinion',
  'be brutal', 'roast', 'pr ready', 'mergeable', 'approve',
]);

const REVIEW_WEAK = new Lexicon([
  'bug', 'bugs', 'buggy', 'wrong', 'mistake*', 'issue', 'issues', 'problem', 'problems', 'concern*', 'risk', 'risks', 'risky',
  'flaw*', 'smell*', 'safe', 'unsafe', 'safety', 'secure', 'security', 'vulnerab*', 'injection', 'xss', 'csrf', 'redos',
  'leak', 'leaks', 'leaking', 'race', 'races', 'race condition', 'deadlock*', 'thread safe', 'threadsafe', 'idiomatic',
  'correct', 'correctly', 'sound', 'sufficient', 'edge case', 'edge cases', 'off by one', 'readability', 'readable',
  'best practice', 'best practices', 'anti pattern', 'antipattern', 'backwards compat*', 'backward compat*',
  'breaking change', 'leftover', 'debug code', 'verify', 'check', 'obvious', 'feels off', 'seems off', 'accessib*',
  'a11y', 'perf issue*', 'performance issue*', 'sloppy', 'clean up', 'cleanup', 'miss anything', 'missed anything',
  'good way', 'good idea', 'good approach', 'ok to', 'okay to', 'fine to', 'solid', 'robust', 'matches the spec',
  'matches', 'lying to', 'spot', 'find bugs', 'find the bug', 'pitfalls', 'gotchas', 'fragile', 'sane',
]);

const PLAN_STRONG = new Lexicon([
  'plan', 'plans', 'planning', 'roadmap', 'architecture', 'architect*', 'strategy', 'strategies', 'rfc', 'design doc',
  'rollout', 'roll out', 'migration path', 'phased', 'phase', 'phases', 'step by step', 'epic', 'milestone*',
  'where do i start', 'where to start', 'where should i start', 'in what order', 'what order', 'which order',
  'before writing any code', 'no code yet', 'before touching code', 'before we write', 'high level', 'think through',
  'think about how', 'tradeoff*', 'trade offs', 'pros and cons', 'break down', 'break this down', 'breakdown', 'prioritiz*',
  'prioritis*', 'how would you approach', 'how should we', 'how should i', 'best way to', 'best approach',
  'worth it', 'decouple', 'monolith', 'microservice*', 'micro frontends', 'microfrontend*', 'multi tenancy',
  'multitenan*', 'multi region', 'how do we', 'how would we', 'go about', 'get out of', 'what needs to change',
  'whats involved', 'what is involved', '=estructur*', '=deberia', 'should we', 'what would you recommend', 'about to start', 'before i start', 'before we start',
]);

const PLAN_WEAK = new Lexicon([
  'design', 'designing', 'approach', 'approaches', 'steps', 'outline', 'structure', 'structuring', 'organize', 'organise',
  'organizing', 'migrate', 'migrating', 'migration', 'upgrade', 'upgrading', 'options', 'compare', 'recommend*',
  'should i', 'how would', 'how to approach', 'sketch', 'propose', 'scale', 'scaling', 'shard*', 'abstraction',
  'boundaries', 'deprecat*', 'incrementally', 'versioning', 'how would you', 'how youd', 'how you would', 'moving from', 'move from', 'moving to', 'replace our',
  'replacing', 'setup plan', 'estimate', 'tasks', 'workflow', 'long term', 'future proof', 'extensible', 'introduce',
  'support for', 'to support', 'refactor of', 'data model', 'schema for', 'system', 'infrastructure',
]);

const TEAM_VOICE = new Lexicon(['we', 'our', 'us', 'team', 'were', 'weve', 'ours', 'nuestro', 'nuestra']);

const SCOPE_NOUNS = new Lexicon([
  'codebase', 'code base', 'project', 'repo', 'repository', 'monorepo', 'services', 'infrastructure', 'infra', 'platform',
  'prod', 'production', 'the app', 'this app', 'our app', 'the frontend', 'the backend', 'across', 'end to end',
]);

const HOW_TO = new Lexicon(['how do i', 'how can i', 'how to', 'how do you', 'how would i', 'is there a way', 'whats the syntax', 'syntax for']);

const OPINION_ASK = new Lexicon(['what do you think', 'thoughts', 'opinion', 'how does this look', 'how is this', 'hows this', 'is this ok', 'is this okay', 'is this fine', 'is this right', 'is this correct']);

// ---- the table

export const CAPABILITY_SIGNALS: readonly Signal[] = [
  // Question forms.
  {
    id: 'wh-question',
    describe: 'opens with a question word',
    weights: { understand: 1.5, plan: 0.2 },
    match: when((f) => WH_WORDS.has(f.firstWord), (f) => f.firstWord),
  },
  {
    id: 'why-question',
    describe: 'asks why',
    weights: { understand: 1.5 },
    match: when((f) => f.words.includes('why') || f.words.includes('porque') || f.words.includes('warum'), () => 'why'),
  },
  {
    id: 'yes-no-about-code',
    describe: 'asks a yes/no question about the code on show',
    weights: { review: 1.5, understand: 0.3 },
    match: when((f) => isYesNoQuestion(f) && hasCodeOnShow(f), (f) => `${f.firstWord} ${f.secondWord}`),
  },
  {
    id: 'yes-no-general',
    describe: 'asks a yes/no question with no code on show',
    weights: { understand: 1.5 },
    match: when((f) => isYesNoQuestion(f) && !hasCodeOnShow(f), (f) => `${f.firstWord} ${f.secondWord}`),
  },
  {
    id: 'how-to',
    describe: 'asks how to do something',
    weights: { understand: 1.0, generate: 0.8 },
    match: lexical(HOW_TO),
  },
  {
    id: 'question-mark',
    describe: 'ends with a question mark',
    weights: { understand: 0.6, review: 0.4, plan: 0.2, generate: -0.5 },
    match: when((f) => f.endsWithQuestion),
  },
  // Words that name what the person wants.
  {
    id: 'explain-words',
    describe: 'asks for an explanation',
    weights: { understand: 3.0 },
    match: lexical(EXPLAIN),
  },
  {
    id: 'imperative-generate',
    describe: 'starts with a verb that produces code',
    weights: { generate: 3.0 },
    match: clauseHead(GENERATE_VERBS),
  },
  {
    id: 'artifact-noun',
    describe: 'names something to produce',
    weights: { generate: 1.5 },
    match: lexical(ARTIFACTS),
  },
  {
    id: 'artifact-request',
    describe: 'asks to be given something',
    weights: { generate: 1.2 },
    match: lexical(ARTIFACT_REQUEST),
  },
  {
    id: 'review-words-strong',
    describe: 'asks for a review',
    weights: { review: 3.5 },
    match: lexical(REVIEW_STRONG),
  },
  {
    id: 'review-words',
    describe: 'asks about defects or quality',
    weights: { review: 2.5 },
    match: lexical(REVIEW_WEAK),
  },
  {
    id: 'opinion-ask',
    describe: 'asks for an opinion',
    weights: { review: 1.5, plan: 0.3 },
    match: lexical(OPINION_ASK),
  },
  {
    id: 'plan-words-strong',
    describe: 'asks for a plan or a design',
    weights: { plan: 3.5 },
    match: lexical(PLAN_STRONG),
  },
  {
    id: 'plan-words',
    describe: 'talks about approach or structure',
    weights: { plan: 2.0 },
    match: lexical(PLAN_WEAK),
  },
  {
    id: 'team-voice',
    describe: 'speaks for a team ("we", "our")',
    weights: { plan: 1.2 },
    match: lexical(TEAM_VOICE),
  },
  {
    id: 'scope-nouns',
    describe: 'names a whole project or system',
    weights: { plan: 1.0 },
    match: lexical(SCOPE_NOUNS),
  },
  // Shape of the request.
  {
    id: 'terse',
    describe: 'is one or two words',
    weights: { understand: 0.3, plan: -1.0 },
    match: when((f) => f.wordCount <= 2),
  },
  {
    id: 'long-request',
    describe: 'is a long, descriptive request',
    weights: { plan: 1.2, generate: 0.3 },
    match: (f) => (f.wordCount > 30 ? { strength: f.wordCount > 60 ? 1.6 : 1, evidence: `${f.wordCount} words` } : undefined),
  },
  {
    id: 'code-in-request',
    describe: 'pastes code into the request',
    weights: { understand: 0.5, review: 0.7, plan: -0.5 },
    match: when((f) => f.hasCodeFence),
  },
  // What the editor shows.
  {
    id: 'selection',
    describe: 'has a selection',
    weights: { understand: 0.8, generate: 0.5, review: 0.7, plan: -1.0 },
    match: when((f) => f.hasSelection, (f) => `${f.selectionLines} line${f.selectionLines === 1 ? '' : 's'}`),
  },
  {
    id: 'large-selection',
    describe: 'has a very large selection',
    weights: { plan: 1.2 },
    match: when((f) => f.selectionLines >= 200, (f) => `${f.selectionLines} lines`),
  },
  {
    id: 'active-file-only',
    describe: 'has a file open but nothing selected',
    weights: { understand: 0.3, generate: 0.3, review: 0.1 },
    match: when((f) => f.hasActiveFile && !f.hasSelection && !f.hasDiff),
  },
  {
    id: 'diff',
    describe: 'has a diff on show',
    weights: { review: 2.0, plan: -0.3 },
    match: when((f) => f.hasDiff, (f) => `${f.diffFiles} file${f.diffFiles === 1 ? '' : 's'}`),
  },
  {
    id: 'diagnostics',
    describe: 'has errors or warnings in the editor',
    weights: { generate: 1.0, understand: 0.7 },
    match: when((f) => f.diagnostics > 0, (f) => `${f.diagnostics}`),
  },
  {
    id: 'no-context',
    describe: 'has no code on show',
    weights: { plan: 0.8, understand: 0.4, review: -1.2 },
    match: when((f) => !f.hasSelection && !f.hasDiff && !f.hasActiveFile && !f.hasCodeFence),
  },
];

/** A small lean so that a request with no signal at all reads as a question about the code. */
export const CAPABILITY_PRIOR: Readonly<Record<ClassifiedCapability, number>> = {
  understand: 0.2,
  generate: 0,
  review: 0,
  plan: 0,
};

function isYesNoQuestion(f: RequestFeatures): boolean {
  if (!AUX_WORDS.has(f.firstWord)) return false;
  // "can you write…" is a request, "should we…" asks for advice: neither is a yes/no question.
  if (f.secondWord === 'you' || f.secondWord === 'u') return false;
  if (f.firstWord === 'should' && (f.secondWord === 'we' || f.secondWord === 'i')) return false;
  return true;
}

function hasCodeOnShow(f: RequestFeatures): boolean {
  return f.hasSelection || f.hasDiff || f.hasCodeFence || f.hasInlineCode;
}
