// The chat's host side inside the real VS Code host: messages go in exactly as the webview sends
// them (validated by the same schema), answers come from local OpenAI-compatible servers over real
// HTTP, and what the view would receive is recorded.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { eventually } from '../../support/eventually';
import * as vscode from 'vscode';
import { CHAT_PROTOCOL_VERSION, type HostToWebview } from '../../../src/protocol/chatProtocol';
import type { ChatTestHandle } from '../../../src/vscode/chat/registerChat';
import type { SwitchboardApi } from '../../../src/vscode/api';
import { startFakeAnthropic, startFakeOpenAI, type FakeOpenAIServer } from '../../support/fakeProviders';
import { commandForRun } from '../../../src/vscode/chat/welcomeCommands';
import { describeCapability } from '../../../src/webview/chat/answerFormat';
import { CANARY_KEY, resetSettings, switchboard, updateSetting, useSetting } from '../support/switchboard';

const { Global } = vscode.ConfigurationTarget;
const PRICE = { input: 0.15, output: 0.6 };
const TIERS = { understand: ['primary', 'backup'], review: ['primary', 'backup'], generate: ['backup'], plan: ['primary'] };

type Recorder = { readonly messages: HostToWebview[]; dispose(): void };
type End = Extract<HostToWebview, { type: 'answer/end' }>;

