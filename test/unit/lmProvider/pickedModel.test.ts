import assert from 'node:assert/strict';
import { participantRoute, pickedModelWords } from '../../../src/core/lmProvider/pickedModel';

describe('@switchboard answers with the model picked in the chat', () => {
  it('routes Auto by classification, a capability to its tier, a configured model first', () => {
    assert.deepEqual(participantRoute({ vendor: 'switchboard', id: 'auto', name: 'Switchboard Auto' }).capability, 'auto');
    assert.deepEqual(participantRoute({ vendor: 'switchboard', id: 'tier:review', name: 'Switchboard · Review' }).capability, 'review');
    const model = participantRoute({ vendor: 'switchboard', id: 'model:big', name: 'big' });
    assert.equal(model.pickedModel, 'big');
    assert.equal(model.capability, undefined, 'the request is still classified');
  });

  it('reads an id VS Code prefixed with the vendor', () => {
    assert.equal(participantRoute({ vendor: 'switchboard', id: 'switchboard/tier:plan', name: 'Switchboard · Plan' }).capability, 'plan');
  });

  it('routes as configured for another vendor’s model and says which was picked, which answered, and why', () => {
    const route = participantRoute({ vendor: 'copilot', id: 'gpt-4o', name: 'GPT-4o' });
    assert.equal(route.capability, undefined);
    assert.equal(route.pickedModel, undefined);
    assert.equal(
      pickedModelWords(route, 'backup', 'review → backup (fallback #1)'),
      'Picked in the chat: GPT-4o (copilot), which is not a Switchboard model, so Switchboard routed as configured: backup answered. Why this model: review → backup (fallback #1).',
    );
  });

  it('names the Switchboard model picked and the one that answered', () => {
    const route = participantRoute({ vendor: 'switchboard', id: 'tier:generate', name: 'Switchboard · Generate' });
    assert.equal(pickedModelWords(route, 'big', 'generate → big (primary)'), 'Picked in the chat: Switchboard · Generate; big answered. Why this model: generate → big (primary).');
    assert.match(pickedModelWords(route, undefined, undefined) ?? '', /no model answered/);
    // The router's own parentheses (the role, the budget's figures) are not wrapped in more: the line read "…$0.0000010))."
    const overBudget = pickedModelWords(route, 'primary', 'understand → primary (primary); over the daily budget ($0.11 spent of $0.0000010)') ?? '';
    assert.equal(overBudget, 'Picked in the chat: Switchboard · Generate; primary answered. Why this model: understand → primary (primary); over the daily budget ($0.11 spent of $0.0000010).');
    assert.doesNotMatch(overBudget, /\)\)/);
  });

  it('says nothing when no model was picked (VS Code passed none)', () => {
    assert.equal(pickedModelWords(participantRoute(undefined), 'big', 'x'), undefined);
  });

  it('treats an id Switchboard never gave as another model, not as a Switchboard pick', () => {
    assert.equal(participantRoute({ vendor: 'switchboard', id: 'gone', name: 'Old' }).picked.kind, 'other');
  });
});
