import assert from 'node:assert/strict';
import { z } from 'zod';
import type { AttemptRecord } from '../../../src/core/metrics/attemptRecord';
import type { RegisteredModel } from '../../../src/core/router/registry';
import { generateObject } from '../../../src/core/structured/generateObject';
import type { FakeBehaviour, FakeProviderServer } from '../../support/fakeProviders';
import { useFakeProviders } from '../router/fakeProviderSuite';
import { ask, makeRouter } from '../router/harness';

/**
 * generateObject through the router and the real adapters (real SDKs over real HTTP) against the
 * local servers: each provider's own structured-output mechanism on the wire, a repair round, and
 * the next model of the tier when a model stays invalid.
 */
describe('generateObject with the real adapters', () => {
  const Verdict = z.object({ accept: z.boolean(), reasons: z.array(z.string()).min(1) });
  const VALID = '{"accept":true,"reasons":["the draft type-checks"]}';
  const INVALID = '{"accept":"yes"}';
  const fake = useFakeProviders('sk-test-0123456789abcdefSTRUCT');
  const model = fake.model;
  const providers: { name: string; server: () => FakeProviderServer; entry: () => RegisteredModel; answer: (json: string) => FakeBehaviour }[] = [
    {
      name: 'openai-compatible',
      server: () => fake.openai,
      entry: () => model({ id: 'gpt', provider: 'openai-compatible', model: 'gpt-4o-mini', local: false }, fake.openai.baseURL),
      answer: (json) => ({ kind: 'text', chunks: [json.slice(0, 9), json.slice(9)] }),
    },
    {
      name: 'anthropic',
      server: () => fake.anthropic,
      entry: () => model({ id: 'claude', provider: 'anthropic', model: 'claude-sonnet-4-6', local: false }, fake.anthropic.baseURL),
      // Structured output through the forced tool named after the schema: its input is the answer.
      answer: (json) => ({ kind: 'text', chunks: [], toolCalls: [{ name: 'verdict', arguments: json }] }),
    },
    {
      name: 'ollama',
      server: () => fake.ollama,
      entry: () => model({ id: 'llama', provider: 'ollama', model: 'llama3.2' }, fake.ollama.baseURL),
      answer: (json) => ({ kind: 'text', chunks: [json] }),
    },
  ];
  const request = { ...ask('Judge the draft.'), schemaName: 'verdict' };

  for (const p of providers) {
    it(`${p.name}: an invalid answer is sent back with what was wrong, and the repaired one is used`, async () => {
      const server = p.server();
      server.enqueue(p.answer(INVALID), p.answer(VALID));
      const entry = p.entry();
      const recorded: AttemptRecord[] = [];
      const { router } = makeRouter({ models: [entry], tiers: { review: [entry.config.id] }, recorder: { record: (r: AttemptRecord) => recorded.push(r) } });
      const result = await generateObject(router, 'review', Verdict, request);
      assert.ok(result.ok, result.ok ? '' : result.message);
      assert.deepEqual(result.object, JSON.parse(VALID));
      assert.equal(result.repaired, true);
      assert.equal(server.chatRequests.length, 2);
      const repair = JSON.stringify(server.chatRequests[1]?.body);
      assert.ok(repair.includes('accept') && /not valid/.test(repair), 'the repair request carries the answer and what was wrong');
      assert.deepEqual(recorded.map((r) => [r.outcome, r.structured]), [
        ['schema-failed', true],
        ['success', true],
      ]);
    });
  }

  it('anthropic: a schema whose root is not an object goes into the forced tool as { value }, and the answer comes back unwrapped', async () => {
    const Reasons = z.array(z.string()).min(1);
    fake.anthropic.enqueue({ kind: 'text', chunks: [], toolCalls: [{ name: 'reasons', arguments: '{"value":["it type-checks","its tests pass"]}' }] });
    const claude = providers[1]!.entry();
    const { router } = makeRouter({ models: [claude], tiers: { review: ['claude'] } });
    const result = await generateObject(router, 'review', Reasons, { ...ask('Why accept it?'), schemaName: 'reasons' });
    assert.ok(result.ok, result.ok ? '' : result.message);
    assert.deepEqual(result.object, ['it type-checks', 'its tests pass']);
    assert.equal(result.repaired, false);
    const body = fake.anthropic.chatRequests[0]?.body as { tools?: { name: string; input_schema: { type?: string; required?: string[]; properties?: Record<string, { type?: string }> } }[] };
    const tool = body.tools?.find((t) => t.name === 'reasons');
    assert.equal(tool?.input_schema.type, 'object', 'the API refuses any other root');
    assert.deepEqual(tool?.input_schema.required, ['value']);
    assert.equal(tool?.input_schema.properties?.['value']?.type, 'array');
  });

  describe('an OpenAI model that declines', () => {
    const gpt = (): RegisteredModel => model({ id: 'gpt', provider: 'openai', model: 'gpt-4o-mini' }, fake.openai.baseURL);
    const recorder = (into: AttemptRecord[]) => ({ record: (r: AttemptRecord) => into.push(r) });

    it('in words only (no refusal field): the answer fails the schema, is sent back once, then the next model answers', async () => {
      const words = "I'm sorry, but I can't help with judging this draft.";
      fake.openai.enqueue({ kind: 'text', chunks: [words] }, { kind: 'text', chunks: ["I'm sorry, ", 'I still cannot help with that.'] });
      fake.anthropic.enqueue(providers[1]!.answer(VALID));
      const recorded: AttemptRecord[] = [];
      const { router } = makeRouter({ models: [gpt(), providers[1]!.entry()], tiers: { review: ['gpt', 'claude'] }, recorder: recorder(recorded) });
      const result = await generateObject(router, 'review', Verdict, request);
      assert.ok(result.ok, result.ok ? '' : result.message);
      assert.equal(result.modelId, 'claude');
      assert.deepEqual(result.object, JSON.parse(VALID));
      const sent = fake.openai.chatRequests.map((r) => r.body as { response_format?: { type?: string }; messages: { role: string; content: unknown }[] });
      assert.equal(sent.length, 2, 'one answer and one repair');
      assert.equal(sent[0]?.response_format?.type, 'json_schema', 'asked natively for the schema');
      const repair = JSON.stringify(sent[1]?.messages);
      assert.ok(repair.includes("I'm sorry, but I can't help") && /That answer is not valid: the answer is not JSON \(it starts \\"I.m sorry/.test(repair), repair);
      assert.deepEqual(recorded.map((r) => [r.modelId, r.outcome, r.structured]), [
        ['gpt', 'schema-failed', true],
        ['gpt', 'schema-failed', true],
        ['claude', 'success', true],
      ]);
    });

    it('in the refusal field: a content-policy error with its words, no repair, and no other model is shopped the request', async () => {
      fake.openai.enqueue({ kind: 'text', chunks: [], refusalChunks: ["I'm sorry, ", 'I cannot help with that.'] });
      fake.anthropic.enqueue(providers[1]!.answer(VALID));
      const recorded: AttemptRecord[] = [];
      const { router } = makeRouter({ models: [gpt(), providers[1]!.entry()], tiers: { review: ['gpt', 'claude'] }, recorder: recorder(recorded) });
      const result = await generateObject(router, 'review', Verdict, request);
      assert.equal(result.ok, false);
      assert.equal(result.ok ? '' : result.reason, 'failed', 'a refusal is not a schema problem');
      assert.match(result.ok ? '' : result.message, /declined to answer: I'm sorry, I cannot help with that\./);
      assert.equal(fake.openai.chatRequests.length, 1);
      assert.equal(fake.anthropic.chatRequests.length, 0);
      assert.deepEqual(recorded.map((r) => [r.modelId, r.outcome, r.errorKind]), [['gpt', 'error', 'content-policy']]);
    });
  });

  it('asks the next model of the tier when one stays invalid after its repair', async () => {
    fake.openai.enqueue(providers[0]!.answer(INVALID), providers[0]!.answer('{"accept":false}'));
    fake.anthropic.enqueue(providers[1]!.answer(VALID));
    const gpt = providers[0]!.entry();
    const claude = providers[1]!.entry();
    const { router } = makeRouter({ models: [gpt, claude], tiers: { review: ['gpt', 'claude'] } });
    const result = await generateObject(router, 'review', Verdict, request);
    assert.ok(result.ok);
    assert.equal(result.modelId, 'claude');
    assert.equal(fake.openai.chatRequests.length, 2, 'one answer and one repair, no more');
    const body = fake.anthropic.chatRequests[0]?.body as { tool_choice?: { type: string; name?: string }; tools?: { name: string }[] };
    assert.deepEqual(body.tool_choice, { type: 'tool', name: 'verdict' }, 'Anthropic was asked through the forced tool');
  });
});
