import assert from 'node:assert/strict';
import { budgetFraction, budgetNode, experimentsNode, healthWords, modelDescription, modelStatusNodes, modelStructuredTooltip, statusBarSummary, structuredOutputDetail, type ModelStatusInput } from '../../../src/core/views/modelStatus';
import { summarizeSignals } from '../../../src/core/metrics/signalFigures';
import { metricsRow } from '../../support/metricsRows';

const NOW = Date.UTC(2026, 10, 24, 12);

const row = metricsRow;

const spend = (knownUsd: number, unknownCount = 0) => ({ knownUsd, unknownCount, count: 1 });

function input(overrides: Partial<ModelStatusInput> = {}): ModelStatusInput {
  return {
    now: NOW,
    health: [],
    byModel: { today: [], week: [], month: [] },
    decisions: {},
    budget: { today: spend(0), month: spend(0) },
    experiments: [],
    byVariant: [],
    ...overrides,
  };
}

describe('model status', () => {
  it('describes a model from its figures for today', () => {
    const today = [row({ modelId: 'fast', count: 42, success: 41, successRate: 41 / 42, latencyP50Ms: 1234, costKnownUsd: 0.12, costUsd: 0.12 })];
    assert.equal(modelDescription('fast', input({ byModel: { today, week: today, month: today } })), 'healthy · 42 calls · 97.6% · p50 1.2 s · $0.12 today');
    assert.equal(modelDescription('other', input()), 'healthy · no calls today');
  });

  it("shows a model's structured-output success rate beside its success rate, with how many answers it rests on", () => {
    const today = [row({ modelId: 'fast', count: 30, success: 27, error: 3, successRate: 0.9, structured: 25, schemaFailed: 2, structuredSuccessRate: 23 / 25, latencyP50Ms: 800 })];
    const month = [row({ modelId: 'fast', count: 40, success: 37, error: 3, successRate: 37 / 40, structured: 25, schemaFailed: 2, structuredSuccessRate: 23 / 25 })];
    const live = input({ byModel: { today, week: today, month } });
    assert.equal(modelDescription('fast', live), 'healthy · 30 calls · 90% · structured output 92% of 25 · p50 800 ms · $0.00 today');
    const success = modelStatusNodes('fast', live).find((n) => n.label === 'Success rate (30 days)');
    assert.equal(success?.description, '92.5% · structured output 92% of 25');
    assert.equal(success?.tooltip, 'Structured output (30 days): 23 of 25 answers matched the requested schema; 2 did not. A refused answer counts as a failure in the success rate too.');
    assert.equal(modelStructuredTooltip('fast', live), 'Structured output today: 23 of 25 answers matched the requested schema; 2 did not.');
    const one = [row({ modelId: 'fast', count: 1, success: 1, successRate: 1, structured: 1, structuredSuccessRate: 1 })];
    assert.equal(structuredOutputDetail(one[0]), '1 of 1 answer matched the requested schema; none failed.');
  });

  it('shows nothing about structured output for a model that never answered a structured request', () => {
    const today = [row({ modelId: 'fast', count: 42, success: 41, successRate: 41 / 42, latencyP50Ms: 1234 })];
    const live = input({ byModel: { today, week: today, month: today } });
    assert.doesNotMatch(modelDescription('fast', live), /structured/);
    const success = modelStatusNodes('fast', live).find((n) => n.label === 'Success rate (30 days)');
    assert.equal(success?.description, '97.6%');
    assert.equal(success?.tooltip, undefined);
    assert.equal(modelStructuredTooltip('fast', live), '');
  });

  it('shows the acceptance beside the success rate, per capability, with how many signals it rests on', () => {
    const month = [row({ modelId: 'cheap', count: 41, success: 40, successRate: 40 / 41 })];
    const signals = summarizeSignals([
      ...['r1', 'r2'].map((requestId) => ({ time: NOW, kind: 'apply' as const, value: 'rejected' as const, requestId, modelId: 'cheap', capability: 'generate' as const })),
      { time: NOW, kind: 'apply', value: 'accepted', requestId: 'r3', modelId: 'cheap', capability: 'generate' },
      { time: NOW, kind: 'rating', value: 'up', requestId: 'r4', modelId: 'cheap', capability: 'review' },
    ]);
    const nodes = modelStatusNodes('cheap', input({ byModel: { today: month, week: month, month }, signals }));
    assert.equal(nodes.find((n) => n.label === 'Success rate (30 days)')?.description, '97.6% · 50% accepted (4)');
    const acceptance = nodes.find((n) => n.label === 'Acceptance (30 days)');
    assert.equal(acceptance?.description, 'generate 33.3% accepted (3) · review 100% accepted (1)');
    assert.match(acceptance?.tooltip ?? '', /^generate: Apply 1 kept, 2 not\nreview: ratings 1 kept, 0 not\n/);
    assert.equal(modelStatusNodes('other', input({ signals })).find((n) => n.label === 'Acceptance (30 days)')?.description, 'no signals yet');
  });

  it('shows unknown cost as unknown, never $0.00', () => {
    const month = [row({ modelId: 'lm', count: 2, costKnownUsd: 0, costUnknownCount: 2, costUsd: undefined })];
    const cost = modelStatusNodes('lm', input({ byModel: { today: month, week: month, month } })).find((n) => n.label === 'Cost');
    assert.equal(cost?.description, 'unknown (2) today · unknown (2) this week · unknown (2) in 30 days');
  });

  it('says when an open circuit will be probed', () => {
    const words = healthWords({ modelId: 'x', state: 'open', probeDue: false, probeAt: NOW + 42_000, lastError: { kind: 'server', message: '503', at: NOW - 1000 } }, NOW);
    assert.equal(words.label, 'down (circuit open) · probe in 42 s');
    assert.equal(words.tone, 'error');
    assert.equal(healthWords({ modelId: 'x', state: 'half-open', probeDue: false }, NOW).label, 'recovering (probing)');
  });

  it('measures the budget against the tightest limit', () => {
    const budget = { daily: 1, monthly: 10, today: spend(0.5), month: spend(9) };
    assert.equal(budgetFraction(budget), 0.9);
    const node = budgetNode(budget);
    assert.equal(node.tone, 'warning');
    assert.equal(node.children?.[1]?.description, '$9.00 of $10.00 this month (90%)');
    assert.equal(budgetFraction({ today: spend(5), month: spend(5) }), 0);
  });

  it('summarises spend and health for the status bar', () => {
    const summary = statusBarSummary({ health: [{ modelId: 'a', state: 'open', probeDue: false }], budget: { daily: 1, today: spend(0.42), month: spend(1) } }, 2);
    assert.equal(summary.text, '$0.42 · 1 model down');
    assert.equal(summary.warning, true);
    assert.equal(summary.error, false);
    assert.match(summary.tooltip, /of \$1\.00 daily budget \(42%\)/);
    assert.equal(statusBarSummary({ health: [], budget: { daily: 0.4, today: spend(0.42), month: spend(1) } }, 2).error, true);
    // Local-only decides which models may answer at all: the bar says it is on (issue 14 item 12).
    const localOnly = statusBarSummary({ health: [], budget: { today: spend(0), month: spend(0) } }, 2, new Map(), true);
    assert.match(localOnly.text, / · local only$/);
    assert.match(localOnly.tooltip, /Local-only mode is on/);
    assert.equal(statusBarSummary({ health: [], budget: { today: spend(0), month: spend(0) } }, 0).text, '$0.00 · no models');
    // A day of unpriced calls only (a local server with no price) says what is unknown.
    const unpriced = statusBarSummary({ health: [], budget: { today: spend(0, 1), month: spend(0, 1) } }, 2);
    assert.equal(unpriced.text, 'cost unknown · all models up');
    assert.match(unpriced.tooltip, /^Switchboard: spent today unknown \(1 call without a price\);/);
    assert.equal(statusBarSummary({ health: [], budget: { today: spend(0.5, 2), month: spend(0.5, 2) } }, 2).text, '≥ $0.50 · all models up');
  });

  it('counts a local model whose server is not running as down, once even when its circuit is open too', () => {
    const budget = { today: spend(0), month: spend(0) };
    const local = new Map([['local', 'Ollama is not running at http://127.0.0.1:11434']]);
    const summary = statusBarSummary({ health: [], budget }, 2, local);
    assert.equal(summary.text, '$0.00 · 1 model down');
    assert.equal(summary.warning, true);
    assert.match(summary.tooltip, /local: Ollama is not running at http:\/\/127\.0\.0\.1:11434/);
    assert.equal(statusBarSummary({ health: [{ modelId: 'local', state: 'open', probeDue: false }], budget }, 2, local).text, '$0.00 · 1 model down');
    assert.equal(statusBarSummary({ health: [{ modelId: 'a', state: 'open', probeDue: false }], budget }, 2, local).text, '$0.00 · 2 models down');
  });

  it('puts experiment variants side by side', () => {
    const node = experimentsNode(
      [{ id: 'ab', capability: 'review', enabled: true, variants: [{ name: 'a', models: ['x'], weight: 1 }, { name: 'b', models: ['y'], weight: 1 }] }],
      [row({ experiment: 'ab', variant: 'a', count: 10, success: 9, successRate: 0.9, latencyP50Ms: 800, costKnownUsd: 0.05, costUsd: 0.05 })],
    );
    const [a, b] = node?.children?.[0]?.children ?? [];
    assert.equal(a?.description, '10 calls · 90% · p50 800 ms · $0.0050/call');
    assert.equal(b?.description, 'no calls yet');
    // Success and cost per call of the variant's models: the cache's answers (successes at $0) are
    // not their calls. Of 10 calls, 5 from the cache: 4 of the models' 5 succeeded.
    const cached = experimentsNode(
      [{ id: 'ab', capability: 'review', enabled: true, variants: [{ name: 'a', models: ['x'], weight: 1 }, { name: 'b', models: ['y'], weight: 1 }] }],
      [row({ experiment: 'ab', variant: 'a', count: 10, cachedResponses: 5, success: 9, error: 1, successRate: 0.8, latencyP50Ms: 800, costKnownUsd: 0.05, costUsd: 0.05 })],
    );
    assert.equal(cached?.children?.[0]?.children?.[0]?.description, '10 calls (5 from the cache) · 80% · p50 800 ms · $0.010/call');
  });
});
