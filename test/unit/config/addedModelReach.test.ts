import assert from 'node:assert/strict';
import { addedModelReach, hiddenByWorkspaceWords } from '../../../src/core/config/addedModelReach';

describe('Add Model: whether the workspace hides the model just added', () => {
  const coder = { id: 'coder', provider: 'openai-compatible', model: 'qwen', baseUrl: 'http://127.0.0.1:8080/v1' };

  it('says nothing when the window uses the model in every tier chosen', () => {
    const reach = addedModelReach([coder], { understand: ['coder'], generate: ['fast', 'coder'] }, 'coder', ['understand', 'generate']);
    assert.deepEqual(reach, { listed: true, hiddenTiers: [] });
    assert.equal(hiddenByWorkspaceWords('coder', reach), undefined);
  });

  it("says so when the workspace's models replace the user's list", () => {
    const reach = addedModelReach([{ id: 'team-model' }], { understand: ['coder'] }, 'coder', ['understand']);
    assert.equal(reach.listed, false);
    assert.match(hiddenByWorkspaceWords('coder', reach) ?? '', /^"coder" is in your user settings, but this workspace's settings set switchboard\.models, which replaces your list here/);
  });

  it("names the tiers the workspace sets without it, one or several", () => {
    const one = addedModelReach([coder], { understand: ['team-model'], generate: ['coder'] }, 'coder', ['understand', 'generate']);
    assert.deepEqual(one.hiddenTiers, ['understand']);
    assert.match(hiddenByWorkspaceWords('coder', one) ?? '', /set the tier understand without it: it answers understand here only once the workspace's tier names it\.$/);
    const two = addedModelReach([coder], { understand: ['team-model'], review: 'not a list' }, 'coder', ['understand', 'review']);
    assert.deepEqual(two.hiddenTiers, ['understand', 'review']);
    assert.match(hiddenByWorkspaceWords('coder', two) ?? '', /the tiers understand, review without it/);
  });

  it('reads what is not a list or an object as empty, never throwing', () => {
    assert.deepEqual(addedModelReach(undefined, 'x', 'coder', ['plan']), { listed: false, hiddenTiers: ['plan'] });
    assert.deepEqual(addedModelReach([null, 3, { id: 'coder' }], null, 'coder', []), { listed: true, hiddenTiers: [] });
  });
});
