import { tierDescription } from '../../../src/core/views/modelsOverview';
import assert from 'node:assert/strict';
import { parseSettings } from '../../../src/core/config/parseSettings';
import { type KeyStatus, buildModelsOverview, settingIdOf } from '../../../src/core/views/modelsOverview';
import { findNode } from '../../support/overviewNodes';
import { metricsRow } from '../../support/metricsRows';

const missing: KeyStatus = { kind: 'missing' };

const figures = metricsRow;

describe('buildModelsOverview', () => {
  it('is never empty: with nothing configured it shows the setup steps (VS Code would otherwise show welcome content)', () => {
    const parsed = parseSettings({});
    const nodes = buildModelsOverview({ ...parsed, keyStatus: () => missing, ignoredInRestrictedMode: [] });
    assert.deepEqual(nodes.map((n) => n.id), ['setup']);
  });

  it('shows tiers in order, models with details, and key status without the key', () => {
    const parsed = parseSettings({
      models: [
        { id: 'fast', provider: 'openai', model: 'gpt-4o-mini' },
        { id: 'local', provider: 'ollama', model: 'qwen2.5-coder:7b' },
      ],
      tiers: { understand: ['fast', 'local'] },
    });
    const nodes = buildModelsOverview({
      ...parsed,
      keyStatus: (slot) => (slot.id === 'openai' ? { kind: 'env', envVar: 'OPENAI_API_KEY' } : missing),
      ignoredInRestrictedMode: [],
    });
    assert.deepEqual(nodes.map((n) => n.label), ['Tiers', 'Models', 'API keys']);
    assert.equal(findNode(nodes, 'tiers/understand')?.description, 'fast → local');
    assert.equal(findNode(nodes, 'tiers/understand/local')?.description, 'fallback 1');
    // No review tier set: the router uses every model in settings order, and the view says the same (issue 14 item 9).
    assert.equal(findNode(nodes, 'tiers/review')?.description, 'fast → local');
    assert.match(findNode(nodes, 'tiers/review')?.tooltip ?? '', /No review tier is set, so every model may answer, in settings order/);
    assert.equal(findNode(nodes, 'models/local')?.icon, 'home');
    assert.equal(findNode(nodes, 'models/fast')?.icon, 'cloud');
    assert.equal(findNode(nodes, 'keys/openai')?.description, 'from $OPENAI_API_KEY');
    assert.deepEqual(findNode(nodes, 'keys')?.children?.map((c) => c.id), ['keys/openai']);
  });

  it('says a tier whose ids were all skipped has no usable model (the router answers nothing from it either)', () => {
    const parsed = parseSettings({ models: [{ id: 'fast', provider: 'openai', model: 'gpt-4o-mini' }], tiers: { generate: ['fsat'] } });
    assert.deepEqual(parsed.settings.tiers.generate, [], 'the unknown id was skipped');
    const nodes = buildModelsOverview({ ...parsed, keyStatus: () => missing, ignoredInRestrictedMode: [] });
    assert.equal(findNode(nodes, 'tiers/generate')?.description, 'no usable models');
    assert.match(findNode(nodes, 'tiers/generate')?.tooltip ?? '', /every id in it was skipped/);
  });

  it("puts a model's structured-output success rate in its row, explained in the tooltip, only where it answered structured requests", () => {
    const parsed = parseSettings({
      models: [
        { id: 'fast', provider: 'openai', model: 'gpt-4o-mini' },
        { id: 'prose', provider: 'openai', model: 'gpt-4o' },
      ],
      tiers: { understand: ['fast', 'prose'] },
    });
    const today = [
      figures({ modelId: 'fast', count: 30, success: 27, error: 3, successRate: 0.9, structured: 25, schemaFailed: 2, structuredSuccessRate: 23 / 25 }),
      figures({ modelId: 'prose', count: 4, success: 4, successRate: 1 }),
    ];
    const status = {
      now: 0,
      health: [],
      byModel: { today, week: today, month: today },
      decisions: {},
      budget: { today: { knownUsd: 0, unknownCount: 0, count: 0 }, month: { knownUsd: 0, unknownCount: 0, count: 0 } },
      experiments: [],
      byVariant: [],
    };
    const nodes = buildModelsOverview({ ...parsed, keyStatus: () => ({ kind: 'stored' }), ignoredInRestrictedMode: [], status });
    const fast = findNode(nodes, 'models/fast');
    assert.match(fast?.description ?? '', / · 90% · structured output 92% of 25 · /);
    assert.equal(fast?.tooltip, 'fast: gpt-4o-mini via openai\nStructured output today: 23 of 25 answers matched the requested schema; 2 did not.');
    assert.equal(findNode(nodes, 'models/fast/status/success')?.description, '90% · structured output 92% of 25');
    const prose = findNode(nodes, 'models/prose');
    assert.doesNotMatch(prose?.description ?? '', /structured/);
    assert.equal(prose?.tooltip, 'prose: gpt-4o via openai');
    assert.equal(findNode(nodes, 'models/prose/status/success')?.description, '100%');
  });

  it('flags a model whose required key is missing', () => {
    const parsed = parseSettings({ models: [{ id: 'c', provider: 'anthropic', model: 'claude-sonnet-4-5' }] });
    const nodes = buildModelsOverview({ ...parsed, keyStatus: () => missing, ignoredInRestrictedMode: [] });
    assert.match(findNode(nodes, 'models/c')?.description ?? '', /key missing/);
    assert.equal(findNode(nodes, 'keys/anthropic')?.command?.id, 'switchboard.setApiKey');
  });

  it('lists settings problems with a command that opens the right setting', () => {
    const parsed = parseSettings({ models: [{ id: 'x', provider: 'nope', model: 'm' }], tiers: { plan: ['ghost'] } });
    const nodes = buildModelsOverview({ ...parsed, keyStatus: () => missing, ignoredInRestrictedMode: [] });
    const problems = findNode(nodes, 'problems');
    assert.equal(problems?.description, '2');
    assert.deepEqual(problems?.children?.map((c) => c.command?.args?.[0]), ['switchboard.models', 'switchboard.tiers']);
  });

  it('says when Restricted Mode ignores workspace values', () => {
    const nodes = buildModelsOverview({ ...parseSettings({}), keyStatus: () => missing, ignoredInRestrictedMode: ['switchboard.models'] });
    assert.equal(nodes[0]?.label, 'Restricted Mode');
    assert.match(nodes[0]?.tooltip ?? '', /switchboard\.models/);
  });

  it('maps a diagnostic path to its setting id', () => {
    assert.equal(settingIdOf('switchboard.models[3].baseUrl'), 'switchboard.models');
    assert.equal(settingIdOf('switchboard.tiers.review[0]'), 'switchboard.tiers');
  });
});

