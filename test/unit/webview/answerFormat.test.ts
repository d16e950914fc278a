import assert from 'node:assert/strict';
import type { AnswerMeta } from '../../../src/protocol/chatProtocol';
import { actionsForError, describeCapability, describeDownModels, describeFallbacks, footerItems, formatCost, formatDuration, formatTokens } from '../../../src/webview/chat/answerFormat';

const meta: AnswerMeta = {
  capability: 'review',
  capabilitySource: 'rules-below-threshold',
  explanation: 'review → strong (fallback #2)',
  modelId: 'strong',
  fallbacks: [{ from: 'fast', to: 'strong', reason: 'rate limited (429)', errorKind: 'rate-limit' }],
  tokens: { input: 12345, output: 678, cached: 1000, estimated: true },
  costUsd: 0.00421,
  ttftMs: 640,
  totalMs: 3120,
  cached: false,
  partial: false,
};

describe('answer footer formatting', () => {
  it('never shows an unknown cost as free', () => {
    assert.equal(formatCost(null), 'unknown');
    assert.equal(formatCost(0), '$0.00');
    assert.equal(formatCost(0.00421), '$0.0042');
    assert.equal(formatCost(0.125), '$0.13');
    assert.equal(formatCost(12.5), '$12.50');
  });

  it('formats durations for people', () => {
    assert.equal(formatDuration(640), '640 ms');
    assert.equal(formatDuration(3120), '3.1 s');
    assert.equal(formatDuration(42_000), '42 s');
    assert.equal(formatDuration(125_000), '2 min 5 s');
    assert.equal(formatDuration(Number.NaN), 'n/a');
  });

  it('says when token figures are estimated', () => {
    assert.equal(formatTokens(meta.tokens), '12,345 in · 678 out · 1,000 cached (estimated)', 'an answer stored before figures were marked one by one');
    assert.equal(formatTokens({ input: 40, output: 9, estimated: true, estimatedFigures: ['output'] }), '40 in · 9 out (estimated)');
    assert.equal(formatTokens({ input: 40, output: 3, estimated: false, estimatedFigures: [] }), '40 in · 3 out');
    assert.equal(formatTokens({ estimated: false }), 'unknown');
    assert.equal(formatTokens({ input: 0, output: 0, estimated: false, estimatedFigures: [] }), 'none', 'every model failed before its first token');
  });

  it('says how the capability was chosen', () => {
    assert.equal(describeCapability(meta), "review (Switchboard's rules chose it: the classify model was unsure)");
    assert.equal(describeCapability({ capability: 'plan', capabilitySource: 'user' }), 'plan (you chose it)');
    assert.equal(describeCapability({ capability: 'generate', capabilitySource: 'model' }), 'generate (the classify model chose it)');
  });

  it('lists the fallbacks with their reasons', () => {
    assert.deepEqual(describeFallbacks(meta), ['fast → strong: rate limited (429)']);
    assert.deepEqual(describeFallbacks({ fallbacks: [{ from: 'a', reason: 'server error' }] }), ['a → no model left: server error']);
  });

  it('makes one line of models that failed one after another for the same reason', () => {
    const overloaded = 'server error (HTTP 503): The engine is currently overloaded';
    const fallbacks = [
      { from: 'fast', to: 'mini', reason: overloaded },
      { from: 'mini', to: 'claude', reason: overloaded },
      { from: 'claude', to: 'local', reason: 'no first token in time' },
      { from: 'local', to: 'groq', reason: overloaded },
      { from: 'groq', to: 'strong', reason: overloaded },
    ];
    assert.deepEqual(describeFallbacks({ fallbacks }), [
      `fast → mini → claude: ${overloaded} (the same for all 2)`,
      'claude → local: no first token in time',
      `local → groq → strong: ${overloaded} (the same for all 2)`,
    ]);
    // Every model failed alike and the error above says why: the line only points to it.
    assert.deepEqual(describeFallbacks({ fallbacks: [fallbacks[0]!, fallbacks[1]!, { from: 'claude', reason: overloaded }] }, [`No model could answer understand: fast, mini, claude: ${overloaded}.`]), [
      'fast → mini → claude → no model left: see the error above',
    ]);
    // Not a chain (a skip in between): each keeps its own line.
    assert.deepEqual(describeFallbacks({ fallbacks: [fallbacks[0]!, { from: 'other', to: 'strong', reason: overloaded }] }), [`fast → mini: ${overloaded}`, `other → strong: ${overloaded}`]);
  });

  it('refers to the error above instead of repeating a reason it already gives (issue 14 item 7)', () => {
    const provider = 'The Anthropic API rejected the key (401): invalid x-api-key. Check the key of the endpoint and try again.';
    const fallbacks = [
      { from: 'strong', to: 'fast', reason: 'strong skipped: circuit open' },
      { from: 'fast', reason: `auth: ${provider}` },
    ];
    const error = `No model could answer understand: fast: ${provider}.`;
    assert.deepEqual(describeFallbacks({ fallbacks }, [error]), ['strong → fast: strong skipped: circuit open', 'fast → no model left: see the error above']);
    assert.deepEqual(describeFallbacks({ fallbacks }, ['fast: auth: rejected']), ['strong → fast: strong skipped: circuit open', `fast → no model left: auth: ${provider}`]);
  });

  it('puts model, capability, tokens, cost, first token and total in the footer; a cached answer says so first', () => {
    assert.deepEqual(
      footerItems(meta).map((i) => i.label),
      ['Model', 'Capability', 'Tokens', 'Cost', 'First token', 'Total'],
    );
    const cached = footerItems({ ...meta, cached: true, ttftMs: undefined });
    assert.equal(cached[0]?.label, 'Cached');
    assert.ok(!cached.some((i) => i.label === 'First token'));
  });
});

