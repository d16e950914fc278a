import assert from 'node:assert/strict';
import { TITLE_LIMITS, nameConversation, tidyTitle, titleMessages } from '../../../src/core/chat/conversationTitle';
import type { AttemptRecord } from '../../../src/core/metrics/attemptRecord';
import { useFakeProviders } from '../router/fakeProviderSuite';
import { makeRouter } from '../router/harness';

describe('Conversation titles written by a model', () => {
  it('tidies what a model writes into one line for the list', () => {
    assert.equal(tidyTitle('  "Discount code validation."  '), 'Discount code validation');
    assert.equal(tidyTitle('Title: Invoice\n rounding'), 'Invoice rounding');
    assert.equal(tidyTitle('«Refactor du panier»'), 'Refactor du panier');
    assert.equal(tidyTitle(' "" '), undefined);
    assert.ok((tidyTitle('word '.repeat(40)) ?? '').endsWith('…'));
  });

  it('sends the request and the start of the answer, clipped', () => {
    const [system, user] = titleMessages('p'.repeat(TITLE_LIMITS.promptChars + 50), 'a'.repeat(TITLE_LIMITS.answerChars + 50));
    assert.equal(system?.role, 'system');
    assert.match(system?.content as string, /3 to 6 words/);
    const text = user?.content as string;
    assert.ok(text.includes(`${'p'.repeat(TITLE_LIMITS.promptChars)}…`));
    assert.ok(!text.includes('p'.repeat(TITLE_LIMITS.promptChars + 1)));
    assert.ok(text.includes(`${'a'.repeat(TITLE_LIMITS.answerChars)}…`));
  });

  describe('through the router and the real OpenAI adapter', () => {
    const fake = useFakeProviders('sk-test-0123456789abcdefTITLES');

    it('asks the classify tier for the schema natively and reads the title', async () => {
      const entry = fake.model({ id: 'mini', provider: 'openai-compatible', model: 'gpt-4o-mini', local: false }, fake.openai.baseURL);
      fake.openai.enqueue({ kind: 'text', chunks: ['{"title":"', 'Discount code validation"}'] });
      const recorded: AttemptRecord[] = [];
      const { router } = makeRouter({ models: [entry], tiers: { classify: ['mini'] }, recorder: { record: (r: AttemptRecord) => recorded.push(r) } });
      const outcome = await nameConversation(router, 'How do I validate a discount code on submit?', 'Add a zod schema…', { workspace: 'w1', conversationId: 'c1', origin: 'chat' });
      assert.deepEqual(outcome, { ok: true, title: 'Discount code validation', modelId: 'mini' });
      const body = fake.openai.chatRequests.at(-1)?.body as { response_format?: { type: string; json_schema?: { name: string } }; messages: { content: string }[] };
      assert.equal(body.response_format?.type, 'json_schema');
      assert.equal(body.response_format?.json_schema?.name, 'conversation_title');
      assert.match(body.messages.at(-1)?.content ?? '', /How do I validate a discount code on submit\?/);
      // Recorded like any other call: the workspace's spend, the conversation, the chat.
      assert.deepEqual(recorded.map((r) => [r.capability, r.outcome, r.workspace, r.conversationId, r.origin]), [['classify', 'success', 'w1', 'c1', 'chat']]);
    });

    it('says why when no model gives a title', async () => {
      const entry = fake.model({ id: 'mini', provider: 'openai-compatible', model: 'gpt-4o-mini', local: false }, fake.openai.baseURL);
      fake.openai.enqueue({ kind: 'text', chunks: ['Sure! Here is a title: Discounts'] }, { kind: 'text', chunks: ['Discounts'] });
      const { router } = makeRouter({ models: [entry], tiers: { classify: ['mini'] } });
      const outcome = await nameConversation(router, 'q', 'a');
      assert.equal(outcome.ok, false);
      assert.match(outcome.ok ? '' : outcome.message, /mini/);
      assert.equal(outcome.ok ? '' : outcome.reason, 'failed');
    });

    it('gives an empty title back as a failure, not as a name', async () => {
      const entry = fake.model({ id: 'mini', provider: 'openai-compatible', model: 'gpt-4o-mini', local: false }, fake.openai.baseURL);
      fake.openai.enqueue({ kind: 'text', chunks: ['{"title":"  \\"\\"  "}'] });
      const { router } = makeRouter({ models: [entry], tiers: { classify: ['mini'] } });
      const outcome = await nameConversation(router, 'q', 'a');
      assert.deepEqual(outcome, { ok: false, reason: 'failed', message: 'mini gave an empty title' });
    });
  });
});
