import assert from 'node:assert/strict';
import { AnswerAccumulator, type ChatRouteEvent } from '../../../../src/presentation/chat/answerAccumulator';
import type { AttemptRecord } from '../../../../src/core/metrics/attemptRecord';
import type { Usage } from '../../../../src/core/providers/contract';
import type { HealthSnapshot } from '../../../../src/core/router/health';
import type { RouteDecision, RouteResult } from '../../../../src/core/router/routeEvents';
import { keySlotFor } from '../../../../src/core/secrets/keySlots';

const usage = (input: number, output: number, estimated = false): Usage => ({
  input: { tokens: input, source: estimated ? 'estimated' : 'reported' },
  output: { tokens: output, source: 'reported' },
  cacheRead: { tokens: 0, source: 'reported' },
  cacheWrite: { tokens: 0, source: 'reported' },
});

function decision(over: Partial<RouteDecision> = {}): RouteDecision {
  return {
    requestId: 'router-1',
    capability: 'understand',
    strategy: 'ordered',
    order: ['a', 'b'],
    chosen: 'a',
    role: 'primary',
    skipped: [],
    steppedDown: false,
    cached: false,
    blocked: false,
    explanation: 'understand → a (primary)',
    ...over,
  };
}

/** An attempt's record; `used` is what the provider reported (or the router estimated), as the router records it. */
function record(modelId: string, outcome: AttemptRecord['outcome'], used?: Usage): AttemptRecord {
  return { time: 0, requestId: 'router-1', capability: 'understand', modelId, provider: 'openai', providerModel: 'gpt-4o-mini', outcome, latencyMs: 10, ...(used ? { usage: used } : {}) };
}

function result(over: Partial<RouteResult>): RouteResult {
  return { requestId: 'router-1', outcome: 'success', text: '', partial: false, cached: false, attempts: [], explanation: 'understand → a (primary)', ...over };
}

