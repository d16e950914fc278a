import assert from 'node:assert/strict';
import type { Anchors } from '../../../src/core/analysis/repoMap';
import { routerClassifier } from '../../../src/core/classify/classify';
import type { StoredUserMessage } from '../../../src/core/chat/conversationSchema';
import { silentLogger } from '../../../src/core/log/logger';
import type { AttemptRecord } from '../../../src/core/metrics/attemptRecord';
import type { ModelRouter } from '../../../src/core/router/modelRouter';
import { type AnswerEvent, type AnswerPorts, type AnswerResult, type RepoContextSource, runAnswer } from '../../../src/core/tasks/answer';
import { useFakeProviders } from '../router/fakeProviderSuite';
import { makeRouter } from '../router/harness';

const WORKSPACE = 'ws-answer-test';

function prompt(text: string, capability: StoredUserMessage['capability'] = 'auto'): StoredUserMessage {
  return { role: 'user', id: 'm1', text, capability, chips: [{ kind: 'file', path: 'src/cart.ts', label: 'src/cart.ts' }], context: [], createdAt: 1 };
}

async function collect(events: AsyncIterable<AnswerEvent>): Promise<{ events: AnswerEvent[]; result: AnswerResult }> {
  const out: AnswerEvent[] = [];
  for await (const e of events) out.push(e);
  const last = out.at(-1);
  if (last?.type !== 'answer-end') throw new Error(`the last event was ${last?.type}, not answer-end`);
  assert.equal(out.filter((e) => e.type === 'answer-end').length, 1, 'exactly one answer-end');
  return { events: out, result: last.result };
}

