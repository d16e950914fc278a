import assert from 'node:assert/strict';
import type { ChatStateSnapshot } from '../../../src/protocol/chatProtocol';
import { EMPTY_MODELS, INITIAL_STATE, isBusy, reduceChatState } from '../../../src/webview/chat/chatState';

const snapshot = (status: 'streaming' | 'done'): ChatStateSnapshot => ({
  conversations: [{ id: 'c', title: 't', updatedAt: 1, messageCount: 2 }],
  currentConversationId: 'c',
  messages: [
    { role: 'user', id: 'm1', text: 'q', capability: 'auto', chips: [], createdAt: 0 },
    { role: 'assistant', id: 'm2', requestId: 'r1', text: 'so far', status, createdAt: 0 },
  ],
  models: EMPTY_MODELS,
  setup: { models: 1, tiersFilled: 1, tiersTotal: 5, keysMissing: [], localModelsDown: [], problems: 0, restricted: false },
  usable: true,
  indexReady: false,
});

describe('chat view state after the view comes back', () => {
  it('treats an answer the host is still streaming as in flight, so Stop is offered', () => {
    const state = reduceChatState(INITIAL_STATE, { type: 'state', state: snapshot('streaming') });
    assert.deepEqual(state.inFlight, [{ requestId: 'r1', messageId: 'm2' }]);
    assert.equal(isBusy(state), true);
    const again = reduceChatState(state, { type: 'state', state: snapshot('streaming') });
    assert.equal(again.inFlight.length, 1, 'a second snapshot does not duplicate it');
  });

  it('drops it once a snapshot shows the answer finished', () => {
    const streaming = reduceChatState(INITIAL_STATE, { type: 'state', state: snapshot('streaming') });
    const done = reduceChatState(streaming, { type: 'state', state: snapshot('done') });
    assert.equal(isBusy(done), false);
  });
});
