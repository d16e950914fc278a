import assert from 'node:assert/strict';
import { cascadeSaving } from '../../../src/shared/cascadeWords';

describe('what a cascade saved, in words', () => {
  it('says "about" what it saved against the top model, and how much more when escalating cost more', () => {
    assert.equal(cascadeSaving(0.024), ', saved about $0.024 against the top model');
    assert.equal(cascadeSaving(0), ', saved about $0.00 against the top model');
    // Escalating through the cheap model and its judge to the top model costs more than the top model alone.
    assert.equal(cascadeSaving(-0.004), ', $0.0040 more than the top model alone');
  });

  it('says nothing when a price is unknown', () => {
    assert.equal(cascadeSaving(undefined), '');
    assert.equal(cascadeSaving(Number.NaN), '');
  });
});
