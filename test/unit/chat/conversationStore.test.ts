import assert from 'node:assert/strict';
import { parseChatStore, type StoredAssistantMessage } from '../../../src/core/chat/conversationSchema';
import { storedUser } from './storedMessages';
import { ConversationStore, conversationNameSchema, titleFrom } from '../../../src/core/chat/conversationStore';

const user = storedUser;
const answer = (id: string, requestId: string, status: StoredAssistantMessage['status'] = 'done'): StoredAssistantMessage => ({
  role: 'assistant',
  id,
  requestId,
  text: 'answer',
  status,
  createdAt: 2,
  meta: {
    capability: 'understand',
    capabilitySource: 'rules',
    explanation: 'understand → a (primary)',
    modelId: 'a',
    fallbacks: [{ from: 'b', to: 'a', reason: 'rate limited (429)', errorKind: 'rate-limit' }],
    tokens: { input: 3, output: 1, estimated: false },
    costUsd: null,
    totalMs: 10,
    cached: false,
    partial: false,
  },
});

function clockStore() {
  let t = 100;
  return new ConversationStore([], () => ++t);
}

describe('ConversationStore', () => {
  it('names a conversation after its first prompt and lists the newest first', () => {
    const store = clockStore();
    store.create('c1');
    store.append('c1', user('m1', 'Explain   the\ninvoice module'));
    store.create('c2');
    assert.equal(store.get('c1')?.title, 'Explain the invoice module');
    assert.deepEqual(
      store.summaries().map((s) => [s.id, s.messageCount]),
      [
        ['c2', 0],
        ['c1', 1],
      ],
    );
    assert.equal(store.latest()?.id, 'c2');
  });

  it('cuts long titles with an ellipsis', () => {
    const title = titleFrom('x'.repeat(200));
    assert.equal(title.length, 60);
    assert.ok(title.endsWith('…'));
    assert.equal(titleFrom('   '), 'New chat');
  });

  it('edit and resend replaces the message and drops everything after it', () => {
    const store = clockStore();
    store.create('c');
    store.append('c', user('m1', 'first'));
    store.append('c', answer('m2', 'r1'));
    store.append('c', user('m3', 'second'));
    store.append('c', answer('m4', 'r2'));
    store.replaceFrom('c', 'm3', user('m3', 'second, edited'));
    assert.deepEqual(
      store.get('c')?.messages.map((m) => [m.id, m.role === 'task' ? m.instruction : m.text]),
      [
        ['m1', 'first'],
        ['m2', 'answer'],
        ['m3', 'second, edited'],
      ],
    );
    assert.throws(() => store.replaceFrom('c', 'nope', user('x', 'y')), /not in conversation/);
  });

  it('finds the prompt and history behind an answer (for retry)', () => {
    const store = clockStore();
    store.create('c');
    store.append('c', user('m1', 'first'));
    store.append('c', answer('m2', 'r1'));
    store.append('c', user('m3', 'second'));
    store.append('c', answer('m4', 'r2'));
    const found = store.promptOf('c', 'm4');
    assert.equal(found?.prompt.id, 'm3');
    assert.deepEqual(
      found?.history.map((m) => m.id),
      ['m1', 'm2'],
    );
    assert.equal(store.promptOf('c', 'm1'), undefined);
  });

  it('fires a change for each persisted edit, and not for silent streaming updates', () => {
    const store = clockStore();
    let changes = 0;
    store.onDidChange(() => changes++);
    store.create('c');
    store.append('c', answer('m1', 'r1', 'streaming'));
    store.updateAnswer('c', 'm1', (m) => ({ ...m, text: 'partial' }), false);
    store.updateAnswer('c', 'm1', (m) => ({ ...m, status: 'done' }));
    assert.equal(changes, 3);
    const first = store.get('c')?.messages[0];
    assert.equal(first?.role === 'assistant' ? first.text : undefined, 'partial');
    assert.equal(store.delete('c'), true);
    assert.equal(store.delete('c'), false);
    assert.equal(changes, 4);
  });
});

describe('the conversation shown, kept with the conversations', () => {
  it('is written with them and read back, so a reload shows it again, not what the view remembered', () => {
    const store = clockStore();
    store.create('older');
    store.create('newer');
    let changes = 0;
    store.onDidChange(() => changes++);
    store.setShown('newer');
    store.setShown('newer');
    assert.equal(changes, 1, 'a change only when it changes');
    const parsed = parseChatStore(JSON.parse(JSON.stringify(store.serialize())));
    assert.equal(parsed.shown, 'newer');
    store.delete('newer');
    assert.equal(store.shown, undefined, 'a removed conversation is not shown');
    assert.equal(store.serialize().shown, undefined);
  });

  it('ignores a shown id that is malformed or names no conversation, keeping every conversation', () => {
    const store = clockStore();
    store.create('c');
    const raw = JSON.parse(JSON.stringify(store.serialize())) as Record<string, unknown>;
    for (const shown of ['gone', '../etc', 42]) {
      const parsed = parseChatStore({ ...raw, shown });
      assert.equal(parsed.shown, undefined, String(shown));
      assert.deepEqual(parsed.conversations.map((c) => c.id), ['c']);
      assert.deepEqual(parsed.problems, []);
    }
    // A store written before the field existed reads as before.
    assert.equal(parseChatStore(raw).shown, undefined);
  });
});

