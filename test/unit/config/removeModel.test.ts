import assert from 'node:assert/strict';
import { withoutModel } from '../../../src/core/config/removeModel';

describe('Remove Model: the settings without the model', () => {
  const coder = { id: 'coder', provider: 'openai-compatible', model: 'qwen', baseUrl: 'http://127.0.0.1:8080/v1' };
  const fast = { id: 'fast', provider: 'openai', model: 'gpt-4o-mini' };

  it('takes out its entry and its place in every tier, dropping a tier it leaves empty', () => {
    const removal = withoutModel([fast, coder], { understand: ['coder'], generate: ['coder', 'fast'], review: ['fast'] }, 'coder');
    assert.equal(removal.found, true);
    assert.deepEqual(removal.models, [fast]);
    // understand falls back as before the model was added, rather than naming no model.
    assert.deepEqual(removal.tiers, { generate: ['fast'], review: ['fast'] });
    assert.deepEqual(removal.fromTiers, ['understand', 'generate']);
  });

  it('says when the scope does not hold it, changing nothing', () => {
    const removal = withoutModel([fast], { understand: ['fast'] }, 'coder');
    assert.deepEqual(removal, { found: false, models: [fast], tiers: { understand: ['fast'] }, fromTiers: [] });
  });

  it('keeps what it cannot read as it is, and reads a missing scope as empty', () => {
    const odd = withoutModel([coder, 'not a model', null], { understand: 'not a list', plan: ['coder'] }, 'coder');
    assert.deepEqual(odd.models, ['not a model', null]);
    assert.deepEqual(odd.tiers, { understand: 'not a list' });
    assert.deepEqual(withoutModel(undefined, undefined, 'coder'), { found: false, models: [], tiers: {}, fromTiers: [] });
  });
});
