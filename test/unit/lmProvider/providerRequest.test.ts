import assert from 'node:assert/strict';
import { providerOutcome } from '../../../src/core/lmProvider/providerOutcome';
import { incomingTexts, routeFor, toModelRequest, type IncomingMessage } from '../../../src/core/lmProvider/providerRequest';
import { answerBudgetUnattended, type BudgetAskDeps } from '../../../src/core/lmProvider/unattendedBudget';
import type { BudgetQuestion } from '../../../src/core/router/routeEvents';

const CONVERSATION: IncomingMessage[] = [
  { role: 'system', parts: [{ type: 'text', text: 'Be terse.' }] },
  { role: 'user', parts: [{ type: 'text', text: 'Weather in Paris?' }] },
  { role: 'assistant', parts: [{ type: 'text', text: 'Checking.' }, { type: 'tool-call', callId: 'c1', name: 'get_weather', input: { city: 'Paris' } }] },
  { role: 'user', parts: [{ type: 'tool-result', callId: 'c1', text: '18°C, sunny' }, { type: 'text', text: 'And tomorrow?' }] },
];

describe('a model-picker request as a routed request', () => {
  it('passes tool calls and tool results through as the contract’s assistant calls and tool messages', () => {
    const request = toModelRequest(CONVERSATION, { tools: [{ name: 'get_weather', description: 'Weather.', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }], toolMode: 'auto' });
    assert.deepEqual(request.messages, [
      { role: 'system', content: 'Be terse.' },
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: 'Checking.', toolCalls: [{ id: 'c1', name: 'get_weather', arguments: { city: 'Paris' } }] },
      { role: 'tool', toolCallId: 'c1', toolName: 'get_weather', content: '18°C, sunny' },
      { role: 'user', content: 'And tomorrow?' },
    ]);
    assert.deepEqual(request.tools, [{ name: 'get_weather', description: 'Weather.', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }]);
    assert.equal(request.toolChoice, 'auto');
  });

  it('maps a required tool mode, gives a tool without a schema an empty object one, and keeps the output cap', () => {
    const request = toModelRequest([{ role: 'user', parts: [{ type: 'text', text: 'x' }, { type: 'other' }] }], { tools: [{ name: 'ping' }], toolMode: 'required', maxOutputTokens: 200 });
    assert.equal(request.toolChoice, 'required');
    assert.deepEqual(request.tools?.[0]?.inputSchema, { type: 'object', properties: {} });
    assert.equal(request.maxOutputTokens, 200);
    assert.deepEqual(request.messages, [{ role: 'user', content: 'x' }]);
  });

  it('sends no tool fields when no tools come', () => {
    const request = toModelRequest([{ role: 'user', parts: [{ type: 'text', text: 'x' }] }], { toolMode: 'auto' });
    assert.equal('tools' in request, false);
    assert.equal('toolChoice' in request, false);
  });

  it('gives the loop guard every text, tool results included', () => {
    assert.deepEqual(incomingTexts(CONVERSATION), ['Be terse.', 'Weather in Paris?', 'Checking.', '18°C, sunny', 'And tomorrow?']);
  });

  it('routes Auto by classification, a capability to its tier, and a configured model first', () => {
    assert.deepEqual(routeFor({ kind: 'auto' }), { capability: 'auto' });
    assert.deepEqual(routeFor({ kind: 'tier', capability: 'review' }), { capability: 'review' });
    assert.deepEqual(routeFor({ kind: 'model', modelId: 'big' }), { capability: 'auto', pickedModel: 'big' });
  });

  it('names the model that answered and what it cost, or says why none did', () => {
    const ok = providerOutcome('Switchboard Auto', { outcome: 'success', capability: 'review', route: { requestId: 'r', outcome: 'success', text: 'x', modelId: 'backup', costUsd: 0.0012, partial: false, cached: false, attempts: [], explanation: 'review → backup (fallback #1)' } });
    assert.equal(ok.ok, true);
    assert.equal(ok.logLine, 'Model picker: Switchboard Auto (review) answered by backup, $0.0012. Route: review → backup (fallback #1).');
    const failed = providerOutcome('Switchboard · Plan', { outcome: 'error', capability: 'plan', route: { requestId: 'r', outcome: 'error', text: '', partial: false, cached: false, attempts: [], explanation: 'plan → no model', error: { kind: 'no-candidate', message: 'every candidate was skipped' } } });
    assert.equal(failed.ok, false);
    assert.match(failed.errorMessage ?? '', /^Switchboard could not answer: every candidate was skipped Route: plan → no model\.$/);
    assert.equal(providerOutcome('x', { outcome: 'cancelled' }).cancelled, true);
  });
});

describe('the budget’s ask policy for the model picker', () => {
  const question: BudgetQuestion = { requestId: 'r1', capability: 'generate', modelId: 'big', estimatedCostUsd: 0.5, budget: { tightest: undefined } as unknown as BudgetQuestion['budget'], message: 'big may cost up to $0.50…' };

  function deps(patch: Partial<BudgetAskDeps>): BudgetAskDeps & { lines: string[] } {
    const lines: string[] = [];
    return {
      canNotify: true,
      notify: () => new Promise(() => undefined),
      unattended: 'step-down',
      timeoutMs: 1000,
      // Waits until the test's notification settles or the guard stops it: no wall clock.
      sleep: (_ms, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true })),
      log: (l) => void lines.push(l),
      lines,
      ...patch,
    };
  }

  it('asks by notification where one can be shown, and logs the answer', async () => {
    const d = deps({ notify: async () => 'allow' });
    assert.equal(await answerBudgetUnattended(question, d), 'allow');
    assert.match(d.lines[0] ?? '', /asked by notification, answered allow/);
  });

  it('applies the configured unattended answer when no notification can be shown, and says so', async () => {
    const d = deps({ canNotify: false });
    assert.equal(await answerBudgetUnattended(question, d), 'step-down');
    assert.match(d.lines[0] ?? '', /no notification can be shown now, so switchboard\.budget\.unattended applies: step-down/);
  });

  it('applies it too when the notification gets no answer in time', async () => {
    const d = deps({ sleep: async () => undefined });
    assert.equal(await answerBudgetUnattended(question, d), 'step-down');
    assert.match(d.lines[0] ?? '', /no answer within 1 s/);
  });

  it('blocks when the notification is dismissed', async () => {
    const d = deps({ notify: async () => undefined });
    assert.equal(await answerBudgetUnattended(question, d), 'block');
    assert.match(d.lines[0] ?? '', /dismissed/);
  });
});