describe('parseChatStore', () => {
  it('is renamed as the person typed it (one line, trimmed), keeps its place, and keeps the name when its first message is edited', () => {
    const store = clockStore();
    store.create('old');
    store.append('old', user('m0', 'an older question'));
    store.create('c');
    store.append('c', user('m1', 'Explain the invoice module'));
    const before = store.summaries();
    store.rename('c', '  Invoice\n rounding  ');
    assert.equal(store.get('c')?.title, 'Invoice rounding');
    assert.deepEqual(
      store.summaries().map((c) => [c.id, c.updatedAt]),
      before.map((c) => [c.id, c.updatedAt]),
      'renaming is not activity: the list keeps its order',
    );
    store.replaceFrom('c', 'm1', user('m1', 'Explain the invoice module, with rounding'));
    assert.equal(store.get('c')?.title, 'Invoice rounding');
    // A conversation named by its first message is still renamed by editing it.
    store.replaceFrom('old', 'm0', user('m0', 'an older question, edited'));
    assert.equal(store.get('old')?.title, 'an older question, edited');
    // And the name survives a reload.
    const parsed = parseChatStore(JSON.parse(JSON.stringify(store.serialize())));
    assert.deepEqual(parsed.conversations.find((c) => c.id === 'c')?.title, 'Invoice rounding');
    assert.equal(parsed.conversations.find((c) => c.id === 'c')?.named, true);
  });

  it('refuses an empty or overlong name, saying what is wrong', () => {
    const store = clockStore();
    store.create('c');
    assert.equal(conversationNameSchema.safeParse('   ').error?.issues[0]?.message, 'A conversation needs a name');
    assert.equal(conversationNameSchema.safeParse('x'.repeat(81)).error?.issues[0]?.message, 'A name has at most 80 characters');
    assert.throws(() => store.rename('c', ''), /A conversation needs a name/);
    assert.equal(store.get('c')?.title, 'New chat');
    assert.throws(() => store.rename('missing', 'x'), /missing/);
  });

  it('round-trips what the store serializes', () => {
    const store = clockStore();
    store.create('c');
    store.append('c', user('m1', 'hello'));
    store.append('c', answer('m2', 'r1'));
    const parsed = parseChatStore(JSON.parse(JSON.stringify(store.serialize())));
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.conversations, store.serialize().conversations);
  });

  it('loads answers stored before reasoning was kept, and round-trips an answer with its reasoning', () => {
    const old = { id: 'c', title: 't', createdAt: 1, updatedAt: 1, messages: [user('m1', 'q'), answer('m2', 'r1')] };
    assert.ok(!('reasoning' in (old.messages[1] ?? {})));
    const loaded = parseChatStore({ version: 1, conversations: [old] });
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(loaded.conversations[0]?.messages, old.messages);

    const store = clockStore();
    store.create('c');
    store.append('c', user('m1', 'hello'));
    store.append('c', { ...answer('m2', 'r1'), reasoning: 'The user greets me.\n<script>x</script>' });
    const parsed = parseChatStore(JSON.parse(JSON.stringify(store.serialize())));
    assert.deepEqual(parsed.problems, []);
    const stored = parsed.conversations[0]?.messages[1];
    assert.equal(stored?.role === 'assistant' ? stored.reasoning : undefined, 'The user greets me.\n<script>x</script>');
  });

  it('refuses reasoning that is not text', () => {
    const parsed = parseChatStore({ version: 1, conversations: [{ id: 'c', title: 't', createdAt: 1, updatedAt: 1, messages: [{ ...answer('m', 'r'), reasoning: 42 }] }] });
    assert.match(parsed.problems[0] ?? '', /^conversations\[0\]\.messages\[0\]\.reasoning/);
  });

  it('drops a bad message with a problem naming where, and keeps the rest of its conversation', () => {
    const good = { id: 'c1', title: 't', createdAt: 1, updatedAt: 1, messages: [user('m1', 'q')] };
    const damaged = { id: 'c2', title: 't', createdAt: 1, updatedAt: 1, messages: [user('m1', 'q'), { ...answer('m2', 'r'), status: 'exploded' }, user('m3', 'again')] };
    const parsed = parseChatStore({ version: 1, conversations: [good, damaged, good] });
    assert.deepEqual(
      parsed.conversations.map((c) => [c.id, c.messages.map((m) => m.id)]),
      [
        ['c1', ['m1']],
        ['c2', ['m1', 'm3']],
      ],
    );
    assert.equal(parsed.problems.length, 2);
    assert.match(parsed.problems[0] ?? '', /^conversations\[1\]\.messages\[1\]\.status: .*the message is left out, the rest of its conversation kept/);
    assert.match(parsed.problems[1] ?? '', /duplicate id c1/);
  });

  it('drops a conversation whose own fields do not read, naming the field, and keeps the others', () => {
    const good = { id: 'c1', title: 't', createdAt: 1, updatedAt: 1, messages: [user('m1', 'q')] };
    const bad = { id: 'c2', title: 't', createdAt: 'yesterday', updatedAt: 1, messages: [user('m2', 'q')] };
    const parsed = parseChatStore({ version: 1, conversations: [bad, good] });
    assert.deepEqual(
      parsed.conversations.map((c) => c.id),
      ['c1'],
    );
    assert.match(parsed.problems[0] ?? '', /^conversations\[0\]\.createdAt: /);
  });

  it('brings an answer that was streaming when the window closed back as cancelled', () => {
    const parsed = parseChatStore({ version: 1, conversations: [{ id: 'c', title: 't', createdAt: 1, updatedAt: 1, messages: [answer('m', 'r', 'streaming')] }] });
    assert.equal(parsed.conversations[0]?.messages[0]?.role === 'assistant' ? parsed.conversations[0].messages[0].status : '', 'cancelled');
  });

  it('refuses an unknown version or shape as a whole, and treats nothing as empty', () => {
    assert.equal(parseChatStore({ version: 2, conversations: [] }).problems.length, 1);
    assert.equal(parseChatStore('nonsense').problems.length, 1);
    assert.deepEqual(parseChatStore(undefined), { conversations: [], problems: [] });
  });
});

