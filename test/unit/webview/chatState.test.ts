import assert from 'node:assert/strict';
import type { AnswerMeta, ChatStateSnapshot, HostToWebview, MessageView } from '../../../src/protocol/chatProtocol';
import { type ChatViewState, EMPTY_MODELS, INITIAL_STATE, isBusy, reduceChatState } from '../../../src/webview/chat/chatState';

const setup = { models: 1, tiersFilled: 4, tiersTotal: 5, keysMissing: [], localModelsDown: [], problems: 0, restricted: false };

function snapshot(partial: Partial<ChatStateSnapshot> = {}): HostToWebview {
  return { type: 'state', state: { conversations: [], messages: [], models: EMPTY_MODELS, setup, usable: true, indexReady: false, ...partial } };
}

function fold(events: readonly HostToWebview[], from: ChatViewState = INITIAL_STATE): ChatViewState {
  return events.reduce(reduceChatState, from);
}

const meta: AnswerMeta = {
  capability: 'understand',
  capabilitySource: 'rules',
  explanation: 'understand → fast (primary)',
  modelId: 'fast',
  fallbacks: [],
  tokens: { input: 10, output: 20, estimated: false },
  costUsd: null,
  totalMs: 1200,
  cached: false,
  partial: false,
};

const user = (id: string, text = 'q'): MessageView => ({ role: 'user', id, text, capability: 'auto', chips: [], createdAt: 1 });

