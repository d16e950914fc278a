import assert from 'node:assert/strict';
import { unreadTiersWords, userModelsProblem, withModel } from '../../../src/core/config/addModelEntry';

describe('Add Model: the settings with the model', () => {
  const fast = { id: 'fast', provider: 'openai', model: 'gpt-4o-mini' };
  const coder = { id: 'coder', provider: 'openai-compatible', model: 'qwen', baseUrl: 'http://127.0.0.1:8080/v1' };

  it('adds the entry last and the id last in each picked tier, creating tiers the scope lacks', () => {
    const added = withModel([fast], { generate: ['fast'], review: ['fast'] }, coder, ['generate', 'plan']);
    assert.deepEqual(added, {
      ok: true,
      models: [fast, coder],
      tiers: { generate: ['fast', 'coder'], review: ['fast'], plan: ['coder'] },
      toTiers: ['generate', 'plan'],
      unreadTiers: [],
    });
  });

  it('reads a scope with nothing set as empty, and leaves the tiers alone when none is picked', () => {
    assert.deepEqual(withModel(undefined, undefined, coder, ['understand']), { ok: true, models: [coder], tiers: { understand: ['coder'] }, toTiers: ['understand'], unreadTiers: [] });
    assert.deepEqual(withModel(undefined, { generate: 'fast' }, coder, []), { ok: true, models: [coder], tiers: undefined, toTiers: [], unreadTiers: [] });
  });

  it('moves an id a tier already names to its end rather than naming it twice', () => {
    const added = withModel([], { generate: ['coder', 'fast'] }, coder, ['generate']);
    assert.ok(added.ok);
    assert.deepEqual(added.tiers, { generate: ['fast', 'coder'] });
  });

  // Before: a tier written as a string made Add Model throw "filter is not a function" after every step was answered.
  it('keeps a tier that is not a list as the person wrote it, and says it was not added there', () => {
    const added = withModel([fast], { generate: 'fast', review: ['fast'] }, coder, ['generate', 'review']);
    assert.deepEqual(added, { ok: true, models: [fast, coder], tiers: { generate: 'fast', review: ['fast', 'coder'] }, toTiers: ['review'], unreadTiers: ['generate'] });
    const onlyUnread = withModel([fast], { generate: 42 }, coder, ['generate']);
    assert.deepEqual(onlyUnread, { ok: true, models: [fast, coder], tiers: undefined, toTiers: [], unreadTiers: ['generate'] });
    const notAMap = withModel([fast], ['fast'], coder, ['generate', 'plan']);
    assert.deepEqual(notAMap, { ok: true, models: [fast, coder], tiers: undefined, toTiers: [], unreadTiers: ['generate', 'plan'] });
  });

  it('refuses to write over models that are not a list, or to add an id the scope already has', () => {
    const notAList = withModel({ id: 'fast' }, undefined, coder, ['generate']);
    assert.equal(notAList.ok, false);
    assert.match(notAList.ok ? '' : notAList.problem, /switchboard\.models in your user settings is an object, not a list of models/);
    const taken = withModel([coder], undefined, coder, []);
    assert.equal(taken.ok, false);
    assert.match(taken.ok ? '' : taken.problem, /already has a model "coder"/);
  });
});

describe('Add Model: what it says of settings it could not change', () => {
  it('names each tier left as written, in a sentence', () => {
    assert.equal(unreadTiersWords('coder', []), undefined);
    assert.equal(unreadTiersWords('coder', ['generate']), '"coder" was not added to generate: switchboard.tiers.generate in your user settings is not a list of model ids, and was left as written.');
    assert.match(unreadTiersWords('coder', ['generate', 'plan']) ?? '', /switchboard\.tiers\.generate, switchboard\.tiers\.plan in your user settings are not a list of model ids, and were left/);
  });

  it('finds a models setting that cannot take an entry before any step is asked', () => {
    assert.equal(userModelsProblem(undefined), undefined);
    assert.equal(userModelsProblem([]), undefined);
    assert.match(userModelsProblem('gpt-4o') ?? '', /is a string, not a list of models/);
  });
});
