import assert from 'node:assert/strict';
import { callModelThroughRouter, callModelWith, classify, type CallModel, type CallModelOptions } from '../../../src/core/classify/classify';
import { registered, type Behaviour } from '../router/fakeModel';
import { makeRouter } from '../router/harness';
import { classifyByRules } from '../../../src/core/classify/rulesClassifier';
import type { ClassificationInput } from '../../../src/core/classify/types';
import type { ChatMessage, LanguageModel, ModelRequest, StreamPart } from '../../../src/core/providers/contract';
import { ModelError } from '../../../src/core/providers/contract';

// The rules say "review" here (a diff and "lgtm?"), so a model answer of "plan" is distinguishable.
const input: ClassificationInput = { text: 'lgtm?', context: { diff: { files: 2 } } };

function answering(answer: string | Error): { call: CallModel; calls: { messages: readonly ChatMessage[]; options: CallModelOptions }[] } {
  const calls: { messages: readonly ChatMessage[]; options: CallModelOptions }[] = [];
  const call: CallModel = async (messages, options) => {
    calls.push({ messages, options });
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { call, calls };
}

describe('classify', () => {
  it('uses the rules alone when there is no model', async () => {
    const c = await classify(input);
    assert.equal(c.source, 'rules');
    assert.equal(c.capability, 'review');
    assert.deepEqual(c, classifyByRules(input));
  });

  it("takes the model's answer when it is valid and confident enough, and says so", async () => {
    const { call, calls } = answering('```json\n{"capability":"plan","complexity":"high","confidence":0.9}\n```');
    const c = await classify(input, { callModel: call, threshold: 0.6 });
    assert.deepEqual(
      { capability: c.capability, complexity: c.complexity, confidence: c.confidence, source: c.source },
      { capability: 'plan', complexity: 'high', confidence: 0.9, source: 'model' },
    );
    assert.match(c.reasons[0] ?? '', /classify model said plan \(high\) with confidence 0\.90/);
    assert.equal(calls.length, 1);
  });

  it('sends the classify prompt with JSON, temperature 0 and a small output cap', async () => {
    const { call, calls } = answering('{"capability":"review","complexity":"low","confidence":0.95}');
    const controller = new AbortController();
    await classify(input, { callModel: call, signal: controller.signal });
    const sent = calls[0];
    assert.ok(sent);
    assert.equal(sent.messages[0]?.role, 'system');
    assert.match(sent.messages[0]?.content ?? '', /JSON/);
    assert.match(sent.messages[1]?.content ?? '', /lgtm\?/);
    assert.match(sent.messages[1]?.content ?? '', /diff on show: 2 files/);
    assert.equal(sent.options.responseFormat, 'json');
    assert.equal(sent.options.temperature, 0);
    assert.ok((sent.options.maxOutputTokens ?? Infinity) <= 100);
    assert.equal(sent.options.signal, controller.signal);
  });

  it('accepts a confidence exactly at the threshold', async () => {
    const { call } = answering('{"capability":"plan","complexity":"low","confidence":0.6}');
    assert.equal((await classify(input, { callModel: call, threshold: 0.6 })).source, 'model');
  });

  it('falls back to the rules when the model call throws, recording the failure', async () => {
    const err = new ModelError({ kind: 'server', message: 'openai returned 503 Service Unavailable', provider: 'openai', modelId: 'gpt-4o-mini' });
    const { call } = answering(err);
    const c = await classify(input, { callModel: call });
    assert.equal(c.source, 'rules-after-model-failure');
    assert.equal(c.capability, 'review');
    assert.match(c.reasons[0] ?? '', /classify model failed: openai returned 503.*the rules decided/);
    assert.ok(c.reasons.length > 1, 'the rules’ own reasons follow');
  });

  it('scrubs secrets from a failure message with the given redactor', async () => {
    const { call } = answering(new Error('401 for key sk-live-abcdefghijklmnop'));
    const c = await classify(input, { callModel: call, redact: (t) => t.replace(/sk-[\w-]+/g, 'sk-***') });
    assert.doesNotMatch(c.reasons.join(' '), /abcdefghijklmnop/);
    assert.match(c.reasons[0] ?? '', /sk-\*\*\*/);
  });

  it('falls back to the rules when the answer is not valid JSON', async () => {
    const { call } = answering('I think this is a review request.');
    const c = await classify(input, { callModel: call });
    assert.equal(c.source, 'rules-after-model-failure');
    assert.match(c.reasons[0] ?? '', /invalid answer: no JSON object/);
  });

  it('falls back to the rules when the answer has invalid fields', async () => {
    const { call } = answering('{"capability":"review","complexity":"low","confidence":1.7}');
    const c = await classify(input, { callModel: call });
    assert.equal(c.source, 'rules-after-model-failure');
    assert.match(c.reasons[0] ?? '', /confidence/);
  });

  it('falls back to the rules below the threshold, keeping what the model said in the reasons', async () => {
    const { call } = answering('{"capability":"plan","complexity":"high","confidence":0.41}');
    const c = await classify(input, { callModel: call, threshold: 0.6 });
    assert.equal(c.source, 'rules-below-threshold');
    assert.equal(c.capability, 'review');
    assert.equal(c.confidence, classifyByRules(input).confidence);
    assert.match(c.reasons[0] ?? '', /said plan with confidence 0\.41, below the threshold 0\.60/);
  });

  it('uses the default threshold of 0.6 when none is given', async () => {
    assert.equal((await classify(input, { callModel: answering('{"capability":"plan","complexity":"low","confidence":0.59}').call })).source, 'rules-below-threshold');
    assert.equal((await classify(input, { callModel: answering('{"capability":"plan","complexity":"low","confidence":0.61}').call })).source, 'model');
  });

  it('rejects instead of falling back when the caller cancelled', async () => {
    const controller = new AbortController();
    const call: CallModel = async (_m, { signal }) => {
      controller.abort();
      signal?.throwIfAborted();
      return '{}';
    };
    await assert.rejects(classify(input, { callModel: call, signal: controller.signal }), (e: unknown) => e instanceof Error && e.name === 'AbortError');
  });

  it('callModelWith collects a contract model’s streamed text and passes the hints and signal on', async () => {
    const seen: { request?: ModelRequest; signal?: AbortSignal } = {};
    const model: LanguageModel = {
      specificationVersion: 'v2',
      provider: 'ollama',
      modelId: 'qwen2.5:0.5b',
      async *stream(request, options): AsyncIterable<StreamPart> {
        seen.request = request;
        seen.signal = options?.signal;
        yield { type: 'text-delta', text: '{"capability":"plan",' };
        yield { type: 'text-delta', text: '"complexity":"medium","confidence":0.8}' };
        yield { type: 'finish', reason: 'stop', usage: { input: { tokens: 10, source: 'reported' }, output: { tokens: 5, source: 'reported' }, cacheRead: { tokens: 0, source: 'reported' }, cacheWrite: { tokens: 0, source: 'reported' } } };
      },
    };
    const controller = new AbortController();
    const c = await classify(input, { callModel: callModelWith(model), signal: controller.signal });
    assert.equal(c.source, 'model');
    assert.equal(c.capability, 'plan');
    assert.match(c.reasons[0] ?? '', /classify model qwen2\.5:0\.5b said plan/);
    assert.equal(seen.request?.responseFormat, 'json');
    assert.equal(seen.request?.messages.length, 2);
    assert.equal(seen.signal, controller.signal);
  });

  describe('callModelThroughRouter', () => {
    const VALID = '{"capability":"generate","complexity":"low","confidence":0.88}';
    function tier(...behaviours: Behaviour[]) {
      const cls = registered({ id: 'cls', provider: 'openai', model: 'gpt-4o-mini' });
      cls.model.then(...behaviours);
      const { router } = makeRouter({ models: [cls], tiers: { classify: ['cls'] } });
      return { cls, router };
    }

    it('asks the classify tier for the classification schema natively and names the model that answered', async () => {
      const { cls, router } = tier({ type: 'answer', chunks: [VALID] });
      const c = await classify(input, { callModel: callModelThroughRouter(router) });
      assert.equal(c.source, 'model');
      assert.equal(c.capability, 'generate');
      assert.match(c.reasons[0] ?? '', /classify model cls said generate \(low\)/);
      const sent = cls.model.calls[0]?.request;
      assert.equal(sent?.responseSchema?.name, 'classification');
      assert.deepEqual(Object.keys((sent?.responseSchema?.schema as { properties: object }).properties), ['capability', 'complexity', 'confidence']);
      assert.equal(sent?.responseFormat, undefined, 'the schema replaces the bare JSON mode');
    });

    it('repairs an answer that is prose instead of the schema, and uses the model\'s classification', async () => {
      const { cls, router } = tier({ type: 'answer', chunks: ['This is a code generation request.'] }, { type: 'answer', chunks: [VALID] });
      const c = await classify(input, { callModel: callModelThroughRouter(router) });
      assert.equal(c.source, 'model');
      assert.equal(cls.model.callCount, 2);
    });

    it('falls back to the rules when the tier fails, quoting why', async () => {
      const { router } = tier({ type: 'fail', kind: 'auth' });
      const c = await classify(input, { callModel: callModelThroughRouter(router) });
      assert.equal(c.source, 'rules-after-model-failure');
      assert.match(c.reasons[0] ?? '', /classify tier: /);
    });
  });
});
