import assert from 'node:assert/strict';
import { parseSettings } from '../../../src/core/config/parseSettings';

const good = { id: 'fast', provider: 'openai', model: 'gpt-4o-mini' };

describe('parseSettings', () => {
  it('accepts a valid catalogue and tiers with no diagnostics', () => {
    const { settings, diagnostics } = parseSettings({
      models: [good, { id: 'local', provider: 'ollama', model: 'qwen2.5-coder:7b' }],
      tiers: { understand: ['fast', 'local'], review: ['local'] },
    });
    assert.deepEqual(diagnostics, []);
    assert.equal(settings.models.length, 2);
    assert.deepEqual(settings.tiers.understand, ['fast', 'local']);
  });

  it('treats missing settings as empty, with every other section at its defaults', () => {
    const { settings, diagnostics } = parseSettings({});
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(settings.models, []);
    assert.deepEqual(settings.tiers, {});
    assert.equal(settings.router.routing.strategy, 'ordered');
    assert.equal(settings.router.privacy.localOnly, false);
    assert.equal(settings.router.budget.daily, undefined);
    assert.equal(settings.metrics.retentionDays, 30);
    assert.equal(settings.discovery.enabled, true);
  });

  it('keeps the rest of a section when one field is bad', () => {
    const { settings, diagnostics } = parseSettings({ routing: { strategy: 'random', confidenceThreshold: 0.8 }, budget: { daily: null, monthly: 20 } });
    assert.equal(settings.router.routing.strategy, 'ordered');
    assert.equal(settings.router.routing.confidenceThreshold, 0.8);
    assert.equal(settings.router.budget.monthly, 20);
    assert.equal(settings.router.budget.daily, undefined);
    assert.deepEqual(diagnostics.map((d) => d.path), ['switchboard.routing.strategy']);
  });

  it('keeps the good patterns of switchboard.research.externalTools and the good circuit fields when one is bad', () => {
    const { settings, diagnostics } = parseSettings({
      research: { externalTools: ['mcp_github_*', ''] },
      routing: { circuit: { consecutiveFailures: 0, halfOpenAfterMs: 60_000 } },
    });
    assert.deepEqual(settings.research.externalTools, ['mcp_github_*']);
    assert.equal(settings.router.routing.circuit.halfOpenAfterMs, 60_000);
    assert.equal(settings.router.routing.circuit.consecutiveFailures, 5);
    assert.deepEqual(diagnostics.map((d) => d.path), ['switchboard.routing.circuit.consecutiveFailures', 'switchboard.research.externalTools[1]']);
  });

  it('drops only the experiment that is wrong', () => {
    const models = [good, { id: 'b', provider: 'ollama', model: 'llama3.2' }];
    const variants = [{ name: 'a', models: ['fast'] }, { name: 'b', models: ['b'] }];
    const { settings, diagnostics } = parseSettings({
      models,
      experiments: [
        { id: 'ok', capability: 'review', variants },
        { id: 'ghost', capability: 'review', variants: [{ name: 'a', models: ['fast'] }, { name: 'b', models: ['nope'] }] },
        { id: 'one', capability: 'plan', variants: [{ name: 'a', models: ['fast'] }] },
      ],
    });
    assert.deepEqual(settings.router.experiments.map((e) => e.id), ['ok']);
    assert.deepEqual(diagnostics.map((d) => d.path), ['switchboard.experiments[1].variants[1].models[0]', 'switchboard.experiments[2].variants']);
  });

  it('says a tier names a model whose entry was skipped, and why, instead of "not an id" (issue 14 item 16)', () => {
    const { settings, diagnostics } = parseSettings({
      models: [good, { id: 'strong', provider: 'anthropic', model: 'claude-sonnet-4-6', price: '3' }],
      tiers: { generate: ['strong', 'fast'] },
    });
    assert.deepEqual(settings.models.map((m) => m.id), ['fast']);
    const tierProblem = diagnostics.find((d) => d.path === 'switchboard.tiers.generate[0]');
    assert.equal(tierProblem?.message, 'names "strong", whose entry in switchboard.models was skipped because of its first problem: switchboard.models[1].price expected an object (skipped)');
    assert.ok(!diagnostics.some((d) => d.message.includes('which is not an id')), 'the id is there: it was skipped, not missing');
  });

  it('offers "did you mean" for a near miss of an allowed word, without repeating the value typed', () => {
    const { diagnostics } = parseSettings({ models: [{ id: 'x', provider: 'openia', model: 'gpt-4o-mini' }] });
    const problem = diagnostics.find((d) => d.path === 'switchboard.models[0].provider');
    assert.match(problem?.message ?? '', /^expected one of "openai", .*; did you mean "openai"\?$/);
    assert.ok(!problem?.message.includes('openia'), 'the value itself is never written back');
    const far = parseSettings({ models: [{ id: 'x', provider: 'mistral', model: 'm' }] }).diagnostics.find((d) => d.path === 'switchboard.models[0].provider');
    assert.ok(far && !far.message.includes('did you mean'), `no guess for a word that is not close: ${far?.message}`);
  });

  it('drops only the bad model entry and names its path and what was expected', () => {
    const { settings, diagnostics } = parseSettings({
      models: [good, { id: 'bad', provider: 'openai', model: 'x', baseUrl: 'ftp://example.com' }, { id: 'worse', provider: 'cohere', model: 'y' }],
    });
    assert.deepEqual(settings.models.map((m) => m.id), ['fast']);
    assert.deepEqual(
      diagnostics.map((d) => d.path),
      ['switchboard.models[1].baseUrl', 'switchboard.models[2].provider'],
    );
    assert.match(diagnostics[0]!.message, /http\(s\) URL/);
    assert.match(diagnostics[1]!.message, /expected one of "openai", "openai-compatible"/);
  });

  it('requires a baseUrl for openai-compatible endpoints', () => {
    const { diagnostics } = parseSettings({ models: [{ id: 'groq', provider: 'openai-compatible', model: 'llama' }] });
    assert.equal(diagnostics[0]?.path, 'switchboard.models[0].baseUrl');
    assert.match(diagnostics[0]!.message, /required/);
  });

  it('refuses an API key pasted into settings without echoing it', () => {
    const secret = 'sk-test-THIS-MUST-NOT-ECHO-123456';
    const { settings, diagnostics } = parseSettings({ models: [{ ...good, apiKey: secret }] });
    assert.equal(settings.models.length, 0);
    assert.equal(diagnostics[0]?.path, 'switchboard.models[0].apiKey');
    assert.match(diagnostics[0]!.message, /Set API Key/);
    assert.ok(!JSON.stringify(diagnostics).includes(secret));
  });

  it('reports a non-array models value and keeps going', () => {
    const { settings, diagnostics } = parseSettings({ models: { id: 'x' }, tiers: { plan: [] } });
    assert.deepEqual(settings.models, []);
    assert.deepEqual(settings.tiers, { plan: [] });
    assert.deepEqual(diagnostics, [{ path: 'switchboard.models', message: 'expected an array of model entries', severity: 'error' }]);
  });

  it('rejects duplicate ids, keeping the first', () => {
    const { settings, diagnostics } = parseSettings({ models: [good, { ...good, model: 'gpt-4o' }] });
    assert.equal(settings.models.length, 1);
    assert.equal(settings.models[0]!.model, 'gpt-4o-mini');
    assert.equal(diagnostics[0]?.path, 'switchboard.models[1].id');
  });

  it('skips unknown ids and unknown capabilities in tiers, keeping the rest of the tier', () => {
    const { settings, diagnostics } = parseSettings({
      models: [good],
      tiers: { review: ['missing', 'fast', 'fast'], explain: ['fast'], plan: 'fast' },
    });
    assert.deepEqual(settings.tiers.review, ['fast']);
    assert.equal(settings.tiers.plan, undefined);
    assert.deepEqual(
      diagnostics.map((d) => [d.path, d.severity]),
      [
        ['switchboard.tiers.review[0]', 'warning'],
        ['switchboard.tiers.review[2]', 'warning'],
        ['switchboard.tiers.explain', 'error'],
        ['switchboard.tiers.plan', 'error'],
      ],
    );
    assert.match(diagnostics[0]!.message, /"missing", which is not an id in switchboard.models/);
  });

  it('skips a malformed id in a tier, keeping the tier\'s good ids', () => {
    const { settings, diagnostics } = parseSettings({
      models: [good, { id: 'local', provider: 'ollama', model: 'llama3.2' }],
      tiers: { review: ['fast', 'my model', 'local'] },
    });
    assert.deepEqual(settings.tiers.review, ['fast', 'local']);
    assert.deepEqual(diagnostics.map((d) => d.path), ['switchboard.tiers.review[1]']);
    assert.match(diagnostics[0]!.message, /may contain only letters.*\(skipped\)$/);
  });

  it('checks numeric bounds', () => {
    const { diagnostics } = parseSettings({ models: [{ ...good, temperature: 3, contextWindow: -1 }] });
    assert.deepEqual(diagnostics.map((d) => d.path).sort(), ['switchboard.models[0].contextWindow', 'switchboard.models[0].temperature']);
    assert.ok(diagnostics.some((d) => d.message === 'must be at most 2'));
  });
});
