import assert from 'node:assert/strict';
import { answerTarget } from '../../../src/core/chat/answerTarget';
import { parseChatStore, type StoredAssistantMessage } from '../../../src/core/chat/conversationSchema';
import { ConversationStore } from '../../../src/core/chat/conversationStore';
import { storedUser } from './storedMessages';

const answer = (id: string, over: Partial<StoredAssistantMessage['meta'] & object> = {}, status: StoredAssistantMessage['status'] = 'done'): StoredAssistantMessage => ({
  role: 'assistant',
  id,
  requestId: `req-${id}`,
  text: 'answer',
  status,
  createdAt: 2,
  meta: {
    capability: 'generate',
    capabilitySource: 'rules',
    explanation: 'generate → a (primary)',
    modelId: 'a',
    fallbacks: [],
    tokens: { input: 3, output: 1, estimated: false },
    costUsd: null,
    totalMs: 10,
    cached: false,
    partial: false,
    ...over,
  },
});

/** The store as the next window reads it back from its file. */
function reloaded(store: ConversationStore): ConversationStore {
  const parsed = parseChatStore(JSON.parse(JSON.stringify(store.serialize())));
  assert.deepEqual(parsed.problems, []);
  return new ConversationStore(parsed.conversations, () => 100);
}

describe('answerTarget (which attempt a signal about a chat answer is recorded against)', () => {
  it('names the router\'s request id and the complexity the answer was recorded under, also after a reload', () => {
    const store = new ConversationStore([], () => 1);
    store.create('c1');
    store.append('c1', storedUser('u1', 'Add a discount code'));
    store.append('c1', answer('m1', { complexity: 'high', routeRequestId: 'router-7' }));
    // The router's request id, as the attempt records carry it, not the chat's (req-m1).
    const expected = { requestId: 'router-7', modelId: 'a', capability: 'generate', complexity: 'high' };
    assert.deepEqual(answerTarget(store, 'c1', 'm1'), expected);
    // The stored file keeps it: a rating given after the window reloads counts there too.
    assert.deepEqual(answerTarget(reloaded(store), 'c1', 'm1', 'done'), expected);
  });

  it('has no complexity for an answer routed without a classification, and no target for an answer no model gave', () => {
    const store = new ConversationStore([], () => 1);
    store.create('c1');
    store.append('c1', storedUser('u1', 'Explain this'));
    store.append('c1', answer('m1'));
    store.append('c1', answer('m2', { modelId: undefined }, 'error'));
    store.append('c1', answer('m3', {}, 'cancelled'));
    // Stored before the router's request id was kept: the chat's stands in.
    assert.deepEqual(answerTarget(store, 'c1', 'm1'), { requestId: 'req-m1', modelId: 'a', capability: 'generate' });
    assert.equal(answerTarget(store, 'c1', 'm2'), undefined);
    assert.equal(answerTarget(store, 'c1', 'u1'), undefined);
    // Only a finished answer can be rated; Apply of a stopped answer's code still has a target.
    assert.equal(answerTarget(store, 'c1', 'm3', 'done'), undefined);
    assert.equal(answerTarget(store, 'c1', 'm3')?.modelId, 'a');
  });
});
