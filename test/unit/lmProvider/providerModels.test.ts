import assert from 'node:assert/strict';
import type { ModelFeatures } from '../../../src/core/providers/contract';
import { ASSUMED_CONTEXT_WINDOW, listProviderModels, parseProviderModelId, providerModelId, providerModelsKey } from '../../../src/core/lmProvider/providerModels';
import { ModelRegistry } from '../../../src/core/router/registry';
import type { Tiers } from '../../../src/core/router/capabilities';
import { registered } from '../router/fakeModel';

function withFeatures<T extends ReturnType<typeof registered>>(entry: T, features: ModelFeatures): T {
  Object.assign(entry.model, { features: () => features });
  return entry;
}

const REFUSES_TOOLS: ModelFeatures = { tools: 'unsupported', structuredOutput: 'json-object' };

function setup(tiers: Tiers = { generate: ['big', 'small'], review: ['big'], understand: ['small'] }) {
  const big = registered({ id: 'big', provider: 'openai', model: 'gpt-4o', contextWindow: 128_000, maxOutputTokens: 16_000 });
  const small = withFeatures(registered({ id: 'small', provider: 'openai-compatible', model: 'qwen', baseUrl: 'http://127.0.0.1:1/v1', contextWindow: 32_000, maxOutputTokens: 4_000 }), REFUSES_TOOLS);
  return { big, small, registry: new ModelRegistry([big, small], tiers) };
}

describe('the model picker’s list (Switchboard as a language-model provider)', () => {
  it('offers Auto, one model per capability that has a model, and each configured model by its own name', () => {
    const list = listProviderModels({ registry: setup().registry });
    assert.deepEqual(
      list.map((m) => [m.id, m.name]),
      [
        ['auto', 'Switchboard Auto'],
        ['tier:understand', 'Switchboard · Understand'],
        ['tier:generate', 'Switchboard · Generate'],
        ['tier:review', 'Switchboard · Review'],
        // No plan tier is set: every model answers plan, as in the chat.
        ['tier:plan', 'Switchboard · Plan'],
        ['model:big', 'big'],
        ['model:small', 'small'],
      ],
    );
  });

  it('lists a capability with no tier set (all models answer it) and leaves out a tier set to nothing', () => {
    const { registry } = setup({ generate: ['big'], review: [] });
    const ids = listProviderModels({ registry }).map((m) => m.id);
    assert.ok(ids.includes('tier:plan'), 'plan has no tier: every model answers it');
    assert.ok(!ids.includes('tier:review'), 'an empty review tier has nothing to answer with');
  });

  it('lists nothing when no model is configured', () => {
    assert.deepEqual(listProviderModels({ registry: new ModelRegistry([], {}) }), []);
  });

  it('declares tool calling per model honestly, and for a tier when any of its models can', () => {
    const list = listProviderModels({ registry: setup().registry });
    const tools = Object.fromEntries(list.map((m) => [m.id, m.capabilities.toolCalling]));
    assert.equal(tools['model:big'], true, 'OpenAI takes tools');
    assert.equal(tools['model:small'], false, 'its server refused tools');
    assert.equal(tools['tier:generate'], true, 'big can');
    assert.equal(tools['tier:understand'], false, 'only small, which cannot');
    assert.equal(tools['auto'], true);
    assert.match(list.find((m) => m.id === 'model:small')?.tooltip ?? '', /no tool calls \(its server refused them\); JSON mode/);
  });

  it('counts a compatible server not yet heard from as able to call tools', () => {
    const unknown = registered({ id: 'local', provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:1/v1' });
    const model = listProviderModels({ registry: new ModelRegistry([unknown], { understand: ['local'] }) }).find((m) => m.id === 'model:local');
    assert.equal(model?.capabilities.toolCalling, true);
    assert.match(model?.tooltip ?? '', /not yet confirmed/);
  });

  it('gives each model its window less its output, and a tier the smallest limits of its models', () => {
    const list = listProviderModels({ registry: setup().registry });
    const limits = Object.fromEntries(list.map((m) => [m.id, [m.maxInputTokens, m.maxOutputTokens]]));
    assert.deepEqual(limits['model:big'], [112_000, 16_000]);
    assert.deepEqual(limits['model:small'], [28_000, 4_000]);
    assert.deepEqual(limits['tier:generate'], [28_000, 4_000]);
    assert.deepEqual(limits['tier:review'], [112_000, 16_000]);
    assert.deepEqual(limits['auto'], [28_000, 4_000]);
  });

  it('assumes a small window where none is configured, and says so', () => {
    const bare = registered({ id: 'bare', provider: 'anthropic', model: 'claude' });
    const [model] = listProviderModels({ registry: new ModelRegistry([bare], { plan: ['bare'], understand: [], generate: [], review: [] }) }).filter((m) => m.id === 'model:bare');
    assert.equal(model?.maxInputTokens, ASSUMED_CONTEXT_WINDOW - 1024);
    assert.equal(model?.maxOutputTokens, 1024);
    assert.match(model?.tooltip ?? '', /context window of 8192 is assumed/);
  });

  it('leaves out the models the loop guard excluded', () => {
    const { registry } = setup();
    const ids = listProviderModels({ registry, excluded: (e) => e.config.id === 'small' }).map((m) => m.id);
    assert.ok(!ids.includes('model:small'));
    assert.ok(!ids.includes('tier:understand'), 'its only model is excluded');
  });

  it('round-trips its ids and refuses ids it never gave', () => {
    for (const target of [{ kind: 'auto' }, { kind: 'tier', capability: 'review' }, { kind: 'model', modelId: 'my:model' }] as const) {
      assert.deepEqual(parseProviderModelId(providerModelId(target)), target);
    }
    assert.equal(parseProviderModelId('tier:classify'), undefined);
    assert.equal(parseProviderModelId('model:'), undefined);
    assert.equal(parseProviderModelId('gpt-4o'), undefined);
  });

  it('changes its key when what a server refused changes the list, and only then', () => {
    const { registry, small } = setup();
    const before = providerModelsKey(listProviderModels({ registry }));
    assert.equal(providerModelsKey(listProviderModels({ registry })), before);
    withFeatures(small, { tools: 'native', structuredOutput: 'json-schema' });
    assert.notEqual(providerModelsKey(listProviderModels({ registry })), before);
  });
});
