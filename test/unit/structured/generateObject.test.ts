import assert from 'node:assert/strict';
import { z } from 'zod';
import type { AttemptRecord } from '../../../src/core/metrics/attemptRecord';
import { generateObject } from '../../../src/core/structured/generateObject';
import { parseJsonAnswer } from '../../../src/core/structured/jsonAnswer';
import { registered } from '../router/fakeModel';
import { ask, makeRouter } from '../router/harness';

const Plan = z.object({ steps: z.array(z.object({ title: z.string(), files: z.array(z.string()) })).min(1) });
const VALID = '{"steps":[{"title":"Add the discount field","files":["src/checkout.ts"]}]}';
const INVALID = '{"steps":[{"title":"Add the discount field"}]}';

describe('generateObject', () => {
  function setup() {
    const a = registered({ id: 'a', provider: 'openai' });
    const b = registered({ id: 'b', provider: 'anthropic' });
    const recorded: AttemptRecord[] = [];
    const { router } = makeRouter({ models: [a, b], tiers: { plan: ['a', 'b'] }, recorder: { record: (r: AttemptRecord) => recorded.push(r) } });
    return { a, b, router, recorded };
  }
  const request = { ...ask('Plan: add a discount code to the checkout'), schemaName: 'plan' };

  it('asks with the JSON Schema zod writes, and returns the validated object', async () => {
    const { a, router, recorded } = setup();
    a.model.then({ type: 'answer', chunks: [VALID.slice(0, 20), VALID.slice(20)] });
    const result = await generateObject(router, 'plan', Plan, request);
    assert.ok(result.ok);
    assert.deepEqual(result.object, JSON.parse(VALID));
    assert.equal(result.modelId, 'a');
    assert.equal(result.repaired, false);
    const sent = a.model.calls[0]?.request.responseSchema;
    assert.equal(sent?.name, 'plan');
    assert.deepEqual(sent?.schema, z.toJSONSchema(Plan));
    assert.deepEqual(recorded.map((r) => [r.modelId, r.outcome, r.structured]), [['a', 'success', true]]);
  });

  it('sends the validation error back once, and the repaired answer is used', async () => {
    const { a, b, router, recorded } = setup();
    a.model.then({ type: 'answer', chunks: [INVALID] }, { type: 'answer', chunks: [VALID] });
    const result = await generateObject(router, 'plan', Plan, request);
    assert.ok(result.ok);
    assert.equal(result.modelId, 'a');
    assert.equal(result.repaired, true);
    assert.equal(b.model.callCount, 0);
    const repair = a.model.calls[1]?.request.messages ?? [];
    assert.deepEqual(repair.at(-2), { role: 'assistant', content: INVALID }, 'the model sees its own answer');
    assert.match(repair.at(-1)?.content ?? '', /steps\.0\.files/, 'and what was wrong with it, by path');
    assert.deepEqual(recorded.map((r) => [r.modelId, r.outcome]), [
      ['a', 'schema-failed'],
      ['a', 'success'],
    ]);
  });

  it('moves to the next model of the tier when the repair fails too', async () => {
    const { a, b, router, recorded } = setup();
    a.model.then({ type: 'answer', chunks: [INVALID] }, { type: 'answer', chunks: ['Sure! Here is the plan.'] });
    b.model.then({ type: 'answer', chunks: ['```json\n' + VALID + '\n```'] });
    const result = await generateObject(router, 'plan', Plan, request);
    assert.ok(result.ok);
    assert.equal(result.modelId, 'b');
    assert.deepEqual(recorded.map((r) => [r.modelId, r.outcome]), [
      ['a', 'schema-failed'],
      ['a', 'schema-failed'],
      ['b', 'success'],
    ]);
  });

  it('says which models gave what invalid output when no model of the tier succeeds', async () => {
    const { a, b, router } = setup();
    a.model.always({ type: 'answer', chunks: [INVALID] });
    b.model.always({ type: 'answer', chunks: ['not json at all'] });
    const result = await generateObject(router, 'plan', Plan, request);
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.reason, 'schema');
    assert.match(result.message, /a: .*steps\.0\.files/);
    assert.match(result.message, /b: .*not JSON/);
    assert.equal(a.model.callCount + b.model.callCount, 4, 'two answers per model, no more');
  });

  it('reports a tier that fails outright as failed, not as a schema problem', async () => {
    const { a, b, router } = setup();
    a.model.always({ type: 'fail', kind: 'server' });
    b.model.always({ type: 'fail', kind: 'auth' });
    const result = await generateObject(router, 'plan', Plan, request);
    assert.ok(!result.ok);
    assert.equal(result.reason, 'failed');
  });
});

describe('parseJsonAnswer', () => {
  it('reads plain JSON, a fenced block, and JSON after a word of preamble', () => {
    assert.deepEqual(parseJsonAnswer(' {"a":1} '), { ok: true, value: { a: 1 } });
    assert.deepEqual(parseJsonAnswer('```json\n{"a":[1,2]}\n```'), { ok: true, value: { a: [1, 2] } });
    assert.deepEqual(parseJsonAnswer('Here it is: {"a":2}. Done'), { ok: true, value: { a: 2 } });
  });

  it('says what the answer started with when it is not JSON', () => {
    const r = parseJsonAnswer('I cannot do that.');
    assert.ok(!r.ok);
    assert.match(r.error, /not JSON .*I cannot do that/);
    assert.deepEqual(parseJsonAnswer('  '), { ok: false, error: 'the answer was empty' });
  });
});