describe('ConversationStore: a name written by a model', () => {
  it('takes the name while the conversation still has its first message’s, without moving it in the list', () => {
    const store = clockStore();
    store.create('c');
    store.append('c', user('m1', 'how do I validate a discount code on submit?'));
    store.append('c', answer('a1', 'r1'));
    store.create('newer');
    const before = store.summaries().map((c) => [c.id, c.updatedAt]);
    assert.equal(store.awaitsName('c'), true);
    assert.equal(store.nameByModel('c', 'Discount code validation', 'm1'), true);
    assert.equal(store.get('c')?.title, 'Discount code validation');
    assert.deepEqual(store.summaries().map((c) => [c.id, c.updatedAt]), before, 'naming is not activity');
    // Named once: a retried first answer does not ask again.
    assert.equal(store.awaitsName('c'), false);
    // Not the person's name: editing the first message names the conversation by it again, and a model may then.
    store.replaceFrom('c', 'm1', user('m1', 'how do I validate a coupon?'));
    assert.equal(store.get('c')?.title, 'how do I validate a coupon?');
    assert.equal(store.awaitsName('c'), true);
    assert.equal(store.get('c')?.named, undefined);
  });

  it('leaves a name the person gave, a first message edited meanwhile, and a conversation gone', () => {
    const store = clockStore();
    store.create('c');
    store.append('c', user('m1', 'explain the invoice module'));
    store.rename('c', 'Invoices');
    assert.equal(store.awaitsName('c'), false);
    assert.equal(store.nameByModel('c', 'Invoice module overview', 'm1'), false);
    assert.equal(store.get('c')?.title, 'Invoices');

    store.create('d');
    store.append('d', user('m2', 'first version'));
    // The title request was about m2; the person edited it (a new message id) before the name came.
    store.replaceFrom('d', 'm2', user('m3', 'second version'));
    assert.equal(store.nameByModel('d', 'About the first version', 'm2'), false);
    assert.equal(store.get('d')?.title, 'second version');

    assert.equal(store.nameByModel('gone', 'x', 'm1'), false);
    assert.equal(store.awaitsName('gone'), false);
    // An empty conversation has no first message to be named by.
    store.create('e');
    assert.equal(store.awaitsName('e'), false);
  });

  it('fits a long model title to the list', () => {
    const store = clockStore();
    store.create('c');
    store.append('c', user('m1', 'q'));
    assert.equal(store.nameByModel('c', 'A '.repeat(50), 'm1'), true);
    assert.ok((store.get('c')?.title.length ?? 0) <= 60);
  });
});
