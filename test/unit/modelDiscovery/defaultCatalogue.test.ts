import assert from 'node:assert/strict';
import { buildDefaultCatalogue, parameterBillions } from '../../../src/core/modelDiscovery/defaultCatalogue';
import { modelConfigSchema } from '../../../src/core/config/settings/models';

describe('buildDefaultCatalogue', () => {
  const found = [
    { source: 'ollama', name: 'llama3.2:1b', parameterSize: '1.2B' },
    { source: 'ollama', name: 'qwen2.5-coder:14b', parameterSize: '14.8B', contextLength: 32768 },
    { source: 'vscode-lm', id: 'copilot-gpt-4o', vendor: 'copilot', family: 'gpt-4o', name: 'GPT-4o', maxInputTokens: 64000 },
  ] as const;

  it('builds valid model entries for everything found', () => {
    const { models } = buildDefaultCatalogue(found);
    assert.equal(models.length, 3);
    for (const m of models) assert.ok(modelConfigSchema.safeParse(m).success, JSON.stringify(m));
    assert.deepEqual(models.map((m) => m.id), ['ollama/llama3.2:1b', 'ollama/qwen2.5-coder:14b', 'lm/copilot/gpt-4o']);
  });

  it('orders tiers by what each capability needs', () => {
    const { tiers, notes } = buildDefaultCatalogue(found);
    assert.deepEqual(tiers.generate, ['lm/copilot/gpt-4o', 'ollama/qwen2.5-coder:14b', 'ollama/llama3.2:1b']);
    assert.equal(tiers.classify?.[0], 'ollama/llama3.2:1b');
    assert.deepEqual(tiers.understand, ['ollama/qwen2.5-coder:14b', 'ollama/llama3.2:1b', 'lm/copilot/gpt-4o']);
    assert.match(notes.join('\n'), /switchboard.tiers is empty/);
  });

  it('says so when nothing is found', () => {
    const result = buildDefaultCatalogue([]);
    assert.deepEqual(result.models, []);
    assert.match(result.notes[0]!, /No Ollama or VS Code language models/);
  });

  it('parses parameter sizes', () => {
    assert.equal(parameterBillions('7B'), 7);
    assert.equal(parameterBillions('350M'), 0.35);
    assert.equal(parameterBillions(undefined), undefined);
  });
});
