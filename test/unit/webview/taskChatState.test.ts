import assert from 'node:assert/strict';
import type { HostToWebview } from '../../../src/protocol/chatProtocol';
import { EMPTY_MODELS, INITIAL_STATE, isBusy, reduceChatState } from '../../../src/webview/chat/chatState';
import { finishedTaskCard } from '../chat/taskCards';

const setup = { models: 1, tiersFilled: 4, tiersTotal: 5, keysMissing: [], localModelsDown: [], problems: 0, restricted: false };

describe('task cards in the chat view state', () => {
  const started = finishedTaskCard({ status: 'running', phases: [], final: undefined });
  const event = (e: Extract<HostToWebview, { type: 'task/event' }>['event'], conversationId = 'c1'): HostToWebview => ({
    type: 'task/event',
    conversationId,
    requestId: 't9',
    event: e,
  });

  it('takes the profiles from the snapshot, and none from a host that offers no tasks', () => {
    const withProfiles = reduceChatState(INITIAL_STATE, {
      type: 'state',
      state: { conversations: [], messages: [], models: EMPTY_MODELS, setup, usable: true, indexReady: false, taskProfiles: [{ id: 'implement', label: 'Implement' }] },
    });
    assert.deepEqual(withProfiles.taskProfiles, [{ id: 'implement', label: 'Implement' }]);
    const without = reduceChatState(withProfiles, { type: 'state', state: { conversations: [], messages: [], models: EMPTY_MODELS, setup, usable: true, indexReady: false } });
    assert.deepEqual(without.taskProfiles, []);
  });

  it('a task started from an empty view opens its conversation, and its updates fold into the card', () => {
    let state = reduceChatState({ ...INITIAL_STATE, loaded: true }, event({ kind: 'started', card: started }));
    assert.equal(state.currentConversationId, 'c1');
    assert.equal(state.messages.length, 1);
    state = reduceChatState(state, event({ kind: 'note', text: 'review skipped' }));
    state = reduceChatState(state, event({ kind: 'plan', plan: { summary: 's', steps: [{ title: 'a', files: [] }] } }));
    const card = state.messages[0];
    assert.equal(card?.role, 'task');
    if (card?.role !== 'task') return;
    assert.deepEqual(card.notes, ['review skipped']);
    assert.equal(card.status, 'awaiting-approval');
    assert.equal(isBusy(state), false, 'a task is not an answer in flight: the composer keeps Send');
  });

  it('ignores updates for another conversation than the one shown', () => {
    const shown = { ...INITIAL_STATE, loaded: true, currentConversationId: 'c2' };
    assert.equal(reduceChatState(shown, event({ kind: 'started', card: started })), shown);
  });
});
