import assert from 'node:assert/strict';
import { RepeatedQuestions } from '../../../src/core/cache/repeatedQuestions';

describe('RepeatedQuestions (a regeneration told from a first ask)', () => {
  it('knows a question asked before, part by part, and only that one', () => {
    const asked = new RepeatedQuestions();
    assert.equal(asked.askedBefore(['understand', 'what does it do?', 'src/a.ts']), false);
    assert.equal(asked.askedBefore(['understand', 'what does it do?', 'src/a.ts']), true);
    assert.equal(asked.askedBefore(['understand', 'what does it do?', 'src/a.ts']), true, 'and again');
    // Parts are kept apart: the same characters split otherwise are another question.
    assert.equal(asked.askedBefore(['understand', 'what does it do?src/a.ts']), false);
    assert.equal(asked.askedBefore(['review', 'what does it do?', 'src/a.ts']), false);
  });

  it('forgets the least recently asked beyond its capacity', () => {
    const asked = new RepeatedQuestions(2);
    asked.askedBefore(['a']);
    asked.askedBefore(['b']);
    assert.equal(asked.askedBefore(['a']), true, 'a asked again: now the most recent');
    asked.askedBefore(['c']); // b, the least recent, is forgotten
    assert.equal(asked.askedBefore(['a']), true);
    assert.equal(asked.askedBefore(['b']), false);
  });
});