/** The answer engine on the real router and adapters, against the local fake provider servers. */
describe('the answer engine (one path for chat, participant and API)', () => {
  const fake = useFakeProviders('sk-test-0123456789abcdefANSWER');
  let recorded: AttemptRecord[];
  let contextAsked: Anchors[];

  function setup(): { router: ModelRouter; ports: AnswerPorts } {
    recorded = [];
    contextAsked = [];
    const classifier = fake.model({ id: 'sorter', provider: 'openai', model: 'gpt-4o-mini', local: false, price: { input: 0.15, output: 0.6 } }, fake.openai.baseURL);
    const answerer = fake.model({ id: 'claude', provider: 'anthropic', model: 'claude-sonnet-4-6', local: false, price: { input: 3, output: 15 } }, fake.anthropic.baseURL);
    const { router } = makeRouter({
      models: [classifier, answerer],
      tiers: { classify: ['sorter'], understand: ['claude'], generate: ['claude'], review: ['claude'], plan: ['claude'] },
      recorder: { record: (r) => void recorded.push(r) },
    });
    const context: RepoContextSource = {
      ready: () => true,
      rankedContext: async (anchors) => {
        contextAsked.push(anchors);
        return 'src/cart.ts:\n  function applyDiscount(code: string)';
      },
    };
    const classify = routerClassifier(router, { hasClassifyTier: () => true, workspace: WORKSPACE });
    return { router, ports: { router, classify, context, log: silentLogger, workspaceId: WORKSPACE } };
  }

  const sentTo = (i: number) => JSON.stringify(fake.anthropic.chatRequests[i]?.body ?? {});

  it('classifies an "auto" prompt through the classify tier, then routes to the tier it chose', async () => {
    const { ports } = setup();
    fake.openai.enqueue({ kind: 'text', chunks: ['{"capability":"review","complexity":"low","confidence":0.92}'] });
    fake.anthropic.enqueue({ kind: 'text', chunks: ['Looks ', 'fine.'], usage: { input: 40, output: 2 } });
    const { events, result } = await collect(runAnswer(ports, { kind: 'prompt', capability: 'auto', prompt: prompt('is this right?'), history: [] }));
    const types = events.map((e) => e.type);
    assert.deepEqual(types.slice(0, 3), ['note', 'classified', 'decision']);
    assert.equal(result.outcome, 'success');
    assert.equal(result.capability, 'review');
    assert.equal(result.classification?.source, 'model');
    assert.equal(result.route?.text, 'Looks fine.');
    assert.match(sentTo(0), /You review code/, 'the review system prompt went to the answering model');
    assert.deepEqual(recorded.map((r) => [r.capability, r.modelId]), [['classify', 'sorter'], ['review', 'claude']]);
  });

  it('records the classifier\'s model call with the workspace, so it counts in its spend and budget', async () => {
    const { ports } = setup();
    fake.openai.enqueue({ kind: 'text', chunks: ['{"capability":"understand","complexity":"low","confidence":0.9}'], usage: { input: 100, output: 20 } });
    fake.anthropic.enqueue({ kind: 'text', chunks: ['It adds.'] });
    await collect(runAnswer(ports, { kind: 'prompt', capability: 'auto', prompt: prompt('what does this do?'), history: [] }));
    const classifierCall = recorded.find((r) => r.capability === 'classify');
    assert.equal(classifierCall?.workspace, WORKSPACE);
    assert.ok((classifierCall?.costUsd ?? 0) > 0, 'the classifier call has a cost to count');
    assert.ok(recorded.every((r) => r.workspace === WORKSPACE), 'the answer too');
  });

  it('does not classify an explicit capability', async () => {
    const { ports } = setup();
    fake.anthropic.enqueue({ kind: 'text', chunks: ['Step 1.'] });
    const { events, result } = await collect(runAnswer(ports, { kind: 'prompt', capability: 'plan', prompt: prompt('plan the discount codes', 'plan'), history: [] }));
    assert.ok(!events.some((e) => e.type === 'classified' || e.type === 'note'));
    assert.equal(fake.openai.chatRequests.length, 0, 'the classify tier was never called');
    assert.equal(result.capability, 'plan');
    assert.equal(result.classification, undefined);
  });

  for (const capability of ['understand', 'generate', 'review'] as const) {
    it(`adds the ranked repo context to a ${capability} prompt, anchored on what it names`, async () => {
      const { ports } = setup();
      fake.anthropic.enqueue({ kind: 'text', chunks: ['ok'] });
      await collect(runAnswer(ports, { kind: 'prompt', capability, prompt: prompt('add a discount code', capability), history: [], activeFile: 'src/checkout.ts' }));
      assert.deepEqual(contextAsked.map((a) => [a.activeFile, a.mentionedFiles]), [['src/checkout.ts', ['src/cart.ts']]]);
      assert.match(sentTo(0), /Related code in the workspace[\s\S]*applyDiscount/);
    });
  }

  it('adds no repo context to a plan', async () => {
    const { ports } = setup();
    fake.anthropic.enqueue({ kind: 'text', chunks: ['ok'] });
    await collect(runAnswer(ports, { kind: 'prompt', capability: 'plan', prompt: prompt('plan it', 'plan'), history: [] }));
    assert.equal(contextAsked.length, 0);
    assert.doesNotMatch(sentTo(0), /Related code in the workspace/);
  });

  it('answers without repo context, and says why in the log, when the source fails', async () => {
    const { ports } = setup();
    const warnings: string[] = [];
    fake.anthropic.enqueue({ kind: 'text', chunks: ['ok'] });
    const failing: AnswerPorts = { ...ports, log: { ...silentLogger, warn: (m) => void warnings.push(m) }, context: { rankedContext: async () => Promise.reject(new Error('index is rebuilding')) } };
    const { result } = await collect(runAnswer(failing, { kind: 'prompt', capability: 'understand', prompt: prompt('why?', 'understand'), history: [] }));
    assert.equal(result.outcome, 'success');
    assert.match(warnings.join('\n'), /ranked context failed.*index is rebuilding/);
  });

  it('sends a request the caller built as it is, classified from its last user message', async () => {
    const { ports } = setup();
    fake.openai.enqueue({ kind: 'text', chunks: ['{"capability":"generate","complexity":"medium","confidence":0.95}'] });
    fake.anthropic.enqueue({ kind: 'text', chunks: ['code'] });
    const { result } = await collect(runAnswer(ports, { kind: 'request', capability: 'auto', request: { messages: [{ role: 'user', content: 'write a parser for discount codes' }] } }));
    assert.equal(result.capability, 'generate');
    assert.match(JSON.stringify(fake.openai.chatRequests[0]?.body), /write a parser for discount codes/);
    assert.equal(contextAsked.length, 0, 'a built request gets no repo context');
    assert.doesNotMatch(sentTo(0), /You write and change code/, 'no system prompt of ours was added');
  });

  it('ends with "cancelled" when the signal is aborted while the model is answering, and closes the connection', async () => {
    const { ports } = setup();
    fake.anthropic.enqueue({ kind: 'hang' });
    const abort = new AbortController();
    const events: AnswerEvent[] = [];
    for await (const e of runAnswer(ports, { kind: 'prompt', capability: 'understand', prompt: prompt('why?', 'understand'), history: [] }, { signal: abort.signal })) {
      events.push(e);
      if (e.type === 'attempt-start') void fake.anthropic.waitForChatRequests(1).then(() => abort.abort());
    }
    const end = events.at(-1);
    assert.equal(end?.type === 'answer-end' ? end.result.outcome : end?.type, 'cancelled');
    assert.equal(await fake.anthropic.chatRequests[0]?.ended, 'client-closed');
  });

  it('ends with "cancelled", without routing, when the signal is aborted while classifying', async () => {
    const { ports } = setup();
    fake.openai.enqueue({ kind: 'hang' });
    const abort = new AbortController();
    const events: AnswerEvent[] = [];
    for await (const e of runAnswer(ports, { kind: 'prompt', capability: 'auto', prompt: prompt('why?'), history: [] }, { signal: abort.signal })) {
      events.push(e);
      if (e.type === 'note') void fake.openai.waitForChatRequests(1).then(() => abort.abort());
    }
    const end = events.at(-1);
    assert.equal(end?.type === 'answer-end' ? end.result.outcome : end?.type, 'cancelled');
    assert.equal(fake.anthropic.chatRequests.length, 0, 'nothing was routed after the stop');
  });

  it('tells the person when the model they picked is not configured any more, and routes anyway', async () => {
    const { ports } = setup();
    fake.anthropic.enqueue({ kind: 'text', chunks: ['ok'] });
    const withCatalogue: AnswerPorts = { ...ports, knowsModel: (id) => id === 'claude' || id === 'sorter' };
    const { events, result } = await collect(runAnswer(withCatalogue, { kind: 'prompt', capability: 'understand', prompt: prompt('why?', 'understand'), history: [] }, { preferModel: 'gone' }));
    assert.ok(events.some((e) => e.type === 'note' && /gone is not configured any more/.test(e.note)));
    assert.equal(result.outcome, 'success');
  });
});