describe('footerItems for a picked model and a continued answer', () => {
  it('says the person picked the model that answered (issue 14 item 6)', () => {
    const items = footerItems({ ...meta, modelId: 'gpt', pickedModelId: 'gpt' });
    assert.equal(items.find((i) => i.label === 'Model')?.value, 'gpt (you picked it)');
    assert.ok(!items.some((i) => i.label === 'You picked'));
  });

  it('says the picked model did not answer when the router could not ask it', () => {
    const items = footerItems({ ...meta, modelId: 'strong', pickedModelId: 'gpt' });
    assert.equal(items.find((i) => i.label === 'Model')?.value, 'strong');
    assert.match(items.find((i) => i.label === 'You picked')?.value ?? '', /^gpt, which did not answer/);
  });

  it('names the model whose cut-off answer was continued (issue 14 item 3)', () => {
    const items = footerItems({ ...meta, modelId: 'strong', continuedFrom: 'fast' });
    assert.equal(items.find((i) => i.label === 'Model')?.value, 'strong (continued fast’s cut-off answer)');
  });
});

describe('actionsForError', () => {
  it('always offers "Set API Key" for an auth error, without a pointless retry', () => {
    const actions = actionsForError({ kind: 'auth', message: '401', actions: [] });
    assert.deepEqual(actions, [{ kind: 'command', action: 'setApiKey', label: 'Set API Key' }]);
  });

  it('offers "Open Models" and a retry when a whole tier is down, and lists until when', () => {
    const error = { kind: 'tier-down' as const, message: 'down', actions: [], downModels: [{ modelId: 'strong', reason: 'circuit open', until: 0 }, { modelId: 'fast', reason: 'rate limited' }] };
    assert.deepEqual(
      actionsForError(error).map((a) => a.label),
      ['Open Models', 'Retry'],
    );
    assert.deepEqual(describeDownModels(error, () => '10:47'), ['strong: circuit open, until 10:47', 'fast: rate limited']);
  });

  it("puts the host's suggestions first and drops duplicates", () => {
    const actions = actionsForError({
      kind: 'rate-limit',
      message: '429',
      actions: [
        { kind: 'retry', modelId: 'strong', label: 'Continue on strong' },
        { kind: 'command', action: 'showModels', label: 'Open Models' },
        { kind: 'command', action: 'showModels', label: 'Open Models again' },
      ],
    });
    assert.deepEqual(
      actions.map((a) => a.label),
      ['Continue on strong', 'Open Models'],
    );
  });

  it('offers nothing to retry for a content-policy refusal', () => {
    assert.deepEqual(actionsForError({ kind: 'content-policy', message: 'no', actions: [] }), []);
  });
});
