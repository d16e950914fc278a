import assert from 'node:assert/strict';
import { parseModelClassification } from '../../../src/core/classify/modelOutput';
import { jsonObjectCandidates } from '../../../src/core/structured/jsonAnswer';

describe('parseModelClassification', () => {
  it('reads a bare JSON answer', () => {
    const r = parseModelClassification('{"capability":"review","complexity":"medium","confidence":0.82}');
    assert.deepEqual(r, { ok: true, value: { capability: 'review', complexity: 'medium', confidence: 0.82 } });
  });

  it('reads an answer in a ```json fence with prose around it', () => {
    const raw = 'Sure! Here is the classification:\n```json\n{\n  "capability": "plan",\n  "complexity": "high",\n  "confidence": 0.9\n}\n```\nLet me know if you need more.';
    const r = parseModelClassification(raw);
    assert.equal(r.ok, true);
    assert.deepEqual(r.ok && r.value, { capability: 'plan', complexity: 'high', confidence: 0.9 });
  });

  it('reads an answer after leading text without a fence, and ignores extra keys', () => {
    const r = parseModelClassification('Answer: {"capability":"generate","complexity":"low","confidence":1,"reason":"asks for {tests}"} done');
    assert.deepEqual(r, { ok: true, value: { capability: 'generate', complexity: 'low', confidence: 1 } });
  });

  it('skips a brace span that is not JSON and takes the real object after it', () => {
    const r = parseModelClassification('The request mentions {selection}. {"capability":"understand","complexity":"low","confidence":0.7}');
    assert.deepEqual(r, { ok: true, value: { capability: 'understand', complexity: 'low', confidence: 0.7 } });
  });

  it('rejects malformed JSON', () => {
    const r = parseModelClassification('{"capability": "review", "complexity": "low", "confidence": 0.8,}');
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : '', /not valid JSON/);
  });

  it('rejects an answer with no JSON object at all, quoting it', () => {
    const r = parseModelClassification('review');
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : '', /no JSON object.*"review"/);
  });

  it('rejects a truncated answer', () => {
    assert.equal(parseModelClassification('{"capability":"review","complexity":"lo').ok, false);
  });

  for (const confidence of [1.5, -0.1, 85]) {
    it(`rejects an out-of-range confidence (${confidence}), naming the field`, () => {
      const r = parseModelClassification(JSON.stringify({ capability: 'review', complexity: 'low', confidence }));
      assert.equal(r.ok, false);
      assert.match(!r.ok ? r.error : '', /confidence/);
    });
  }

  it('rejects a confidence given as a string rather than coercing it', () => {
    const r = parseModelClassification('{"capability":"review","complexity":"low","confidence":"0.9"}');
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : '', /confidence/);
  });

  it('rejects an unknown capability (including the classify tier itself) and a missing field', () => {
    for (const raw of [
      '{"capability":"classify","complexity":"low","confidence":0.9}',
      '{"capability":"Review","complexity":"low","confidence":0.9}',
      '{"capability":"review","confidence":0.9}',
    ]) {
      const r = parseModelClassification(raw);
      assert.equal(r.ok, false, raw);
      assert.match(!r.ok ? r.error : '', /invalid fields: (capability|complexity)/, raw);
    }
  });
});

describe('jsonObjectCandidates', () => {
  it('keeps braces inside strings inside the object', () => {
    assert.deepEqual(jsonObjectCandidates('x {"a":"}{","b":{"c":1}} y'), ['{"a":"}{","b":{"c":1}}']);
  });

  it('puts fenced blocks first', () => {
    const c = jsonObjectCandidates('{"first":1}\n```json\n{"fenced":2}\n```');
    assert.deepEqual(c, ['{"fenced":2}', '{"first":1}']);
  });
});