describe('buildModelsOverview with discovered models', () => {
  it('says the models were discovered and why', () => {
    const parsed = parseSettings({ models: [{ id: 'ollama/llama3.2:1b', provider: 'ollama', model: 'llama3.2:1b' }], tiers: { understand: ['ollama/llama3.2:1b'] } });
    const nodes = buildModelsOverview({
      ...parsed,
      keyStatus: () => ({ kind: 'missing' }),
      ignoredInRestrictedMode: [],
      discovery: { notes: ['Tiers built from 1 discovered model because switchboard.tiers is empty.'], reasons: ['No extension offers VS Code language models.'] },
    });
    assert.deepEqual(nodes.map((n) => n.label), ['Discovered models', 'Tiers', 'Models', 'API keys']);
    assert.equal(nodes[0]?.children?.length, 2);
    assert.match(nodes[0]?.tooltip ?? '', /switchboard\.tiers is empty/);
  });
});

describe('tier rows', () => {
  it('name each model once: who answers now, then the rest of the tier', () => {
    assert.equal(tierDescription('→ fast (primary)', 'fast', ['fast']), '→ fast (primary)');
    assert.equal(tierDescription('→ fast (primary)', 'fast', ['fast', 'strong', 'local']), '→ fast (primary) · then strong → local');
    assert.equal(tierDescription('→ strong (fallback #1)', 'strong', ['fast', 'strong']), '→ strong (fallback #1) · tier fast → strong');
    assert.equal(tierDescription(undefined, undefined, ['fast', 'local']), 'fast → local');
  });
});