describe('reduceChatState', () => {
  it('starts unloaded and takes everything from a snapshot', () => {
    assert.equal(INITIAL_STATE.loaded, false);
    const s = fold([snapshot({ conversations: [{ id: 'c1', title: 'T', updatedAt: 1, messageCount: 1 }], currentConversationId: 'c1', messages: [user('u1')], indexReady: true })]);
    assert.equal(s.loaded, true);
    assert.equal(s.currentConversationId, 'c1');
    assert.equal(s.messages.length, 1);
    assert.equal(s.indexReady, true);
  });

  it('keeps the welcome summary from a bare setup message (the welcome-only host)', () => {
    const s = fold([{ type: 'setup', summary: setup }]);
    assert.deepEqual(s.setup, setup);
    assert.equal(s.loaded, false);
  });

  it('runs one answer from send to finish: user message, start, progress, end with metadata', () => {
    let s = fold([snapshot()]);
    s = reduceChatState(s, { type: 'local/sent', requestId: 'r1' });
    assert.ok(isBusy(s), 'busy as soon as the person sends, before the host answers');
    s = fold(
      [
        { type: 'message/user', conversationId: 'c1', message: user('u1', 'explain') as Extract<MessageView, { role: 'user' }> },
        { type: 'answer/start', conversationId: 'c1', requestId: 'r1', messageId: 'a1', createdAt: 2 },
        { type: 'answer/progress', requestId: 'r1', note: 'trying claude' },
      ],
      s,
    );
    assert.equal(s.currentConversationId, 'c1', 'the first message opens the new conversation');
    assert.deepEqual(
      s.messages.map((m) => m.id),
      ['u1', 'a1'],
    );
    assert.deepEqual(s.inFlight, [{ requestId: 'r1', messageId: 'a1', note: 'trying claude' }]);
    s = reduceChatState(s, { type: 'answer/end', requestId: 'r1', status: 'done', text: 'final **text**', meta });
    const answer = s.messages[1];
    assert.ok(answer?.role === 'assistant');
    assert.equal(answer.status, 'done');
    assert.equal(answer.text, 'final **text**');
    assert.deepEqual(answer.meta, meta);
    assert.equal(isBusy(s), false);
  });

  it('streams a continuation onto the cut-off answer it continues: one message, not two (issue 14 item 3)', () => {
    const cutMeta: AnswerMeta = { ...meta, partial: true };
    let s = fold([
      snapshot({ currentConversationId: 'c1', messages: [user('u1')] }),
      { type: 'answer/start', conversationId: 'c1', requestId: 'r1', messageId: 'a1', createdAt: 2 },
      { type: 'answer/end', requestId: 'r1', status: 'error', text: 'The cart ', meta: cutMeta, error: { kind: 'network', message: 'dropped', actions: [{ kind: 'retry', modelId: 'b', continue: true, label: 'Continue with b' }] } },
    ]);
    s = reduceChatState(s, { type: 'answer/start', conversationId: 'c1', requestId: 'r2', messageId: 'a1', createdAt: 2, continues: 'The cart ' });
    assert.deepEqual(s.messages.map((m) => m.id), ['u1', 'a1']);
    const streaming = s.messages[1];
    assert.ok(streaming?.role === 'assistant');
    assert.deepEqual([streaming.requestId, streaming.status, streaming.text, streaming.error], ['r2', 'streaming', 'The cart ', undefined]);
    s = reduceChatState(s, { type: 'answer/end', requestId: 'r2', status: 'done', text: 'The cart applies discounts.', meta: { ...meta, continuedFrom: 'fast' } });
    const joined = s.messages[1];
    assert.equal(joined?.role === 'assistant' ? joined.text : undefined, 'The cart applies discounts.');
    assert.equal(joined?.role === 'assistant' ? joined.status : undefined, 'done');
    assert.equal(s.messages.length, 2);
  });

  it('does not change state for a delta: streaming text lives outside the list', () => {
    const s = fold([snapshot({ currentConversationId: 'c1' }), { type: 'answer/start', conversationId: 'c1', requestId: 'r1', messageId: 'a1', createdAt: 2 }]);
    assert.equal(reduceChatState(s, { type: 'answer/delta', requestId: 'r1', text: 'tok' }), s);
    assert.equal(reduceChatState(s, { type: 'answer/reasoning', requestId: 'r1', text: 'hmm' }), s);
  });

  it('keeps the reasoning an answer ends with on the answer', () => {
    const s = fold([
      snapshot({ currentConversationId: 'c1' }),
      { type: 'answer/start', conversationId: 'c1', requestId: 'r1', messageId: 'a1', createdAt: 2 },
      { type: 'answer/end', requestId: 'r1', status: 'done', text: 'Hi', reasoning: 'Greet back.', meta },
    ]);
    const answer = s.messages[0];
    assert.equal(answer?.role === 'assistant' ? answer.reasoning : undefined, 'Greet back.');
  });

  it('keeps an error and its actions on the answer', () => {
    const s = fold([
      snapshot({ currentConversationId: 'c1' }),
      { type: 'answer/start', conversationId: 'c1', requestId: 'r1', messageId: 'a1', createdAt: 2 },
      { type: 'answer/end', requestId: 'r1', status: 'error', text: 'partial', error: { kind: 'auth', message: '401', actions: [] }, meta: { ...meta, partial: true } },
    ]);
    const a = s.messages[0];
    assert.ok(a?.role === 'assistant');
    assert.equal(a.error?.kind, 'auth');
    assert.equal(a.meta?.partial, true);
    assert.equal(a.text, 'partial');
  });

  it('tracks an answer of another conversation as in flight without adding it to the shown list', () => {
    const s = fold([snapshot({ currentConversationId: 'c1', messages: [user('u1')] }), { type: 'answer/start', conversationId: 'c2', requestId: 'r9', messageId: 'a9', createdAt: 2 }]);
    assert.equal(s.messages.length, 1);
    assert.ok(isBusy(s));
    const after = reduceChatState(s, { type: 'answer/end', requestId: 'r9', status: 'done', text: 'x' });
    assert.equal(after.messages.length, 1);
    assert.equal(isBusy(after), false);
  });

  it('ignores a user message for another conversation', () => {
    const s = fold([snapshot({ currentConversationId: 'c1', messages: [user('u1')] })]);
    assert.equal(reduceChatState(s, { type: 'message/user', conversationId: 'c2', message: user('u2') as Extract<MessageView, { role: 'user' }> }), s);
  });

  it('edit-and-resend replaces the edited message and drops everything after it', () => {
    const s = fold([
      snapshot({ currentConversationId: 'c1', messages: [user('u1', 'first'), user('u2', 'second'), user('u3', 'third')] }),
      { type: 'message/user', conversationId: 'c1', message: user('u2', 'second, edited') as Extract<MessageView, { role: 'user' }>, replaces: true },
    ]);
    assert.deepEqual(
      s.messages.map((m) => [m.id, m.role === 'user' ? m.text : '']),
      [
        ['u1', 'first'],
        ['u2', 'second, edited'],
      ],
    );
  });

  it('does not add the same answer twice when a start is repeated', () => {
    const start: HostToWebview = { type: 'answer/start', conversationId: 'c1', requestId: 'r1', messageId: 'a1', createdAt: 2 };
    const s = fold([snapshot({ currentConversationId: 'c1' }), start, start]);
    assert.equal(s.messages.length, 1);
    assert.equal(s.inFlight.length, 1);
  });

  it('ignores progress and end for requests it never saw', () => {
    const s = fold([snapshot({ currentConversationId: 'c1', messages: [user('u1')] })]);
    assert.equal(reduceChatState(s, { type: 'answer/progress', requestId: 'nope', note: 'x' }), s);
    const ended = reduceChatState(s, { type: 'answer/end', requestId: 'nope', status: 'done', text: 'x' });
    assert.deepEqual(ended.messages, s.messages);
  });

  it('drops in-flight entries a newer snapshot shows as finished, keeps pending sends', () => {
    let s = fold([snapshot({ currentConversationId: 'c1' }), { type: 'answer/start', conversationId: 'c1', requestId: 'r1', messageId: 'a1', createdAt: 2 }]);
    s = reduceChatState(s, { type: 'local/sent', requestId: 'r2' });
    s = reduceChatState(s, snapshot({ currentConversationId: 'c1', messages: [{ role: 'assistant', id: 'a1', requestId: 'r1', text: 'done', status: 'done', createdAt: 2 }] }));
    assert.deepEqual(
      s.inFlight.map((f) => f.requestId),
      ['r2'],
    );
  });

  it('shows a host error as a banner, ends a rejected send, and dismisses', () => {
    let s = reduceChatState(fold([snapshot()]), { type: 'local/sent', requestId: 'r1' });
    s = reduceChatState(s, { type: 'error', message: 'No model for review', requestId: 'r1', actions: [{ kind: 'command', action: 'showModels', label: 'Open Models' }] });
    assert.equal(s.banner?.message, 'No model for review');
    assert.equal(isBusy(s), false);
    s = reduceChatState(s, { type: 'local/dismissBanner' });
    assert.equal(s.banner, undefined);
  });

  it('holds a budget question until it is answered or its request ends', () => {
    let s = reduceChatState(fold([snapshot()]), { type: 'budget/ask', requestId: 'r1', message: 'Over 90% of daily', stepDownTo: 'cheap' });
    assert.equal(s.budgetAsk?.stepDownTo, 'cheap');
    assert.equal(reduceChatState(s, { type: 'local/budgetAnswered', requestId: 'other' }).budgetAsk?.requestId, 'r1');
    s = reduceChatState(s, { type: 'local/budgetAnswered', requestId: 'r1' });
    assert.equal(s.budgetAsk, undefined);
  });

  it('stores the editor context for the suggested chips', () => {
    const s = reduceChatState(INITIAL_STATE, { type: 'editorContext', context: { activeFile: { path: 'a.ts', languageId: 'typescript' } } });
    assert.equal(s.editorContext.activeFile?.path, 'a.ts');
  });
});