/** A clock that advances only when told. */
function clock(start = 1000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('AnswerAccumulator', () => {
  it('maps a streamed success to deltas, then meta with model, provider, tokens, cost and timings', () => {
    const c = clock();
    const acc = new AnswerAccumulator({ requestId: 'r1', capability: 'understand', capabilitySource: 'user', startedAt: 1000, now: c.now });
    const posted = [
      ...acc.push({ type: 'decision', decision: decision() }),
      ...acc.push({ type: 'attempt-start', modelId: 'a', attempt: 1, probe: false, retry: false }),
      ...(c.advance(120), acc.push({ type: 'text-delta', modelId: 'a', text: 'Hel' })),
      ...(c.advance(30), acc.push({ type: 'text-delta', modelId: 'a', text: 'lo' })),
      ...acc.push({ type: 'done', result: result({ text: 'Hello', modelId: 'a', usage: usage(12, 2), costUsd: 0.0004, attempts: [record('a', 'success', usage(12, 2))] }) }),
    ];
    assert.deepEqual(
      posted.map((m) => m.type),
      ['answer/progress', 'answer/progress', 'answer/delta', 'answer/delta'],
    );
    assert.deepEqual(posted[0], { type: 'answer/progress', requestId: 'r1', note: 'understand → a (primary)' });
    c.advance(50);
    const end = acc.end();
    assert.equal(end.status, 'done');
    assert.equal(end.text, 'Hello');
    assert.equal(end.error, undefined);
    assert.deepEqual(end.meta, {
      capability: 'understand',
      capabilitySource: 'user',
      explanation: 'understand → a (primary)',
      modelId: 'a',
      provider: 'openai',
      fallbacks: [],
      tokens: { input: 12, output: 2, estimated: false, estimatedFigures: [] },
      costUsd: 0.0004,
      ttftMs: 120,
      totalMs: 200,
      cached: false,
      partial: false,
      // The router's id for the request, which its attempt records carry (the chat's own is r1).
      routeRequestId: 'router-1',
    });
  });

  it('takes the capability and its source from the classification for auto', () => {
    const acc = new AnswerAccumulator({ requestId: 'r1', capabilitySource: 'user', startedAt: 0, now: () => 5 });
    const [note] = acc.push({ type: 'classified', classification: { capability: 'review', complexity: 'low', confidence: 0.8, source: 'rules', reasons: ['asks for bugs'] } });
    assert.equal(note?.type === 'answer/progress' ? note.note : '', 'Classified as review (by the rules): asks for bugs');
    acc.push({ type: 'done', result: result({ text: 'ok', modelId: 'a', attempts: [record('a', 'success')], costUsd: 0 }) });
    assert.equal(acc.end().meta.capability, 'review');
    assert.equal(acc.end().meta.capabilitySource, 'rules');
  });

  it('keeps the complexity the answering attempt was recorded under, so what the person does with the answer counts there too', () => {
    const acc = new AnswerAccumulator({ requestId: 'r1', capabilitySource: 'user', startedAt: 0, now: () => 5 });
    acc.push({ type: 'classified', classification: { capability: 'generate', complexity: 'high', confidence: 0.9, source: 'model', reasons: [] } });
    // The fallback's record is the one that answered: its complexity is the one kept.
    const attempts = [{ ...record('a', 'error'), complexity: 'high' as const }, { ...record('b', 'success'), complexity: 'high' as const }];
    acc.push({ type: 'done', result: result({ text: 'ok', modelId: 'b', attempts, costUsd: 0 }) });
    assert.equal(acc.end().meta.complexity, 'high');
    assert.equal(acc.end().meta.routeRequestId, 'router-1', 'signals link to the attempt records by the router\'s request id');
    // An answer routed without a classification (an explicit capability) has none.
    const plain = new AnswerAccumulator({ requestId: 'r2', capability: 'understand', capabilitySource: 'user', startedAt: 0, now: () => 5 });
    plain.push({ type: 'done', result: result({ text: 'ok', modelId: 'a', attempts: [record('a', 'success')], costUsd: 0 }) });
    assert.equal('complexity' in plain.end().meta, false);
  });

  it('records each fallback with its reason and reports it as progress', () => {
    const acc = new AnswerAccumulator({ requestId: 'r1', capability: 'review', capabilitySource: 'command', startedAt: 0 });
    const [note] = acc.push({ type: 'fallback', from: 'a', to: 'b', reason: 'server error (503)', errorKind: 'server' });
    assert.match(note?.type === 'answer/progress' ? note.note : '', /a failed \(server error \(503\)\); falling back to b/);
    acc.push({ type: 'done', result: result({ text: 'from b', modelId: 'b', attempts: [record('a', 'error'), record('b', 'success')], costUsd: 0.001 }) });
    assert.deepEqual(acc.end().meta.fallbacks, [{ from: 'a', to: 'b', reason: 'server error (503)', errorKind: 'server' }]);
  });

  it('marks estimated tokens and keeps an unknown cost as null, never 0', () => {
    const acc = new AnswerAccumulator({ requestId: 'r1', capability: 'plan', capabilitySource: 'user', startedAt: 0 });
    acc.push({ type: 'done', result: result({ text: 'x', modelId: 'a', usage: usage(5, 1, true), attempts: [record('a', 'success', usage(5, 1, true))] }) });
    const meta = acc.end().meta;
    assert.equal(meta.tokens.estimated, true);
    assert.deepEqual(meta.tokens.estimatedFigures, ['input'], 'only the figure that was estimated');
    assert.equal(meta.costUsd, null);
  });

  it('marks each token figure by its own source: reported input and output stay exact when the cache figures were not reported', () => {
    const acc = new AnswerAccumulator({ requestId: 'r1', capability: 'plan', capabilitySource: 'user', startedAt: 0 });
    const reportedButNoCache: Usage = {
      input: { tokens: 40, source: 'reported' },
      output: { tokens: 3, source: 'reported' },
      cacheRead: { tokens: 0, source: 'estimated' },
      cacheWrite: { tokens: 0, source: 'estimated' },
    };
    acc.push({ type: 'done', result: result({ text: 'x', modelId: 'a', usage: reportedButNoCache, attempts: [record('a', 'success', reportedButNoCache)] }) });
    const { tokens } = acc.end().meta;
    assert.equal(tokens.estimated, false);
    assert.deepEqual(tokens.estimatedFigures, []);
    const outputOnly: Usage = { ...reportedButNoCache, output: { tokens: 9, source: 'estimated' } };
    const dropped = new AnswerAccumulator({ requestId: 'r2', capability: 'plan', capabilitySource: 'user', startedAt: 0 });
    dropped.push({ type: 'done', result: result({ text: 'x', modelId: 'a', usage: outputOnly, attempts: [record('a', 'success', outputOnly)] }) });
    assert.deepEqual(dropped.end().meta.tokens.estimatedFigures, ['output']);
  });

  it('turns a partial answer into an error that offers to continue on the router’s continueWith', () => {
    const acc = new AnswerAccumulator({ requestId: 'r1', capability: 'generate', capabilitySource: 'user', startedAt: 0 });
    acc.push({ type: 'text-delta', modelId: 'a', text: 'half' });
    acc.push({ type: 'done', result: result({ outcome: 'partial', partial: true, text: 'half', modelId: 'a', continueWith: 'b', error: { kind: 'network', message: 'The connection dropped.' }, attempts: [record('a', 'partial')] }) });
    const end = acc.end();
    assert.equal(end.status, 'error');
    assert.equal(end.text, 'half');
    assert.equal(end.meta.partial, true);
    assert.equal(end.error?.kind, 'network');
    assert.deepEqual(end.error?.actions, [{ kind: 'retry', modelId: 'b', continue: true, label: 'Continue with b' }], 'the button continues the answer, it does not ask again');
  });

  it('does not count the time a budget question was open in the first token or the total (issue 14 item 8)', () => {
    const c = clock(0);
    const acc = new AnswerAccumulator({ requestId: 'r1', capability: 'understand', capabilitySource: 'user', startedAt: 0, now: c.now });
    c.advance(40);
    acc.push({ type: 'budget-ask', question: { requestId: 'router-1', capability: 'understand', modelId: 'a', estimatedCostUsd: 0.01, budget: { periods: [], headroomUsd: 0 }, message: 'Allow?' } });
    c.advance(9_000); // the person reads the question
    acc.push({ type: 'decision', decision: decision() });
    c.advance(300);
    acc.push({ type: 'text-delta', modelId: 'a', text: 'ok' });
    c.advance(100);
    acc.push({ type: 'done', result: result({ text: 'ok', modelId: 'a', attempts: [record('a', 'success')], costUsd: 0 }) });
    const meta = acc.end().meta;
    assert.equal(meta.ttftMs, 340);
    assert.equal(meta.totalMs, 440);
  });

  it('joins a continuation onto the cut-off answer: one text, both attempts\' tokens, cost and time (issue 14 item 3)', () => {
    const first = new AnswerAccumulator({ requestId: 'r1', capability: 'generate', capabilitySource: 'model', startedAt: 0, now: () => 500 });
    first.push({ type: 'text-delta', modelId: 'a', text: 'The answer ' });
    first.push({ type: 'done', result: result({ outcome: 'partial', partial: true, text: 'The answer ', modelId: 'a', usage: usage(100, 3), costUsd: 0.001, continueWith: 'b', attempts: [record('a', 'partial', usage(100, 3))] }) });
    const cut = first.end();
    const c = clock(1000);
    const acc = new AnswerAccumulator({ requestId: 'r2', capabilitySource: 'user', startedAt: 1000, now: c.now, continuing: { text: cut.text, meta: cut.meta } });
    assert.equal(acc.text, 'The answer ', 'a view that comes back mid-stream gets the cut-off text');
    c.advance(50);
    const [delta] = acc.push({ type: 'text-delta', modelId: 'b', text: 'is 42.' });
    assert.deepEqual(delta, { type: 'answer/delta', requestId: 'r2', text: 'is 42.' }, 'only the new text is streamed');
    acc.push({ type: 'done', result: result({ text: 'is 42.', modelId: 'b', usage: usage(120, 4), costUsd: 0.002, attempts: [record('b', 'success', usage(120, 4))] }) });
    const end = acc.end();
    assert.equal(end.status, 'done');
    assert.equal(end.text, 'The answer is 42.');
    assert.equal(end.meta.capability, 'generate', 'the first attempt\'s capability');
    assert.equal(end.meta.capabilitySource, 'model');
    assert.deepEqual([end.meta.tokens.input, end.meta.tokens.output], [220, 7]);
    assert.ok(Math.abs((end.meta.costUsd ?? NaN) - 0.003) < 1e-12);
    assert.equal(end.meta.totalMs, 500 + 50);
    assert.equal(end.meta.modelId, 'b');
    assert.equal(end.meta.continuedFrom, 'a');
    assert.equal(end.meta.partial, false);
  });

  it("counts every attempt's tokens, as the cost does: a model that failed mid-answer was paid for, and models that all failed before a token used none", () => {
    // Seen in the real VS Code: every model failed with HTTP 503 and the footer read "Tokens: unknown" beside "Cost: $0.00".
    const failed = new AnswerAccumulator({ requestId: 'r1', capability: 'understand', capabilitySource: 'rules', startedAt: 0 });
    failed.push({ type: 'done', result: result({ outcome: 'error', error: { kind: 'server', message: 'No model could answer' }, costUsd: 0, attempts: [record('a', 'error'), record('b', 'error')] }) });
    const none = failed.end().meta.tokens;
    assert.deepEqual([none.input, none.output, none.estimated], [0, 0, false]);
    // a dropped its stream after reporting 50 input tokens (billed); b answered.
    const fellBack = new AnswerAccumulator({ requestId: 'r2', capability: 'understand', capabilitySource: 'rules', startedAt: 0 });
    const dropped: Usage = { ...usage(50, 0), output: { tokens: 7, source: 'estimated' } };
    fellBack.push({ type: 'done', result: result({ text: 'ok', modelId: 'b', usage: usage(60, 5), costUsd: 0.002, attempts: [record('a', 'error', dropped), record('b', 'success', usage(60, 5))] }) });
    const both = fellBack.end().meta.tokens;
    assert.deepEqual([both.input, both.output], [110, 12]);
    assert.deepEqual(both.estimatedFigures, ['output'], "a's output was estimated, so the sum is");
  });

  it('offers Set API Key for an auth error', () => {
    const acc = new AnswerAccumulator({ requestId: 'r1', capability: 'understand', capabilitySource: 'user', startedAt: 0 });
    acc.push({ type: 'decision', decision: decision({ order: ['a'] }) });
    acc.push({ type: 'done', result: result({ outcome: 'error', error: { kind: 'auth', message: 'The key was refused (401).' }, attempts: [record('a', 'error')] }) });
    const end = acc.end();
    assert.equal(end.error?.kind, 'auth');
    assert.deepEqual(end.error?.actions[0], { kind: 'command', action: 'setApiKey', label: 'Set API Key' });
  });

  it('opens the key slot of the model whose key was refused, named in the button', () => {
    const models = [
      { id: 'a', provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:9001/v1' },
      { id: 'b', provider: 'anthropic', baseUrl: 'https://gateway.example.com/anthropic' },
    ] as const;
    const keySlotOf = (id: string) => {
      const model = models.find((m) => m.id === id);
      return model ? keySlotFor(model) : undefined;
    };
    const acc = new AnswerAccumulator({ requestId: 'r1', capability: 'understand', capabilitySource: 'user', startedAt: 0, keySlotOf });
    acc.push({ type: 'decision', decision: decision({ order: ['a', 'b'] }) });
    // a failed on the network, b's key was refused: the button is for b's slot, not a's nor Anthropic's.
    const attempts = [{ ...record('a', 'error'), errorKind: 'network' as const }, { ...record('b', 'error'), provider: 'anthropic' as const, errorKind: 'auth' as const }];
    acc.push({ type: 'done', result: result({ outcome: 'error', error: { kind: 'auth', message: 'The key was refused (401).' }, attempts }) });
    const end = acc.end();
    assert.deepEqual(end.error?.actions[0], { kind: 'command', action: 'setApiKey', label: 'Set API Key for gateway.example.com', slot: 'endpoint:https://gateway.example.com' });
  });

  it('says which models of a tier are down and until when, with Open Models', () => {
    const health: HealthSnapshot[] = [
      { modelId: 'a', state: 'open', probeDue: false, openedAt: 0, probeAt: Date.UTC(2026, 0, 1, 10, 30) },
      { modelId: 'b', state: 'open', probeDue: false, openedAt: 0, probeAt: Date.UTC(2026, 0, 1, 10, 31) },
    ];
    const acc = new AnswerAccumulator({ requestId: 'r1', capability: 'understand', capabilitySource: 'user', startedAt: 0, health: () => health });
    acc.push({
      type: 'decision',
      decision: decision({
        order: [],
        chosen: undefined,
        skipped: [
          { modelId: 'a', reason: 'circuit-open', detail: 'circuit open since 10:29' },
          { modelId: 'b', reason: 'circuit-open', detail: 'circuit open since 10:30' },
        ],
      }),
    });
    acc.push({ type: 'done', result: result({ outcome: 'error', error: { kind: 'no-candidate', message: 'No model may answer understand now.' } }) });
    const end = acc.end();
    assert.equal(end.error?.kind, 'tier-down');
    assert.match(end.error?.message ?? '', /understand tier is down until 10:30:00 UTC/);
    assert.deepEqual(end.error?.downModels, [
      { modelId: 'a', reason: 'circuit open since 10:29', until: Date.UTC(2026, 0, 1, 10, 30) },
      { modelId: 'b', reason: 'circuit open since 10:30', until: Date.UTC(2026, 0, 1, 10, 31) },
    ]);
    assert.deepEqual(end.error?.actions[0], { kind: 'command', action: 'showModels', label: 'Open Models' });
  });

  it('ends a cancelled answer as cancelled with the text so far, and a blocked one as a budget error', () => {
    const cancelled = new AnswerAccumulator({ requestId: 'r1', capability: 'understand', capabilitySource: 'user', startedAt: 0 });
    cancelled.push({ type: 'text-delta', modelId: 'a', text: 'so far' });
    cancelled.push({ type: 'done', result: result({ outcome: 'cancelled', text: 'so far', error: { kind: 'cancelled', message: 'Stopped.' } }) });
    assert.equal(cancelled.end().status, 'cancelled');
    assert.equal(cancelled.end().text, 'so far');
    assert.deepEqual(cancelled.end().error, { kind: 'cancelled', message: 'Stopped. The text above is what arrived before that.', actions: [] });

    // Stopped before anything arrived: there is no text above to speak of.
    const early = new AnswerAccumulator({ requestId: 'r3', capability: 'understand', capabilitySource: 'user', startedAt: 0 });
    early.push({ type: 'done', result: result({ outcome: 'cancelled', text: '', error: { kind: 'cancelled', message: 'Stopped.' } }) });
    assert.equal(early.end().error?.message, 'Stopped before any answer arrived.');
    assert.equal(new AnswerAccumulator({ requestId: 'r4', capability: 'understand', capabilitySource: 'user', startedAt: 0 }).cancelled().error?.message, 'Stopped before any answer arrived.');

    const blocked = new AnswerAccumulator({ requestId: 'r2', capability: 'understand', capabilitySource: 'user', startedAt: 0 });
    blocked.push({ type: 'done', result: result({ outcome: 'blocked', error: { kind: 'budget', message: 'Over the daily budget.' } }) });
    assert.equal(blocked.end().status, 'error');
    assert.equal(blocked.end().error?.kind, 'budget');
  });

  it('streams reasoning as its own messages (the first one is also progress) and keeps it with the answer', () => {
    const c = clock();
    const acc = new AnswerAccumulator({ requestId: 'r1', capability: 'understand', capabilitySource: 'user', startedAt: 1000, now: c.now });
    acc.push({ type: 'attempt-start', modelId: 'a', attempt: 1, probe: false, retry: false });
    const posted = [
      ...(c.advance(80), acc.push({ type: 'reasoning-delta', modelId: 'a', text: 'The user wants ' })),
      ...acc.push({ type: 'reasoning-delta', modelId: 'a', text: '' }),
      ...(c.advance(500), acc.push({ type: 'reasoning-delta', modelId: 'a', text: 'a greeting.' })),
      ...acc.push({ type: 'text-delta', modelId: 'a', text: 'Hello' }),
    ];
    assert.deepEqual(posted, [
      { type: 'answer/progress', requestId: 'r1', note: 'a is thinking…' },
      { type: 'answer/reasoning', requestId: 'r1', text: 'The user wants ' },
      { type: 'answer/reasoning', requestId: 'r1', text: 'a greeting.' },
      { type: 'answer/delta', requestId: 'r1', text: 'Hello' },
    ]);
    assert.equal(acc.text, 'Hello', 'reasoning is never answer text');
    assert.equal(acc.reasoning, 'The user wants a greeting.');
    acc.push({ type: 'done', result: result({ text: 'Hello', modelId: 'a', attempts: [record('a', 'success')] }) });
    const end = acc.end();
    assert.equal(end.text, 'Hello');
    assert.equal(end.reasoning, 'The user wants a greeting.');
    assert.equal(end.meta.ttftMs, 80, 'the first reasoning ends the wait for a first token');
  });

  it('heads a fallback model’s reasoning with its id, and keeps reasoning on a stopped answer', () => {
    const acc = new AnswerAccumulator({ requestId: 'r1', capability: 'understand', capabilitySource: 'user', startedAt: 0 });
    acc.push({ type: 'reasoning-delta', modelId: 'a', text: 'Hmm.' });
    acc.push({ type: 'fallback', from: 'a', to: 'b', reason: 'server error (500)', errorKind: 'server' });
    const [second] = acc.push({ type: 'reasoning-delta', modelId: 'b', text: 'Let me see.' });
    assert.deepEqual(second, { type: 'answer/reasoning', requestId: 'r1', text: '\n\n— b —\nLet me see.' });
    assert.equal(acc.cancelled().reasoning, 'Hmm.\n\n— b —\nLet me see.');
  });

  it('leaves reasoning out of the end of an answer that had none', () => {
    const acc = new AnswerAccumulator({ requestId: 'r1', capability: 'understand', capabilitySource: 'user', startedAt: 0 });
    acc.push({ type: 'text-delta', modelId: 'a', text: 'Hi' });
    acc.push({ type: 'done', result: result({ text: 'Hi', modelId: 'a' }) });
    assert.equal('reasoning' in acc.end(), false);
  });

  it('asks the view about the budget and reports an ended stream without a result as an internal error', () => {
    const acc = new AnswerAccumulator({ requestId: 'r1', capability: 'understand', capabilitySource: 'user', startedAt: 0 });
    const events: ChatRouteEvent[] = [
      {
        type: 'budget-ask',
        question: { requestId: 'x', capability: 'understand', modelId: 'a', estimatedCostUsd: 0.2, budget: {} as never, stepDownTo: 'cheap', message: 'This would exceed the daily budget.' },
      },
    ];
    const [ask] = acc.push(events[0]!);
    assert.deepEqual(ask, { type: 'budget/ask', requestId: 'r1', message: 'This would exceed the daily budget.', stepDownTo: 'cheap' });
    const end = acc.end();
    assert.equal(end.status, 'error');
    assert.equal(end.error?.kind, 'internal');
  });

  it('shows the answer engine\'s notes as progress and ends as the engine said when the router never answered', () => {
    const stopped = new AnswerAccumulator({ requestId: 'r1', capabilitySource: 'user', startedAt: 0 });
    assert.deepEqual(stopped.push({ type: 'note', note: 'Choosing a capability…' }), [{ type: 'answer/progress', requestId: 'r1', note: 'Choosing a capability…' }]);
    assert.deepEqual(stopped.push({ type: 'answer-end', result: { outcome: 'cancelled' } }), []);
    assert.equal(stopped.end().status, 'cancelled', 'stopped while classifying');

    const failed = new AnswerAccumulator({ requestId: 'r2', capabilitySource: 'user', startedAt: 0 });
    failed.push({ type: 'answer-end', result: { outcome: 'error', failure: 'the index broke' } });
    const end = failed.end();
    assert.equal(end.error?.kind, 'internal');
    assert.match(end.error?.message ?? '', /Something went wrong inside Switchboard: the index broke/);
    assert.deepEqual(end.error?.actions.map((a) => a.label), ['Retry', 'Show Log']);
  });
});
