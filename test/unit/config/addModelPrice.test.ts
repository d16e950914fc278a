import assert from 'node:assert/strict';
import { perMillionProblem, perMillionSchema, priceIsUnknown } from '../../../src/core/config/addModelPrice';
import { PROVIDER_PRESETS } from '../../../src/core/config/providerPresets';

describe('Add Model: what a call costs', () => {
  it('asks for a model on the person’s own server that no price list knows', () => {
    assert.equal(priceIsUnknown({ provider: 'openai-compatible', model: 'qwen2.5-coder-32b-instruct', baseUrl: 'http://127.0.0.1:8080/v1' }), true);
    assert.equal(priceIsUnknown({ provider: 'openai-compatible', model: 'my-finetune', baseUrl: 'https://llm.internal.example.com/v1' }), true);
  });

  it('does not ask when the model is priced already: a catalog model, a price given, a free local server, Ollama, a VS Code model', () => {
    // A gateway the catalog does not know still serves a well-known model under its usual name.
    assert.equal(priceIsUnknown({ provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: 'http://localhost:4000' }), false);
    assert.equal(priceIsUnknown({ provider: 'openai', model: 'gpt-4o-mini' }), false);
    assert.equal(priceIsUnknown({ provider: 'openai-compatible', model: 'my-finetune', baseUrl: 'http://127.0.0.1:8080/v1', price: { input: 0.1, output: 0.2 } }), false);
    assert.equal(priceIsUnknown({ provider: 'openai-compatible', model: 'my-finetune', baseUrl: 'http://localhost:1234/v1', local: true }), false);
    assert.equal(priceIsUnknown({ provider: 'ollama', model: 'qwen2.5-coder:7b' }), false);
    assert.equal(priceIsUnknown({ provider: 'vscode-lm', model: 'copilot-gpt-4o' }), false);
  });

  it('never asks about a cloud preset’s suggested models: the catalog prices each of them', () => {
    const unpriced = PROVIDER_PRESETS.filter((p) => p.group === 'cloud').flatMap((p) =>
      p.suggestedModels.filter((model) => priceIsUnknown({ provider: p.provider, model, ...(p.baseUrl ? { baseUrl: p.baseUrl } : {}) })).map((model) => `${p.label}: ${model}`),
    );
    assert.deepEqual(unpriced, []);
  });

  it('reads a typed price in USD per million tokens, and says what is wrong with one that is not', () => {
    assert.equal(perMillionSchema.parse(' 0.6 '), 0.6);
    assert.equal(perMillionSchema.parse('0'), 0);
    assert.equal(perMillionSchema.parse('1e1'), 10);
    assert.equal(perMillionProblem('2.5'), undefined);
    assert.equal(perMillionProblem(''), 'Enter a price in USD per million tokens, e.g. 0.6');
    assert.equal(perMillionProblem('   '), 'Enter a price in USD per million tokens, e.g. 0.6');
    assert.equal(perMillionProblem('$0.60'), 'Enter a number, e.g. 0.6 (USD per million tokens)');
    assert.equal(perMillionProblem('Infinity'), 'Enter a number, e.g. 0.6 (USD per million tokens)');
    assert.equal(perMillionProblem('-1'), 'A price cannot be negative');
  });
});
