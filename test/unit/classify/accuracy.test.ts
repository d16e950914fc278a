import assert from 'node:assert/strict';
import { join } from 'node:path';
import { evaluate, formatConfusion, loadLabelledSet } from '../../../src/core/classify/evaluation';
import { classifyByRules } from '../../../src/core/classify/rulesClassifier';
import { CLASSIFIED_CAPABILITIES } from '../../../src/core/classify/types';

const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'classifier', 'requests.json');
const GOAL = 0.85;

describe('deterministic classifier on the labelled request set', () => {
  const set = loadLabelledSet(FIXTURE);
  const report = evaluate(set, classifyByRules);
  const summary = (): string =>
    `\n${formatConfusion(report.confusion)}\nmisses:\n${report.misses.map((m) => `  ${m.id} ${m.expected} -> ${m.got.capability}: ${JSON.stringify(m.text.slice(0, 80))}`).join('\n')}`;

  it('has at least 200 requests, balanced across the four capabilities, in a dev and a held-out half', () => {
    assert.ok(set.length >= 200, String(set.length));
    for (const cap of CLASSIFIED_CAPABILITIES) {
      const share = set.filter((r) => r.expected.capability === cap).length / set.length;
      assert.ok(share >= 0.2 && share <= 0.3, `${cap}: ${share.toFixed(2)} of the set`);
    }
    for (const split of ['dev', 'heldout'] as const) {
      assert.ok(set.filter((r) => r.split === split).length >= set.length * 0.4, split);
    }
  });

  it(`classifies at least ${GOAL * 100}% correctly overall`, () => {
    assert.ok(report.overall.accuracy >= GOAL, `${(report.overall.accuracy * 100).toFixed(1)}%${summary()}`);
  });

  it(`classifies at least ${GOAL * 100}% of the held-out half correctly (not only the half it was tuned on)`, () => {
    assert.ok(report.bySplit.heldout.accuracy >= GOAL, `${(report.bySplit.heldout.accuracy * 100).toFixed(1)}%${summary()}`);
    assert.ok(report.bySplit.dev.accuracy >= GOAL, `${(report.bySplit.dev.accuracy * 100).toFixed(1)}%`);
  });

  it('gets no capability badly wrong', () => {
    for (const cap of CLASSIFIED_CAPABILITIES) {
      assert.ok(report.byCapability[cap].accuracy >= 0.75, `${cap}: ${(report.byCapability[cap].accuracy * 100).toFixed(1)}%${summary()}`);
    }
  });

  it('keeps complexity mostly right (it is not the routing key, so the floor is lower)', () => {
    assert.ok(report.complexity.accuracy >= 0.6, `${(report.complexity.accuracy * 100).toFixed(1)}%`);
  });

  it('gives identical output for every request when run twice', () => {
    for (const r of set) {
      const input = { text: r.text, context: r.context };
      assert.deepEqual(classifyByRules(structuredClone(input)), classifyByRules(input), r.id);
    }
  });
});
