import assert from 'node:assert/strict';
import { parseChatStore } from '../../../src/core/chat/conversationSchema';
import { ConversationStore } from '../../../src/core/chat/conversationStore';
import { storedUser } from './storedMessages';
import { finishedTaskCard } from './taskCards';

/** What a store writes, through JSON as the VS Code layer persists it. */
function roundTrip(store: ConversationStore): unknown {
  return JSON.parse(JSON.stringify(store.serialize()));
}

describe('stored task cards', () => {
  it('a card written with a conversation reads back equal', () => {
    const store = new ConversationStore([], () => 10);
    store.create('c1');
    store.append('c1', storedUser('m1', 'hello'));
    store.append('c1', finishedTaskCard());
    const parsed = parseChatStore(roundTrip(store));
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.conversations[0]?.messages[1], finishedTaskCard());
  });

  it('a plan-only card reads back with its plan as the result', () => {
    const store = new ConversationStore([], () => 10);
    store.create('c1');
    const card = finishedTaskCard({ final: { plan: { summary: 'Two steps', steps: [{ title: 'Add the field', files: ['src/a.ts'] }] } } });
    store.append('c1', card);
    const parsed = parseChatStore(roundTrip(store));
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.conversations[0]?.messages[0], card);
  });

  it('putTask appends a card once and replaces it by id as the task goes on', () => {
    const store = new ConversationStore([], () => 10);
    let changes = 0;
    store.onDidChange(() => changes++);
    store.create('c1');
    store.putTask('c1', finishedTaskCard({ status: 'running' }), false);
    store.putTask('c1', finishedTaskCard());
    const c = store.get('c1');
    assert.equal(c?.messages.length, 1);
    assert.equal(c?.messages[0]?.role === 'task' ? c.messages[0].status : undefined, 'succeeded');
    assert.equal(c?.title, 'add a discount code to the checkout', 'the task names an untitled conversation');
    assert.equal(changes, 2, 'create and the persisted put; the streaming put did not ask to persist');
  });

  it('a conversation file from before task cards still loads', () => {
    const old = {
      version: 1,
      conversations: [
        {
          id: 'c1',
          title: 't',
          createdAt: 0,
          updatedAt: 0,
          messages: [
            { role: 'user', id: 'm1', text: 'q', capability: 'auto', chips: [], context: [], createdAt: 0 },
            { role: 'assistant', id: 'm2', requestId: 'r1', text: 'a', status: 'done', createdAt: 0 },
          ],
        },
      ],
    };
    const parsed = parseChatStore(old);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(
      parsed.conversations[0]?.messages.map((m) => m.role),
      ['user', 'assistant'],
    );
  });

  it('a card that was running when the window closed comes back stopped, never running', () => {
    const running = finishedTaskCard({
      status: 'running',
      phases: [
        { ...finishedTaskCard().phases[0]!, status: 'running', receivedTokens: 42 },
        { key: 'generate', phase: 'generate', status: 'waiting', fallbacks: [], inputTokens: 0, outputTokens: 0, costUsd: 0 },
      ],
    });
    const parsed = parseChatStore({ version: 1, conversations: [{ id: 'c1', title: 't', createdAt: 0, updatedAt: 0, messages: [running] }] });
    const card = parsed.conversations[0]?.messages[0];
    assert.equal(card?.role, 'task');
    if (card?.role !== 'task') return;
    assert.equal(card.status, 'cancelled');
    assert.equal(card.stoppedReason, 'Stopped when the window closed.');
    assert.deepEqual(
      card.phases.map((p) => p.status),
      ['cancelled', 'skipped'],
    );
    assert.equal(card.phases[0]?.receivedTokens, 42, 'what the phase had received when it was cut off reads back');
  });

  it('a card whose plan waited for approval when the window closed offers to resume from the approval', () => {
    const waiting = finishedTaskCard({
      status: 'awaiting-approval',
      phases: [
        { ...finishedTaskCard().phases[0]!, status: 'succeeded' },
        { key: 'generate', phase: 'generate', status: 'waiting', fallbacks: [], inputTokens: 0, outputTokens: 0, costUsd: 0 },
      ],
    });
    const parsed = parseChatStore({ version: 1, conversations: [{ id: 'c1', title: 't', createdAt: 0, updatedAt: 0, messages: [waiting] }] });
    const card = parsed.conversations[0]?.messages[0];
    assert.equal(card?.role === 'task' ? card.resumeFrom : undefined, 'plan approval', 'not "generate": the plan is shown again before anything is generated');
    assert.equal(card?.role === 'task' ? card.stoppedReason : undefined, 'The window closed while the plan waited for approval.');
  });

  it('a damaged card is left out of its conversation with a problem naming the field', () => {
    const bad = { ...finishedTaskCard(), totals: { ...finishedTaskCard().totals, inputTokens: -1 } };
    const parsed = parseChatStore({ version: 1, conversations: [{ id: 'c1', title: 't', createdAt: 0, updatedAt: 0, messages: [bad] }] });
    assert.deepEqual(parsed.conversations[0]?.messages, [], 'the conversation is kept without the card');
    assert.match(parsed.problems[0] ?? '', /conversations\[0\]\.messages\[0\]\.totals\.inputTokens/);
  });
});