/** Polls the recorded messages until one matches (the host posts asynchronously). */
async function waitFor<T extends HostToWebview>(rec: Recorder, match: (m: HostToWebview) => m is T, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = rec.messages.find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${ms} ms; got: ${rec.messages.map((m) => m.type).join(', ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Fails with `what` instead of hanging the whole test when a step does not settle. */
async function within<T>(what: string, promise: Thenable<T>, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([Promise.resolve(promise), new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

const endOf = (requestId: string) => (m: HostToWebview): m is End => m.type === 'answer/end' && m.requestId === requestId;

/** The diff editor of a proposed change, while one is open. */
function proposedDiffTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'switchboard-proposed');
}

describe('Chat (host side)', () => {
  let api: SwitchboardApi;
  let chat: ChatTestHandle;
  let rec: Recorder;
  let primary: FakeOpenAIServer;
  let backup: FakeOpenAIServer;
  let slot: string;
  const models = () => [
    { id: 'primary', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: primary.baseURL, price: PRICE },
    { id: 'backup', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: backup.baseURL + '/', price: PRICE },
  ];

  before(async () => {
    api = await switchboard();
    chat = await vscode.commands.executeCommand<ChatTestHandle>('switchboard.chat.testHandle');
    assert.ok(chat, 'the chat test handle is registered outside production');
    primary = await startFakeOpenAI();
    backup = await startFakeOpenAI();
    slot = `endpoint:${new URL(primary.baseURL).origin}`;
    assert.equal(await vscode.commands.executeCommand('switchboard.setApiKey', { slot, key: CANARY_KEY }), true);
  });

  beforeEach(async () => {
    // Every test (the nested suites' too) starts from the suite's models and tiers, whatever the
    // test before it set, and with no chat view said to be showing (questions then go to a modal).
    await useSetting(api, 'models', models(), Global);
    await useSetting(api, 'tiers', TIERS, Global);
    chat.controller.setViewReady(false);
    rec = chat.record();
  });
  afterEach(() => rec.dispose());

  after(async () => {
    await vscode.commands.executeCommand('switchboard.clearApiKey', { slot });
    await resetSettings(api);
    await primary?.close();
    await backup?.close();
  });

  /**
   * A conversation of the calling test's own (titled by its first prompt): an answer from primary
   * (40 in / 3 out tokens), an answer with reasoning, and an answer stopped while it streamed.
   * Returns its id; it is the current conversation afterwards.
   */
  async function conversationWithEndedAnswers(tag: string): Promise<string> {
    primary.enqueue({ kind: 'text', chunks: ['It ', 'formats ', 'cents.'], usage: { input: 40, output: 3 } });
    await chat.receive({ type: 'send', requestId: `r_${tag}_plain`, text: 'What does formatCents do?', capability: 'understand', chips: [] });
    assert.equal((await waitFor(rec, endOf(`r_${tag}_plain`), 'answer/end')).status, 'done');
    const conversationId = chat.controller.currentConversationId;
    assert.ok(conversationId);
    primary.enqueue({ kind: 'text', reasoningChunks: ['The user asks ', 'about cents.'], chunks: ['Cents.'], usage: { input: 10, output: 5 } });
    await chat.receive({ type: 'send', requestId: `r_${tag}_reason`, conversationId, text: 'Cents?', capability: 'understand', chips: [] });
    assert.equal((await waitFor(rec, endOf(`r_${tag}_reason`), 'answer/end')).status, 'done');
    primary.enqueue({ kind: 'text', chunks: ['first ', ...Array.from({ length: 200 }, () => 'more ')], chunkDelayMs: 100 });
    await chat.receive({ type: 'send', requestId: `r_${tag}_stop`, conversationId, text: 'Explain it slowly', capability: 'understand', chips: [] });
    await waitFor(rec, (m): m is HostToWebview => m.type === 'answer/delta' && m.requestId === `r_${tag}_stop`, 'a first delta');
    await chat.receive({ type: 'stop', requestId: `r_${tag}_stop` });
    assert.equal((await waitFor(rec, endOf(`r_${tag}_stop`), 'answer/end')).status, 'cancelled');
    return conversationId;
  }

  it('streams an answer token by token and ends it with the model, tokens and cost', async () => {
    primary.enqueue({ kind: 'text', chunks: ['It ', 'formats ', 'cents.'], usage: { input: 40, output: 3 } });
    await chat.receive({ type: 'send', requestId: 'r_stream', text: 'What does formatCents do?', capability: 'understand', chips: [] });
    const end = await waitFor(rec, endOf('r_stream'), 'answer/end');
    const deltas = rec.messages.flatMap((m) => (m.type === 'answer/delta' && m.requestId === 'r_stream' ? [m.text] : []));
    assert.deepEqual(deltas, ['It ', 'formats ', 'cents.']);
    assert.ok(rec.messages.findIndex((m) => m.type === 'answer/start') < rec.messages.findIndex((m) => m.type === 'answer/delta'));
    assert.equal(end.status, 'done');
    assert.equal(end.text, 'It formats cents.');
    assert.equal(end.meta?.modelId, 'primary');
    assert.equal(end.meta?.provider, 'openai-compatible');
    assert.equal(end.meta?.capability, 'understand');
    assert.equal(end.meta?.capabilitySource, 'user');
    assert.equal(end.meta?.tokens.input, 40);
    assert.equal(end.meta?.tokens.output, 3);
    assert.ok(Math.abs((end.meta?.costUsd ?? NaN) - (40 * PRICE.input + 3 * PRICE.output) / 1e6) < 1e-12, `cost ${end.meta?.costUsd}`);
    assert.ok((end.meta?.ttftMs ?? -1) >= 0 && (end.meta?.totalMs ?? -1) >= (end.meta?.ttftMs ?? 0));
    // The system prompt for the capability went out, and the key only in the header.
    const body = (primary.chatRequests.at(-1)?.body ?? {}) as { messages: { role: string; content: string }[] };
    assert.equal(body.messages[0]?.role, 'system');
    assert.match(body.messages.at(-1)?.content ?? '', /What does formatCents do\?/);
    assert.ok(!JSON.stringify(rec.messages).includes(CANARY_KEY));
  });

  it('asks a model for the reasoning its settings name, streams it apart from its text and keeps it with the answer', async () => {
    const models = (reasoning?: 'medium') => [
      { id: 'primary', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: primary.baseURL, price: PRICE, ...(reasoning ? { reasoning } : {}) },
      { id: 'backup', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: backup.baseURL + '/', price: PRICE },
    ];
    await updateSetting(api, 'models', models('medium'), Global);
    primary.enqueue({ kind: 'text', reasoningChunks: ['The user asks ', 'about cents.'], chunks: ['Cents.'], usage: { input: 10, output: 5 } });
    await chat.receive({ type: 'send', requestId: 'r_reason', conversationId: chat.controller.currentConversationId, text: 'Cents?', capability: 'understand', chips: [] });
    const end = await waitFor(rec, endOf('r_reason'), 'answer/end');
    await updateSetting(api, 'models', models(), Global);
    assert.equal((primary.chatRequests.at(-1)?.body as { reasoning_effort?: string }).reasoning_effort, 'medium', 'switchboard.models[0].reasoning went out as reasoning_effort');
    const reasoning = rec.messages.flatMap((m) => (m.type === 'answer/reasoning' && m.requestId === 'r_reason' ? [m.text] : []));
    assert.equal(reasoning.join(''), 'The user asks about cents.');
    assert.equal(end.text, 'Cents.', 'reasoning is not answer text');
    assert.equal(end.reasoning, 'The user asks about cents.');
    // What a reloaded view gets: the stored answer, reasoning included.
    const stored = chat.controller.snapshot().messages.find((m) => m.role === 'assistant' && m.requestId === 'r_reason');
    assert.equal(stored?.role === 'assistant' ? stored.reasoning : undefined, 'The user asks about cents.');
  });

  it('classifies an Auto prompt and says how the capability was chosen', async () => {
    primary.enqueue({ kind: 'text', chunks: ['Looks fine.'] });
    await chat.receive({ type: 'send', requestId: 'r_auto', conversationId: chat.controller.currentConversationId, text: 'Can you review this function for bugs?', capability: 'auto', chips: [] });
    const end = await waitFor(rec, endOf('r_auto'), 'answer/end');
    assert.equal(end.status, 'done');
    assert.equal(end.meta?.capability, 'review');
    assert.equal(end.meta?.capabilitySource, 'rules');
    assert.ok(rec.messages.some((m) => m.type === 'answer/progress' && m.requestId === 'r_auto' && /Classified as review/.test(m.note)));
  });

  it('stops at once: the server sees the connection close and the answer keeps the text so far', async () => {
    primary.enqueue({ kind: 'text', chunks: ['first ', ...Array.from({ length: 200 }, () => 'more ')], chunkDelayMs: 100 });
    const before = primary.chatRequests.length;
    await chat.receive({ type: 'send', requestId: 'r_stop', conversationId: chat.controller.currentConversationId, text: 'Explain it slowly', capability: 'understand', chips: [] });
    await waitFor(rec, (m): m is HostToWebview => m.type === 'answer/delta' && m.requestId === 'r_stop', 'a first delta');
    await chat.receive({ type: 'stop', requestId: 'r_stop' });
    const end = await waitFor(rec, endOf('r_stop'), 'answer/end');
    assert.equal(end.status, 'cancelled');
    assert.ok(end.text.startsWith('first '), end.text);
    assert.ok(end.text.length < 'first '.length + 200 * 'more '.length);
    const exchange = primary.chatRequests[before];
    assert.ok(exchange, 'the request reached the server');
    assert.equal(await exchange.ended, 'client-closed');
  });

  it('persists the conversation and reads it back from the file, streaming answers included as ended', async () => {
    const conversationId = await conversationWithEndedAnswers('persist');
    await chat.persistence.flush();
    const raw = readFileSync(chat.persistence.file, 'utf8');
    assert.ok(!raw.includes(CANARY_KEY), 'no key in the chat history');
    const loaded = chat.persistence.load();
    assert.deepEqual(loaded.problems, []);
    const conversation = loaded.conversations.find((c) => c.id === conversationId);
    assert.ok(conversation, 'the current conversation is on disk');
    assert.equal(conversation.title, 'What does formatCents do?');
    const answers = conversation.messages.filter((m) => m.role === 'assistant');
    assert.deepEqual(
      answers.map((a) => [a.requestId, a.status]),
      [
        ['r_persist_plain', 'done'],
        ['r_persist_reason', 'done'],
        ['r_persist_stop', 'cancelled'],
      ],
    );
    const first = answers[0];
    assert.equal(first?.role === 'assistant' ? first.meta?.modelId : undefined, 'primary');
    assert.equal(answers[1]?.role === 'assistant' ? answers[1].reasoning : undefined, 'The user asks about cents.', 'reasoning is on disk with its answer');
    assert.ok(answers[0]?.role === 'assistant' && !('reasoning' in answers[0]), 'an answer without reasoning stores none');
    // The view asks for the list again after a reload and gets the same conversation back (the
    // states posted while the answers ran are not that answer).
    rec.messages.splice(0);
    await chat.receive({ type: 'ready', protocolVersion: CHAT_PROTOCOL_VERSION, conversationId: conversation.id });
    const state = await waitFor(rec, (m): m is Extract<HostToWebview, { type: 'state' }> => m.type === 'state', 'state');
    // The later tests run with no view said to be showing, as before this one.
    chat.controller.setViewReady(false);
    assert.equal(state.state.currentConversationId, conversation.id);
    assert.equal(state.state.messages.length, conversation.messages.length);
    assert.ok(state.state.usable);
  });

  it('shows the fallback and why when the primary fails', async () => {
    primary.enqueue({ kind: 'server-error', status: 503 });
    backup.enqueue({ kind: 'text', chunks: ['from backup'] });
    await chat.receive({ type: 'send', requestId: 'r_fallback', text: 'Explain the invoice module', capability: 'understand', chips: [] });
    const end = await waitFor(rec, endOf('r_fallback'), 'answer/end');
    assert.equal(end.status, 'done');
    assert.equal(end.text, 'from backup');
    assert.equal(end.meta?.modelId, 'backup');
    const fallback = end.meta?.fallbacks[0];
    assert.equal(fallback?.from, 'primary');
    assert.equal(fallback?.to, 'backup');
    assert.match(fallback?.reason ?? '', /\S/);
    assert.ok(rec.messages.some((m) => m.type === 'answer/progress' && m.requestId === 'r_fallback' && /falling back to backup/.test(m.note)));
  });

  it('retries an answer on another model, keeping the old answer, and edits and resends a prompt', async () => {
    // A conversation of its own, whose one answer came from backup (picked in the composer).
    backup.enqueue({ kind: 'text', chunks: ['from backup'] });
    await chat.receive({ type: 'send', requestId: 'r_first', text: 'Explain the invoice module', capability: 'understand', modelId: 'backup', chips: [] });
    assert.equal((await waitFor(rec, endOf('r_first'), 'answer/end')).status, 'done');
    const conversationId = chat.controller.currentConversationId;
    assert.ok(conversationId);
    const answerId = chat.controller.snapshot().messages.find((m) => m.role === 'assistant' && m.requestId === 'r_first')?.id;
    assert.ok(answerId);
    backup.enqueue({ kind: 'text', chunks: ['retried on backup'] });
    await chat.receive({ type: 'retry', requestId: 'r_retry', conversationId, messageId: answerId, modelId: 'backup' });
    const retried = await waitFor(rec, endOf('r_retry'), 'answer/end');
    assert.equal(retried.meta?.modelId, 'backup');
    assert.equal(retried.text, 'retried on backup');
    const afterRetry = chat.controller.snapshot().messages;
    assert.deepEqual(
      afterRetry.slice(-3).map((m) => (m.role === 'assistant' ? m.requestId : m.role === 'user' ? m.text : m.id)),
      ['Explain the invoice module', 'r_first', 'r_retry'],
    );

    const userId = afterRetry.at(-3)?.id;
    assert.ok(userId);
    primary.enqueue({ kind: 'text', chunks: ['edited answer'] });
    await chat.receive({ type: 'editResend', requestId: 'r_edit', conversationId, messageId: userId, text: 'Explain the format module', capability: 'understand', chips: [] });
    const edited = await waitFor(rec, endOf('r_edit'), 'answer/end');
    assert.equal(edited.text, 'edited answer');
    const replaced = rec.messages.find((m) => m.type === 'message/user' && m.replaces === true);
    assert.ok(replaced && replaced.type === 'message/user' && replaced.message.text === 'Explain the format module');
    const afterEdit = chat.controller.snapshot().messages;
    assert.deepEqual(
      afterEdit.slice(-2).map((m) => (m.role === 'assistant' ? m.requestId : m.role === 'user' ? m.text : m.id)),
      ['Explain the format module', 'r_edit'],
    );
    assert.ok(!afterEdit.some((m) => m.role === 'assistant' && (m.requestId === 'r_first' || m.requestId === 'r_retry')), 'later answers are dropped');
    // The resent prompt carries the earlier turns, not the dropped ones.
    const sent = (primary.chatRequests.at(-1)?.body ?? {}) as { messages: { content: string }[] };
    assert.ok(!JSON.stringify(sent).includes('retried on backup'));
  });

  it('asks the view when the budget would be exceeded, and goes ahead when the person allows it', async () => {
    await updateSetting(api, 'budget.policy', 'ask', Global);
    await updateSetting(api, 'budget.daily', 0.000001, Global);
    try {
      // The question goes to a view that is showing (else to a modal): the view says it is ready.
      await chat.receive({ type: 'ready', protocolVersion: CHAT_PROTOCOL_VERSION, conversationId: chat.controller.currentConversationId });
      primary.enqueue({ kind: 'text', chunks: ['allowed answer'] });
      const sentAt = Date.now();
      await chat.receive({ type: 'send', requestId: 'r_budget', conversationId: chat.controller.currentConversationId, text: 'One more question', capability: 'understand', chips: [] });
      const ask = await waitFor(rec, (m): m is Extract<HostToWebview, { type: 'budget/ask' }> => m.type === 'budget/ask' && m.requestId === 'r_budget', 'budget/ask');
      const askSeenAt = Date.now();
      assert.match(ask.message, /budget/i);
      assert.ok(!rec.messages.some((m) => m.type === 'answer/end'), `the answer waits for the person; got ${JSON.stringify(rec.messages.filter((m) => m.type === 'answer/end'))}`);
      const answeredAt = Date.now();
      await chat.receive({ type: 'budget/answer', requestId: 'r_budget', answer: 'allow' });
      const end = await waitFor(rec, endOf('r_budget'), 'answer/end');
      const seenAt = Date.now();
      assert.equal(end.status, 'done', JSON.stringify(end));
      assert.equal(end.text, 'allowed answer');
      // The footer's times leave out the time the question was open (issue 14 item 8): they fit in
      // what the test saw pass outside it. (The unit tier proves it with an injected clock.)
      const outside = seenAt - sentAt - (answeredAt - askSeenAt);
      assert.ok((end.meta?.totalMs ?? Infinity) <= outside, `total ${end.meta?.totalMs} ms; ${outside} ms passed outside the question`);
      assert.ok((end.meta?.ttftMs ?? Infinity) <= outside, `first token ${end.meta?.ttftMs} ms`);
    } finally {
      // The rest of the suite runs as before, with no view said to be showing.
      chat.controller.setViewReady(false);
      await updateSetting(api, 'budget.daily', undefined, Global);
      await updateSetting(api, 'budget.policy', undefined, Global);
    }
  });

  it('asks the model again on Retry when the response cache holds the answer, keeps the new answer in the cache, and forgets it on Clear Response Cache', async () => {
    await updateSetting(api, 'cache.enabled', true, Global);
    // What Clear counts below is this test's alone, whichever test cached an answer before it.
    await vscode.commands.executeCommand('switchboard.clearResponseCache');
    try {
      const question = `What does the refund module do? (${Date.now().toString(36)})`;
      await chat.receive({ type: 'conversation/new' });
      primary.enqueue({ kind: 'text', chunks: ['It refunds ', 'whole orders.'] });
      const asked = primary.chatRequests.length;
      await chat.receive({ type: 'send', requestId: 'r_cache_first', text: question, capability: 'understand', chips: [] });
      const first = await waitFor(rec, endOf('r_cache_first'), 'answer/end');
      assert.equal(first.text, 'It refunds whole orders.');
      assert.equal(first.meta?.cached, false);
      const conversationId = chat.controller.currentConversationId;
      assert.ok(conversationId);
      const answerId = chat.controller.snapshot().messages.find((m) => m.role === 'assistant' && m.requestId === 'r_cache_first')?.id;
      assert.ok(answerId);

      // Exactly what the view sends for the answer's Retry button: a new answer, not the cached one.
      primary.enqueue({ kind: 'text', chunks: ['It refunds ', 'single lines too.'] });
      await chat.receive({ type: 'retry', requestId: 'r_cache_retry', conversationId, messageId: answerId });
      const retried = await waitFor(rec, endOf('r_cache_retry'), 'answer/end');
      assert.equal(retried.text, 'It refunds single lines too.', 'Retry served the cached answer');
      assert.equal(retried.meta?.cached, false);
      assert.equal(primary.chatRequests.length, asked + 2, 'the model was asked again');

      // The same question again, elsewhere: the cache answers, with what the retry brought.
      await chat.receive({ type: 'conversation/new' });
      await chat.receive({ type: 'send', requestId: 'r_cache_hit', text: question, capability: 'understand', chips: [] });
      const hit = await waitFor(rec, endOf('r_cache_hit'), 'answer/end');
      assert.equal(hit.text, 'It refunds single lines too.');
      assert.equal(hit.meta?.cached, true);
      assert.equal(primary.chatRequests.length, asked + 2, 'no request for an answer the cache holds');

      // Cleared from the palette: the next time, the model answers.
      assert.equal(await vscode.commands.executeCommand('switchboard.clearResponseCache'), 1);
      await chat.receive({ type: 'conversation/new' });
      primary.enqueue({ kind: 'text', chunks: ['It refunds orders.'] });
      await chat.receive({ type: 'send', requestId: 'r_cache_cleared', text: question, capability: 'understand', chips: [] });
      const cleared = await waitFor(rec, endOf('r_cache_cleared'), 'answer/end');
      assert.equal(cleared.text, 'It refunds orders.');
      assert.equal(cleared.meta?.cached, false);
      assert.equal(primary.chatRequests.length, asked + 3);
    } finally {
      // The cache keeps its answers when it is turned off: later tests start without this one's.
      await vscode.commands.executeCommand('switchboard.clearResponseCache');
      await updateSetting(api, 'cache.enabled', undefined, Global);
    }
  });

  it('continues a dropped answer on the suggested model, in place: one joined answer, no new classification (issue 14 item 3)', async () => {
    primary.enqueue({ kind: 'drop-mid-stream', chunks: ['Invoices are ', 'rounded ', 'per line.'], afterChunks: 2 });
    await chat.receive({ type: 'send', requestId: 'r_cut', text: 'How are invoices rounded?', capability: 'auto', chips: [] });
    const cut = await waitFor(rec, endOf('r_cut'), 'the cut-off answer/end');
    assert.equal(cut.status, 'error', JSON.stringify(cut));
    assert.equal(cut.text, 'Invoices are rounded ');
    const action = cut.error?.actions[0];
    assert.deepEqual(action, { kind: 'retry', modelId: 'backup', continue: true, label: 'Continue with backup' });
    const conversationId = chat.controller.currentConversationId;
    assert.ok(conversationId);
    const answerId = chat.controller.snapshot().messages.find((m) => m.role === 'assistant' && m.requestId === 'r_cut')?.id;
    assert.ok(answerId);
    const classifiedBefore = rec.messages.filter((m) => m.type === 'answer/progress' && /Classified as/.test(m.note)).length;
    assert.equal(classifiedBefore, 1, 'the first attempt was classified');

    backup.enqueue({ kind: 'text', chunks: ['half up, ', 'per line.'], usage: { input: 60, output: 5 } });
    // Exactly what the view sends for the error's button.
    await chat.receive({ type: 'retry', requestId: 'r_go_on', conversationId, messageId: answerId, modelId: 'backup', continue: true });
    const joined = await waitFor(rec, endOf('r_go_on'), 'the continuation’s answer/end');
    assert.equal(joined.status, 'done');
    assert.equal(joined.text, 'Invoices are rounded half up, per line.');
    const start = rec.messages.find((m): m is Extract<HostToWebview, { type: 'answer/start' }> => m.type === 'answer/start' && m.requestId === 'r_go_on');
    assert.equal(start?.messageId, answerId, 'the continuation streams onto the cut-off message');
    assert.equal(start?.continues, 'Invoices are rounded ');
    assert.equal(rec.messages.filter((m) => m.type === 'answer/progress' && /Classified as/.test(m.note)).length, 1, 'no second classification');
    // The model got its own cut-off text and the instruction to go on.
    const sent = (backup.chatRequests.at(-1)?.body ?? {}) as { messages: { role: string; content: string }[] };
    assert.deepEqual(sent.messages.slice(-3).map((m) => m.role), ['user', 'assistant', 'user']);
    assert.equal(sent.messages.at(-2)?.content, 'Invoices are rounded ');
    assert.match(sent.messages.at(-1)?.content ?? '', /cut off/);
    // One stored message, the joined text; the footer counts both attempts.
    const answers = chat.controller.snapshot().messages.filter((m) => m.role === 'assistant');
    const stored = answers.find((m) => m.id === answerId);
    assert.equal(answers.filter((m) => m.role === 'assistant' && (m.requestId === 'r_cut' || m.requestId === 'r_go_on')).length, 1);
    assert.ok(stored?.role === 'assistant');
    assert.equal(stored.text, 'Invoices are rounded half up, per line.');
    assert.equal(stored.status, 'done');
    assert.equal(stored.meta?.continuedFrom, 'primary');
    assert.equal(stored.meta?.modelId, 'backup');
    assert.ok((stored.meta?.tokens.input ?? 0) > 60, `both attempts' input tokens: ${stored.meta?.tokens.input}`);
    assert.ok((stored.meta?.costUsd ?? 0) > (60 * PRICE.input + 5 * PRICE.output) / 1e6, `both attempts' cost: ${stored.meta?.costUsd}`);
    assert.equal(stored.meta?.capability, cut.meta?.capability, 'the first attempt’s capability');
  });

  it('asks the model picked in the composer even when it is not in the tier, and the footer says so (issue 14 item 6)', async () => {
    primary.enqueue({ kind: 'text', chunks: ['from the picked model'] });
    const backupCalls = backup.chatRequests.length;
    // generate's tier is [backup]; the person picked primary.
    await chat.receive({ type: 'send', requestId: 'r_pick', text: 'Write a rounding helper', capability: 'generate', modelId: 'primary', chips: [] });
    const end = await waitFor(rec, endOf('r_pick'), 'answer/end');
    assert.equal(end.status, 'done', JSON.stringify(end));
    assert.equal(end.text, 'from the picked model');
    assert.equal(end.meta?.modelId, 'primary');
    assert.equal(end.meta?.pickedModelId, 'primary');
    assert.match(end.meta?.explanation ?? '', /generate → primary \(you picked it; it is not in the tier\)/);
    assert.doesNotMatch(end.meta?.explanation ?? '', /continuing, as asked/);
    assert.equal(backup.chatRequests.length, backupCalls, 'the tier’s primary was not asked');
  });

  it('ignores a malformed message and keeps working', async () => {
    await chat.receive({ type: 'send', requestId: '../../etc', text: 'x', capability: 'auto', chips: [] });
    await chat.receive({ type: 'code/apply', conversationId: 'c', messageId: 'm', blockIndex: -1, code: 'x' });
    assert.equal(rec.messages.length, 0);
  });

  it('lets a classify model that follows the schema decide an Auto prompt, and the footer says so; the same tier then names the conversation', async () => {
    const previous = chat.controller.currentConversationId;
    await updateSetting(api, 'tiers', { ...TIERS, classify: ['backup'] }, Global);
    try {
      const before = backup.chatRequests.length;
      // The rules alone would say review; the classify model says plan, sure enough to be believed.
      backup.enqueue({ kind: 'text', chunks: ['{"capability":"plan",', '"complexity":"medium","confidence":0.9}'] });
      primary.enqueue({ kind: 'text', chunks: ['First, list the callers.'] });
      // After the first answer, the same tier names the new conversation.
      backup.enqueue({ kind: 'text', chunks: ['{"title":"', 'Reviewing a function for bugs"}'] });
      // In a conversation of its own, so the conversations the other tests read stay as they were.
      await chat.receive({ type: 'send', requestId: 'r_classify', text: 'Can you review this function for bugs?', capability: 'auto', chips: [] });
      const end = await waitFor(rec, endOf('r_classify'), 'answer/end');
      assert.equal(end.status, 'done');
      assert.equal(end.meta?.capability, 'plan');
      assert.equal(end.meta?.capabilitySource, 'model');
      assert.ok(end.meta);
      assert.equal(describeCapability(end.meta), 'plan (the classify model chose it)');
      // The classify call asked for the schema natively (OpenAI json_schema), not for bare JSON.
      const body = backup.chatRequests[before]?.body as { response_format?: { type: string; json_schema?: { name: string } } };
      assert.equal(body.response_format?.type, 'json_schema');
      assert.equal(body.response_format?.json_schema?.name, 'classification');
      // The conversation list shows the model's name for it in place of the first message.
      const conversationId = chat.controller.currentConversationId;
      const named = await waitFor(
        rec,
        (m): m is Extract<HostToWebview, { type: 'state' }> => m.type === 'state' && m.state.conversations.some((c) => c.id === conversationId && c.title === 'Reviewing a function for bugs'),
        'a state whose list shows the model-written name',
      );
      assert.ok(named);
      const titleBody = backup.chatRequests[before + 1]?.body as { response_format?: { json_schema?: { name: string } }; messages: { content: string }[] };
      assert.equal(titleBody.response_format?.json_schema?.name, 'conversation_title');
      assert.match(titleBody.messages.at(-1)?.content ?? '', /Can you review this function for bugs\?[\s\S]*First, list the callers\./);
      assert.equal(backup.chatRequests.length, before + 2, 'one request classifies, one names; nothing more');
    } finally {
      await updateSetting(api, 'tiers', TIERS, Global);
      if (previous) await chat.receive({ type: 'conversation/select', conversationId: previous });
    }
  });

  describe('editor commands and apply', () => {
    let uri: vscode.Uri;
    let original: string;

    before(async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      assert.ok(folder);
      uri = vscode.Uri.joinPath(folder.uri, 'src', 'invoice.ts');
      original = readFileSync(uri.fsPath, 'utf8');
    });

    // Each test starts from the fixture's file, whatever the test before it accepted, and the
    // fixture is left as the other suites expect it.
    afterEach(async () => {
      const doc = await vscode.workspace.openTextDocument(uri);
      if (doc.getText() === original && !doc.isDirty) return;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
      await vscode.workspace.applyEdit(edit);
      await doc.save();
    });

    after(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    async function selectLineTotal(): Promise<vscode.TextEditor> {
      // The previous test's diff tab may still be closing; VS Code refuses to open an editor in
      // that moment ("Could NOT open editor"), so try until the editor opens.
      const editor = await eventually(
        async () => vscode.window.showTextDocument(uri).then((opened): vscode.TextEditor | undefined => opened, () => undefined),
        (opened): opened is vscode.TextEditor => opened !== undefined,
        'src/invoice.ts to open in an editor',
        { ms: 10_000, intervalMs: 100, show: () => 'VS Code refused to open it' },
      );
      // lines 7-9: lineTotalCents
      editor.selection = new vscode.Selection(6, 0, 8, 1);
      return editor;
    }

    it('Refactor Selection answers with the selection as context and a block that applies only on Accept', async () => {
      await within('selecting lines 7-9', selectLineTotal());
      const replacement = 'export function lineTotalCents({ quantity, unitPriceCents }: LineItem): number {\n  return quantity * unitPriceCents;\n}\n';
      backup.enqueue({ kind: 'text', chunks: ['```ts\n', replacement, '```\nDestructured the item.'] });
      const end = await within('Refactor Selection', vscode.commands.executeCommand<{ status: string; meta: { capability: string; capabilitySource: string } }>('switchboard.refactorSelection', { instruction: 'destructure the parameter', wait: true }));
      assert.equal(end?.status, 'done');
      assert.equal(end.meta.capability, 'generate');
      assert.equal(end.meta.capabilitySource, 'command');
      const sent = (backup.chatRequests.at(-1)?.body ?? {}) as { messages: { content: string }[] };
      const userText = sent.messages.at(-1)?.content ?? '';
      assert.match(userText, /Selected lines 7-9 of src\/invoice\.ts/);
      assert.match(userText, /return item\.quantity \* item\.unitPriceCents;/);
      assert.match(userText, /destructure the parameter/);

      const conversationId = chat.controller.currentConversationId;
      assert.ok(conversationId);
      const start = rec.messages.find((m): m is Extract<HostToWebview, { type: 'answer/start' }> => m.type === 'answer/start');
      assert.ok(start);

      // Reject first: nothing changes.
      const rejected = chat.codeActions.apply(conversationId, start.messageId, replacement, undefined);
      await until(() => chat.applier.pendingCount === 1, 'the diff preview');
      const diffTab = proposedDiffTab;
      await until(() => diffTab() !== undefined, 'a diff editor showing the proposed change');
      const proposed = await within('opening the proposed document', vscode.workspace.openTextDocument((diffTab()?.input as vscode.TabInputTextDiff).modified));
      assert.match(proposed.getText(), /quantity \* unitPriceCents/);
      assert.equal(readFileSync(uri.fsPath, 'utf8'), original, 'previewing does not write');
      await within('Reject', vscode.commands.executeCommand('switchboard.rejectApply'));
      assert.equal(await within('the rejected preview', rejected), 'rejected');
      assert.equal(readFileSync(uri.fsPath, 'utf8'), original, 'rejecting does not write');

      // Then accept: exactly the selected lines are replaced, and the file is saved.
      const accepted = chat.codeActions.apply(conversationId, start.messageId, replacement, undefined);
      await until(() => chat.applier.pendingCount === 1, 'the diff preview');
      assert.equal(readFileSync(uri.fsPath, 'utf8'), original);
      await within('Accept', vscode.commands.executeCommand('switchboard.acceptApply'));
      assert.equal(await within('the accepted preview', accepted), 'accepted');
      // The write can land a moment after Accept resolves when the web workbench's auto save races
      // Apply's own save: wait for the disk, not for a fixed instant.
      const expected = original.replace('export function lineTotalCents(item: LineItem): number {\n  return item.quantity * item.unitPriceCents;\n}', replacement.trimEnd());
      await until(() => readFileSync(uri.fsPath, 'utf8') === expected, 'the accepted change on disk');
      assert.equal(chat.applier.pendingCount, 0);
    });

    it('merges a block with one changed function into the file when nothing is selected, writing only on Accept', async () => {
      const before = readFileSync(uri.fsPath, 'utf8');
      const oldFunction = 'export function invoiceTotalCents(items: readonly LineItem[], taxRate = 0): number {\n  const subtotal = items.reduce((sum, item) => sum + lineTotalCents(item), 0);\n  return Math.round(subtotal * (1 + taxRate));\n}';
      assert.ok(before.includes(oldFunction), 'the fixture has the function the model changes');
      const editor = await within('opening invoice.ts', vscode.window.showTextDocument(uri));
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      const newFunction = '/** The total in cents, tax included; a negative rate is refused. */\nexport function invoiceTotalCents(items: readonly LineItem[], taxRate = 0): number {\n  if (taxRate < 0) throw new RangeError(`taxRate must not be negative: ${taxRate}`);\n  const subtotal = items.reduce((sum, item) => sum + lineTotalCents(item), 0);\n  return Math.round(subtotal * (1 + taxRate));\n}\n';
      backup.enqueue({ kind: 'text', chunks: ['Here is the fixed function:\n\n```ts src/invoice.ts\n', newFunction, '```\n'] });
      await chat.receive({ type: 'send', requestId: 'r_merge', text: 'Make invoiceTotalCents refuse a negative tax rate', capability: 'generate', chips: [] });
      const end = await waitFor(rec, endOf('r_merge'), 'answer/end');
      assert.equal(end.status, 'done');
      const conversationId = chat.controller.currentConversationId;
      assert.ok(conversationId);
      const start = rec.messages.find((m): m is Extract<HostToWebview, { type: 'answer/start' }> => m.type === 'answer/start' && m.requestId === 'r_merge');
      assert.ok(start);

      // As the view sends Apply for the block (with the path its fence names); the preview waits for the person.
      const handled = chat.receive({ type: 'code/apply', conversationId, messageId: start.messageId, blockIndex: 0, code: newFunction, pathHint: 'src/invoice.ts' });
      await until(() => chat.applier.pendingCount === 1, 'the diff preview');
      const [proposal] = chat.applier.pendingProposals;
      assert.ok(proposal);
      const expected = before.replace(oldFunction, newFunction.trimEnd());
      assert.equal(proposal.proposedText, expected, 'only invoiceTotalCents changes; the interface, lineTotalCents and the final line break stay');
      assert.equal(proposal.description, 'replaces function invoiceTotalCents (lines 11–14)');

      // The diff editor shows exactly that text, titled with what the change does.
      const diffTab = proposedDiffTab;
      await until(() => diffTab() !== undefined, 'a diff editor showing the proposed change');
      assert.match(diffTab()?.label ?? '', /replaces function invoiceTotalCents/);
      const proposed = await within('opening the proposed document', vscode.workspace.openTextDocument((diffTab()?.input as vscode.TabInputTextDiff).modified));
      assert.equal(proposed.getText(), expected);
      assert.equal(readFileSync(uri.fsPath, 'utf8'), before, 'previewing does not write');

      await within('Accept', vscode.commands.executeCommand('switchboard.acceptApply'));
      await within('the apply message', handled);
      await until(() => readFileSync(uri.fsPath, 'utf8') === expected, 'the merged change on disk');
      assert.equal(chat.applier.pendingCount, 0);
    });

    it('keeps the code a merged block elides, and warns in the preview when it cannot place it', async () => {
      const before = readFileSync(uri.fsPath, 'utf8');
      // The body is elided and only the signature changes: the preview keeps the file's body.
      const elided = 'export function invoiceTotalCents(items: readonly LineItem[], taxRate = 0, roundDown = false): number {\n  // ... existing code ...\n  return Math.round(subtotal * (1 + taxRate));\n}\n';
      backup.enqueue({ kind: 'text', chunks: ['```ts src/invoice.ts\n', elided, '```\n'] });
      await chat.receive({ type: 'send', requestId: 'r_elided', text: 'Add a roundDown flag to invoiceTotalCents', capability: 'generate', chips: [] });
      assert.equal((await waitFor(rec, endOf('r_elided'), 'answer/end')).status, 'done');
      const conversationId = chat.controller.currentConversationId;
      assert.ok(conversationId);
      const start = rec.messages.find((m): m is Extract<HostToWebview, { type: 'answer/start' }> => m.type === 'answer/start' && m.requestId === 'r_elided');
      assert.ok(start);

      const kept = chat.codeActions.apply(conversationId, start.messageId, elided, 'src/invoice.ts');
      await until(() => chat.applier.pendingCount === 1, 'the diff preview');
      // Settle only once the diff editor is open, and go on once it has closed: an editor still
      // opening when the next test opens the file makes VS Code refuse that one.
      await until(() => proposedDiffTab() !== undefined, 'the diff editor');
      const [proposal] = chat.applier.pendingProposals;
      assert.ok(proposal);
      assert.equal(proposal.proposedText, before.replace('taxRate = 0): number {', 'taxRate = 0, roundDown = false): number {'));
      assert.equal(proposal.warning, undefined);
      await within('Reject', vscode.commands.executeCommand('switchboard.rejectApply'));
      assert.equal(await within('the rejected preview', kept), 'rejected');
      await until(() => proposedDiffTab() === undefined, 'the diff editor to close');

      // The line after the marker changed too, so nothing anchors it: the preview drops the elided code and says so.
      const unplaceable = elided.replace('Math.round(', 'Math.floor(');
      const warned = chat.codeActions.apply(conversationId, start.messageId, unplaceable, 'src/invoice.ts');
      await until(() => chat.applier.pendingCount === 1, 'the diff preview');
      await until(() => proposedDiffTab() !== undefined, 'the diff editor');
      const [dropping] = chat.applier.pendingProposals;
      assert.ok(dropping?.warning);
      assert.equal(dropping.warning, 'the block elides code (in function invoiceTotalCents) that could not be placed: the preview drops it — check before accepting');
      assert.ok(dropping.description.endsWith(`Warning: ${dropping.warning}`), dropping.description);
      await within('Reject', vscode.commands.executeCommand('switchboard.rejectApply'));
      assert.equal(await within('the rejected preview', warned), 'rejected');
      await until(() => proposedDiffTab() === undefined, 'the diff editor to close');
      assert.equal(readFileSync(uri.fsPath, 'utf8'), before, 'rejecting does not write');
    });

    it('says so in the preview when a block goes into a file of another language (issue 14 item 20)', async () => {
      const readme = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'README.md');
      const before = readFileSync(readme.fsPath, 'utf8');
      const code = 'export const answer = 42;\n';
      const outcome = chat.codeActions.apply('c_none', 'm_none', code, 'README.md', 'ts');
      await until(() => chat.applier.pendingCount === 1, 'the diff preview');
      await until(() => proposedDiffTab() !== undefined, 'the diff editor');
      const [proposal] = chat.applier.pendingProposals;
      assert.ok(proposal);
      assert.equal(proposal.warning, 'the block is TypeScript but the file is Markdown');
      assert.match(proposal.description, /; the block is TypeScript but the file is Markdown$/);
      await within('Reject', vscode.commands.executeCommand('switchboard.rejectApply'));
      assert.equal(await within('the rejected preview', outcome), 'rejected');
      await until(() => proposedDiffTab() === undefined, 'the diff editor to close');
      assert.equal(readFileSync(readme.fsPath, 'utf8'), before);
    });

    it('inserts a code block at the cursor of the editor in use', async () => {
      const editor = await vscode.window.showTextDocument(uri);
      editor.selection = new vscode.Selection(5, 0, 5, 0);
      await chat.receive({ type: 'code/insert', code: '// inserted by the test\n' });
      assert.equal(editor.document.lineAt(5).text, '// inserted by the test');
      await vscode.commands.executeCommand('undo');
      assert.notEqual(editor.document.lineAt(5).text, '// inserted by the test');
      await editor.document.save();
    });

    it('refuses a path hint outside the workspace', async () => {
      const conversationId = chat.controller.currentConversationId;
      assert.ok(conversationId);
      // The preview waits for the person, so the message is not awaited here.
      const handled = chat.receive({ type: 'code/apply', conversationId, messageId: 'm_unknown', blockIndex: 0, code: 'pwned', pathHint: '../../outside.ts' });
      const error = await waitFor(rec, (m): m is Extract<HostToWebview, { type: 'error' }> => m.type === 'error', 'an error');
      assert.match(error.message, /will not write/);
      // It fell back to a preview on the active editor, which is rejected here.
      await until(() => chat.applier.pendingCount === 1, 'the fallback preview');
      await vscode.commands.executeCommand('switchboard.rejectApply');
      await handled;
      assert.ok(!readFileSync(uri.fsPath, 'utf8').includes('pwned'));
    });

    it('Explain Selection answers in the chat with the selection as a chip', async () => {
      await selectLineTotal();
      primary.enqueue({ kind: 'text', chunks: ['Multiplies quantity by price.'] });
      const end = await vscode.commands.executeCommand<{ status: string; text: string }>('switchboard.explainSelection', { wait: true });
      assert.equal(end?.status, 'done');
      assert.equal(end.text, 'Multiplies quantity by price.');
      // The view's state is posted beside the answer, not before the command resolves: wait for it.
      const lastChip = () => {
        const state = [...rec.messages].reverse().find((m): m is Extract<HostToWebview, { type: 'state' }> => m.type === 'state');
        const prompt = state?.state.messages.filter((m) => m.role === 'user').at(-1);
        return prompt?.role === 'user' ? prompt.chips[0]?.label : undefined;
      };
      await until(() => lastChip() === 'src/invoice.ts:7-9', `the selection chip on the prompt (last: ${String(lastChip())})`);
    });
    it('adds the analyzer’s ranked context once the index is ready, and completes @symbol from it', async () => {
      await selectLineTotal();
      await vscode.commands.executeCommand('switchboard.analyzeWorkspace');
      await until(() => chat.controller.snapshot().indexReady, 'the index to be ready', 60_000);
      primary.enqueue({ kind: 'text', chunks: ['ok'] });
      await chat.receive({ type: 'send', requestId: 'r_ranked', text: 'Who calls this?', capability: 'understand', chips: [{ kind: 'selection' }] });
      const end = await waitFor(rec, endOf('r_ranked'), 'answer/end');
      assert.equal(end.status, 'done');
      const sent = (primary.chatRequests.at(-1)?.body ?? {}) as { messages: { content: string }[] };
      const content = sent.messages.at(-1)?.content ?? '';
      assert.match(content, /Selected lines 7-9 of src\/invoice\.ts/);
      assert.match(content, /Related code in the workspace \(ranked map of declarations\):[\s\S]*invoiceTotalCents/);

      await chat.receive({ type: 'complete', queryId: 'q_sym', kind: 'symbol', query: 'lineTotal' });
      const completion = await waitFor(rec, (m): m is Extract<HostToWebview, { type: 'completion' }> => m.type === 'completion' && m.queryId === 'q_sym', 'completion');
      assert.deepEqual(
        completion.items.map((c) => [c.kind, c.label, c.path, c.line]),
        [['symbol', 'lineTotalCents', 'src/invoice.ts', 7]],
      );
    });
  });

  it('offers @file completion from the workspace', async () => {
    await chat.receive({ type: 'complete', queryId: 'q1', kind: 'file', query: 'invo' });
    const completion = await waitFor(rec, (m): m is Extract<HostToWebview, { type: 'completion' }> => m.type === 'completion' && m.queryId === 'q1', 'completion');
    assert.ok(completion.items.some((i) => i.path === 'src/invoice.ts'), JSON.stringify(completion.items));
  });

  it('answers @switchboard /review through the review tier, streaming into VS Code’s chat response', async () => {
    primary.enqueue({ kind: 'text', chunks: ['No bugs', ' found.'], usage: { input: 30, output: 3 } });
    const parts: string[] = [];
    const progress: string[] = [];
    const stream = { markdown: (v: string | vscode.MarkdownString) => parts.push(typeof v === 'string' ? v : v.value), progress: (v: string) => progress.push(v) } as unknown as vscode.ChatResponseStream;
    const request = { prompt: 'is this right?', command: 'review', references: [], toolReferences: [] } as unknown as vscode.ChatRequest;
    const source = new vscode.CancellationTokenSource();
    const result = await chat.participant(request, { history: [] }, stream, source.token);
    source.dispose();
    assert.equal(parts.slice(0, 2).join(''), 'No bugs found.');
    assert.match(parts.at(-1) ?? '', /review \(the command chose it\) · primary via openai-compatible · 30 in \/ 3 out tokens · \$0\.0000063/);
    assert.deepEqual(result.metadata, { modelId: 'primary', costUsd: (30 * PRICE.input + 3 * PRICE.output) / 1e6, capability: 'review' });
    assert.equal(result.errorDetails, undefined);
    assert.ok(progress.some((p) => /review → primary/.test(p)), progress.join(' | '));
  });

  it('asks a model again when VS Code’s chat regenerates an @switchboard answer the response cache holds', async () => {
    await updateSetting(api, 'cache.enabled', true, Global);
    try {
      const prompt = `what does lineTotalCents return? (${Date.now().toString(36)})`;
      // VS Code's Retry on a response sends the same request, with the same history, again.
      const ask = async (): Promise<string> => {
        const parts: string[] = [];
        const stream = { markdown: (v: string | vscode.MarkdownString) => parts.push(typeof v === 'string' ? v : v.value), progress: () => undefined } as unknown as vscode.ChatResponseStream;
        const request = { prompt, command: 'explain', references: [], toolReferences: [] } as unknown as vscode.ChatRequest;
        const source = new vscode.CancellationTokenSource();
        const result = await chat.participant(request, { history: [] }, stream, source.token);
        source.dispose();
        assert.equal(result.errorDetails, undefined);
        return parts.join('');
      };
      const before = primary.chatRequests.length;
      primary.enqueue({ kind: 'text', chunks: ['Cents.'], usage: { input: 10, output: 2 } });
      assert.match(await ask(), /^Cents\./);
      primary.enqueue({ kind: 'text', chunks: ['Whole cents, rounded.'], usage: { input: 10, output: 4 } });
      const again = await ask();
      assert.match(again, /^Whole cents, rounded\./, `the regenerated answer came from the cache: ${again}`);
      assert.equal(primary.chatRequests.length, before + 2, 'the model was asked again');
    } finally {
      // The cache keeps its answers when it is turned off: later tests start without this one's.
      await vscode.commands.executeCommand('switchboard.clearResponseCache');
      await updateSetting(api, 'cache.enabled', undefined, Global);
    }
  });

  it('answers @switchboard with the Switchboard model picked in the chat, and says which was picked and which answered', async () => {
    backup.enqueue({ kind: 'text', chunks: ['From the picked tier.'], usage: { input: 10, output: 4 } });
    const parts: string[] = [];
    const stream = { markdown: (v: string | vscode.MarkdownString) => parts.push(typeof v === 'string' ? v : v.value), progress: () => undefined } as unknown as vscode.ChatResponseStream;
    // VS Code hands the picker's model as request.model: here Switchboard's own "Generate" model.
    const model = { vendor: 'switchboard', id: 'tier:generate', name: 'Switchboard · Generate' } as vscode.LanguageModelChat;
    const request = { prompt: 'write a function that adds two numbers', references: [], toolReferences: [], model } as unknown as vscode.ChatRequest;
    const primaryCalls = primary.chatRequests.length;
    const source = new vscode.CancellationTokenSource();
    const result = await chat.participant(request, { history: [] }, stream, source.token);
    source.dispose();
    assert.equal(result.errorDetails, undefined);
    assert.deepEqual(result.metadata, { modelId: 'backup', costUsd: (10 * PRICE.input + 4 * PRICE.output) / 1e6, capability: 'generate' });
    assert.equal(primary.chatRequests.length, primaryCalls, 'nothing else asked: the pick chose the tier');
    assert.match(parts.at(-1) ?? '', /^\n\n\*Picked in the chat: Switchboard · Generate; backup answered\. Why this model: generate → backup \(primary\)\.\*$/);
  });

  it('routes @switchboard as configured when another vendor’s model is picked, and says so', async () => {
    primary.enqueue({ kind: 'text', chunks: ['Reviewed.'], usage: { input: 10, output: 2 } });
    const parts: string[] = [];
    const stream = { markdown: (v: string | vscode.MarkdownString) => parts.push(typeof v === 'string' ? v : v.value), progress: () => undefined } as unknown as vscode.ChatResponseStream;
    const model = { vendor: 'copilot', id: 'gpt-4o', name: 'GPT-4o' } as vscode.LanguageModelChat;
    const request = { prompt: 'anything wrong here?', command: 'review', references: [], toolReferences: [], model } as unknown as vscode.ChatRequest;
    const source = new vscode.CancellationTokenSource();
    const result = await chat.participant(request, { history: [] }, stream, source.token);
    source.dispose();
    assert.equal('modelId' in result.metadata ? result.metadata.modelId : undefined, 'primary');
    assert.match(parts.at(-1) ?? '', /Picked in the chat: GPT-4o \(copilot\), which is not a Switchboard model, so Switchboard routed as configured: primary answered\. Why this model: review → primary \(primary\)\./);
  });

  it('shows @switchboard’s reasoning as a quote above its answer', async () => {
    primary.enqueue({ kind: 'text', reasoningChunks: ['Cents are ', 'integers.'], chunks: ['Use integers.'], usage: { input: 20, output: 4 } });
    const parts: string[] = [];
    const stream = { markdown: (v: string | vscode.MarkdownString) => parts.push(typeof v === 'string' ? v : v.value), progress: () => undefined } as unknown as vscode.ChatResponseStream;
    const request = { prompt: 'how should I store money?', command: 'explain', references: [], toolReferences: [] } as unknown as vscode.ChatRequest;
    const source = new vscode.CancellationTokenSource();
    const result = await chat.participant(request, { history: [] }, stream, source.token);
    source.dispose();
    assert.equal(result.errorDetails, undefined);
    const shown = parts.join('');
    assert.match(shown, /^> \*\*Reasoning\*\*\n>\n> Cents are integers\.\n\nUse integers\./, shown);
  });

  it('exports the conversation to Markdown with each answer’s model and cost, and no attached file text', async () => {
    const conversationId = await conversationWithEndedAnswers('export');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    const target = vscode.Uri.joinPath(folder, 'chat-export.md');
    try {
      const written = await chat.conversations.export(conversationId, target);
      assert.ok(written);
      const markdown = readFileSync(written.fsPath, 'utf8');
      assert.match(markdown, /^# What does formatCents do\?\n/);
      assert.match(markdown, /## You \(understand\)\n\nWhat does formatCents do\?/);
      assert.match(markdown, /It formats cents\.\n\n> understand \(you chose it\) · primary via openai-compatible · 40 in \/ 3 out tokens · \$0\.0000078 /);
      assert.match(markdown, /> Stopped before the answer was complete\./);
      assert.ok(!markdown.includes(CANARY_KEY));
    } finally {
      await vscode.workspace.fs.delete(target).then(undefined, () => undefined);
    }
  });

  it('deletes a conversation and moves to the next one', async () => {
    // Two conversations of its own: the later one (current) is deleted, the other is there to move to.
    for (const requestId of ['r_to_keep', 'r_to_delete']) {
      primary.enqueue({ kind: 'text', chunks: ['ok'] });
      await chat.receive({ type: 'send', requestId, text: 'A conversation for Delete', capability: 'understand', chips: [] });
      assert.equal((await waitFor(rec, endOf(requestId), 'answer/end')).status, 'done');
    }
    const current = chat.controller.currentConversationId;
    assert.ok(current);
    const before = chat.controller.snapshot().conversations.length;
    assert.equal(await chat.conversations.delete(current, false), true);
    const after = chat.controller.snapshot();
    assert.equal(after.conversations.length, before - 1);
    assert.ok(!after.conversations.some((c) => c.id === current));
    assert.notEqual(after.currentConversationId, current);
    await chat.persistence.flush();
    assert.ok(!chat.persistence.load().conversations.some((c) => c.id === current), 'gone from the file too');
  });

  it('does not post the whole state again for a recorded call that changes nothing the view shows', async () => {
    // A call through the API (not the chat) records an attempt; the router's event reaches the chat.
    const call = async () => {
      primary.enqueue({ kind: 'text', chunks: ['pong'] });
      const recorded = new Promise<void>((resolve) => {
        const sub = api.onDidRecordAttempt(() => {
          sub.dispose();
          resolve();
        });
      });
      const result = await api.complete('plan', { messages: [{ role: 'user', content: 'ping' }] });
      await recorded;
      return result;
    };
    // The first call may close a circuit an earlier test left half-open: that the view does show.
    await call();
    rec.messages.splice(0);
    const result = await call();
    assert.equal(result.modelId, 'primary');
    assert.deepEqual(rec.messages.map((m) => m.type), [], 'nothing posted to the chat view');
  });

  it('binds Ask About Selection to a chord no default keybinding uses', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse('vscode://defaultsettings/keybindings.json'));
    const defaults = doc.getText();
    assert.ok(defaults.length > 10_000, 'the default keybindings were read');
    const manifest = vscode.extensions.getExtension('switchboard-dev.switchboard')?.packageJSON as { contributes: { keybindings: { command: string; key: string }[] } };
    const ours = manifest.contributes.keybindings.find((k) => k.command === 'switchboard.askAboutSelection');
    assert.ok(ours);
    // The list includes extensions' contributions (ours among them): only another command would clash.
    const bound = [...defaults.matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)].map((m) => ({ key: m[1], command: m[2] }));
    assert.ok(bound.some((b) => b.command === 'switchboard.askAboutSelection' && b.key === ours.key), 'our own binding is listed');
    const clashes = bound.filter((b) => b.key === ours.key && b.command !== 'switchboard.askAboutSelection');
    assert.deepEqual(clashes, [], `${ours.key} clashes with a default keybinding`);
    // The parse above reads VS Code's own defaults too, so a clash would show (the chord first tried
    // here, ctrl+alt+/, was VS Code 1.100's chat binding; each version moves its chat chords, so the
    // proof is a binding every version has).
    assert.ok(bound.some((b) => b.key === 'ctrl+shift+p' && b.command === 'workbench.action.showCommands'), 'VS Code\'s own defaults were parsed');
  });

  describe('when no model can answer', () => {
    it('names the key slot of a model whose key is refused, and its Set API Key opens that slot (issue 14 item 5)', async () => {
      // An Anthropic-speaking gateway on another host: its key lives in that host's slot, not Anthropic's.
      const gateway = await startFakeAnthropic({ expectedApiKey: CANARY_KEY });
      const gatewaySlot = `endpoint:${new URL(gateway.baseURL).origin}`;
      try {
        await updateSetting(api, 'models', [{ id: 'gateway', provider: 'anthropic', model: 'claude-sonnet-4-5', baseUrl: gateway.baseURL }], Global);
        await updateSetting(api, 'tiers', { understand: ['gateway'] }, Global);
        assert.equal(await vscode.commands.executeCommand('switchboard.setApiKey', { slot: gatewaySlot, key: 'sk-ant-wrong-key-000000' }), true);
        await chat.receive({ type: 'send', requestId: 'r_401', text: 'What does formatCents do?', capability: 'understand', chips: [] });
        const refused = await waitFor(rec, endOf('r_401'), 'answer/end');
        assert.equal(refused.error?.kind, 'auth', JSON.stringify(refused.error));
        const label = `Local endpoint (${new URL(gateway.baseURL).host})`;
        assert.ok(refused.error?.message.includes(`Set the key for ${label} with 'Switchboard: Set API Key…'`), refused.error?.message);
        assert.ok(!/Anthropic API key/.test(refused.error?.message ?? ''), refused.error?.message);
        const action = refused.error?.actions.find((a) => a.kind === 'command' && a.action === 'setApiKey');
        assert.deepEqual(action, { kind: 'command', action: 'setApiKey', label: `Set API Key for ${label}`, slot: gatewaySlot });
        // The button's run message becomes Set API Key with the slot as its argument (no list to pick from)…
        const [command, ...args] = commandForRun({ action: 'setApiKey', slot: gatewaySlot });
        assert.equal(command, 'switchboard.setApiKey');
        assert.deepEqual(args, [{ slot: gatewaySlot }]);
        // …and a key saved under that argument is the one the model sends next.
        assert.equal(await vscode.commands.executeCommand(command, { ...(args[0] as object), key: CANARY_KEY }), true);
        await chat.receive({ type: 'send', requestId: 'r_401_fixed', text: 'What does formatCents do?', capability: 'understand', chips: [] });
        const answered = await waitFor(rec, endOf('r_401_fixed'), 'answer/end');
        assert.equal(answered.status, 'done', JSON.stringify(answered.error));
      } finally {
        await vscode.commands.executeCommand('switchboard.clearApiKey', { slot: gatewaySlot });
        await gateway.close();
      }
    });

    it('says which model of a tier is down and until when, with Open Models', async () => {
      const down = await startFakeOpenAI();
      const routing = vscode.workspace.getConfiguration('switchboard.routing');
      try {
        down.setHandler(() => ({ kind: 'server-error', status: 503 }));
        await updateSetting(api, 'models', [{ id: 'down', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: down.baseURL }], Global);
        await updateSetting(api, 'tiers', { plan: ['down'] }, Global);
        await routing.update('circuit.consecutiveFailures', 1, Global);
        await routing.update('circuit.halfOpenAfterMs', 600_000, Global);
        await chat.receive({ type: 'send', requestId: 'r_down1', text: 'Plan the migration', capability: 'plan', chips: [] });
        const first = await waitFor(rec, endOf('r_down1'), 'answer/end');
        assert.equal(first.status, 'error');
        await chat.receive({ type: 'send', requestId: 'r_down2', conversationId: chat.controller.currentConversationId, text: 'Plan it again', capability: 'plan', chips: [] });
        const second = await waitFor(rec, endOf('r_down2'), 'answer/end');
        assert.equal(second.status, 'error');
        assert.equal(second.error?.kind, 'tier-down', JSON.stringify(second.error));
        const probeAt = api.health().find((h) => h.modelId === 'down')?.probeAt;
        assert.ok(probeAt && probeAt > Date.now());
        assert.deepEqual(
          second.error?.downModels?.map((d) => [d.modelId, d.until]),
          [['down', probeAt]],
        );
        assert.deepEqual(second.error?.actions[0], { kind: 'command', action: 'showModels', label: 'Open Models' });
      } finally {
        await routing.update('circuit.consecutiveFailures', undefined, Global);
        await routing.update('circuit.halfOpenAfterMs', undefined, Global);
        await down.close();
      }
    });

    it('shows the welcome (not usable) when no model can answer, naming the missing key', async () => {
      // An endpoint no environment variable serves, so the key is missing whatever the machine has set.
      await updateSetting(api, 'models', [{ id: 'nokey', provider: 'openai-compatible', model: 'm', baseUrl: 'https://llm.example.invalid/v1' }], Global);
      await updateSetting(api, 'tiers', { understand: ['nokey'] }, Global);
      rec.messages.splice(0);
      await chat.receive({ type: 'ready', protocolVersion: CHAT_PROTOCOL_VERSION });
      const state = await waitFor(rec, (m): m is Extract<HostToWebview, { type: 'state' }> => m.type === 'state', 'state');
      assert.equal(state.state.usable, false);
      assert.deepEqual(state.state.setup.keysMissing, ['llm.example.invalid']);
      assert.equal(state.state.models.all[0]?.unavailableReason, 'no API key for llm.example.invalid');
    });
  });
});
