import assert from 'node:assert/strict';
import { storedUser } from '../../chat/storedMessages';
import { toMessageView } from '../../../../src/presentation/chat/messageViews';

const user = storedUser;

describe('message views', () => {
  it('keeps resolved context text and apply targets out of what the view sees', () => {
    const view = toMessageView(user('m1', 'q'));
    assert.ok(!JSON.stringify(view).includes('secretSauce'));
    assert.deepEqual(Object.keys(view).sort(), ['capability', 'chips', 'createdAt', 'id', 'role', 'text']);
  });

  it('shows an answer its reasoning, and leaves the field out when there was none', () => {
    const base = { role: 'assistant' as const, id: 'm2', requestId: 'r1', text: 'Hi', status: 'done' as const, createdAt: 2 };
    const view = toMessageView({ ...base, reasoning: 'thinking' });
    assert.equal(view.role === 'assistant' ? view.reasoning : undefined, 'thinking');
    assert.ok(!('reasoning' in toMessageView(base)));
  });
});
