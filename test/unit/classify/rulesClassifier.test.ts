import assert from 'node:assert/strict';
import { classifyByRules, explainRules } from '../../../src/core/classify/rulesClassifier';
import { CAPABILITY_SIGNALS, type Signal } from '../../../src/core/classify/signals';
import { CLASSIFIED_CAPABILITIES, type ClassificationInput } from '../../../src/core/classify/types';

const sel = (text: string, languageId = 'typescript'): ClassificationInput['context'] => ({
  selection: { text, languageId, lineCount: text.split('\n').length },
  activeFile: { path: `src/x.${languageId === 'python' ? 'py' : 'ts'}`, languageId },
});

describe('classifyByRules', () => {
  it('gives the same answer, confidence and reasons for the same input', () => {
    const input: ClassificationInput = { text: 'any bugs? also add a test', context: sel('const x = a / b;') };
    const first = classifyByRules(input);
    for (let i = 0; i < 20; i++) assert.deepEqual(classifyByRules(structuredClone(input)), first);
  });

  it('is decided by the editor context when the words say nothing: a diff reads as review, a selection as a question', () => {
    assert.equal(classifyByRules({ text: 'hmm', context: { diff: { files: 3 } } }).capability, 'review');
    assert.equal(classifyByRules({ text: 'hmm', context: sel('x = y ?? z') }).capability, 'understand');
  });

  it('weighs the words against the context: a commit message for a diff is generated, not reviewed', () => {
    assert.equal(classifyByRules({ text: 'write a commit message', context: { diff: { files: 3 } } }).capability, 'generate');
  });

  it('reads a question form, an imperative, review words and plan words', () => {
    assert.equal(classifyByRules({ text: 'why does this return undefined', context: sel('return map.get(k)') }).capability, 'understand');
    assert.equal(classifyByRules({ text: 'add input validation', context: sel('function f(a) {}') }).capability, 'generate');
    assert.equal(classifyByRules({ text: 'is this vulnerable to XSS', context: sel('el.innerHTML = q') }).capability, 'review');
    assert.equal(classifyByRules({ text: 'what is the rollout plan for the new billing system', context: {} }).capability, 'plan');
  });

  it('tolerates one typo in a keyword', () => {
    assert.equal(classifyByRules({ text: 'implment a trie in go', context: {} }).capability, 'generate');
    assert.equal(classifyByRules({ text: 'reveiw pls', context: sel('let a = 1') }).capability, 'review');
  });

  it('does not read identifiers inside pasted code as words of the request', () => {
    const code = '```ts\nfunction review(plan: Plan) { return plan.steps; }\n```';
    const v = explainRules({ text: `explain this\n${code}`, context: {} });
    assert.equal(v.classification.capability, 'understand');
    assert.ok(!v.fired.some((f) => f.signal.startsWith('plan') || f.signal.startsWith('review')), JSON.stringify(v.fired));
  });

  it('gives a confidence in 0..1 that is higher for a clear request than for an ambiguous one', () => {
    const clear = classifyByRules({ text: 'please review my changes before I push', context: { diff: { files: 2 } } });
    const vague = classifyByRules({ text: 'hmm', context: sel('x') });
    for (const c of [clear, vague]) assert.ok(c.confidence > 0 && c.confidence <= 1, String(c.confidence));
    assert.ok(clear.confidence > 0.9, String(clear.confidence));
    assert.ok(vague.confidence < 0.6, String(vague.confidence));
  });

  it('explains itself: the top signals with their evidence, the runner-up and the complexity', () => {
    const c = classifyByRules({ text: 'lgtm?', context: { diff: { files: 2 } } });
    assert.equal(c.source, 'rules');
    assert.match(c.reasons[0] ?? '', /^review: asks for a review \("lgtm"\) \+3\.5; has a diff on show \("2 files"\) \+2\.0/);
    assert.match(c.reasons[1] ?? '', /^score \d+\.\d vs \w+ -?\d+\.\d$/);
    assert.match(c.reasons[2] ?? '', /^complexity (low|medium|high)/);
  });

  it('says so when no signal matched, and leans to a question', () => {
    const c = explainRules({ text: '', context: {} }, []).classification;
    assert.equal(c.capability, 'understand');
    assert.match(c.reasons[0] ?? '', /no signal matched/);
  });

  it('scores complexity from scope: a one-line question is low, a system migration is high', () => {
    assert.equal(classifyByRules({ text: 'what does ?? mean', context: sel('a ?? b') }).complexity, 'low');
    assert.equal(
      classifyByRules({ text: 'plan the migration of the whole monolith to services across three regions', context: {} }).complexity,
      'high',
    );
  });

  it('sums the table as data: a table of one signal decides by that signal’s weights', () => {
    const only: Signal = { id: 'always', describe: 'always fires', weights: { plan: 2, review: 1 }, match: () => ({ strength: 1 }) };
    const v = explainRules({ text: 'anything', context: {} }, [only]);
    assert.equal(v.classification.capability, 'plan');
    assert.equal(v.scores.plan, 2);
    assert.equal(v.scores.review, 1);
    assert.equal(v.scores.understand, 0.2, 'the prior alone');
  });

  it('has a well-formed signal table', () => {
    const ids = new Set<string>();
    for (const s of CAPABILITY_SIGNALS) {
      assert.ok(!ids.has(s.id), `duplicate signal ${s.id}`);
      ids.add(s.id);
      const keys = Object.keys(s.weights);
      assert.ok(keys.length > 0, `${s.id} has no weights`);
      for (const k of keys) assert.ok((CLASSIFIED_CAPABILITIES as readonly string[]).includes(k), `${s.id}: unknown capability ${k}`);
    }
    assert.ok(CAPABILITY_SIGNALS.length >= 15);
  });
});
