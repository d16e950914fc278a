import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LM_TOOLS, inputJsonSchema, languageModelToolContributions } from '../../../src/core/lmTools/toolCatalogue';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { languageModelTools: Record<string, unknown>[] } };

describe('language-model tool catalogue', () => {
  it('package.json contributes exactly the catalogue, each input schema being zod\'s own JSON Schema (npm run sync:lm-tools writes it)', () => {
    assert.deepEqual(manifest.contributes.languageModelTools, languageModelToolContributions());
    for (const spec of Object.values(LM_TOOLS)) {
      const entry = manifest.contributes.languageModelTools.find((t) => t['name'] === spec.name);
      assert.deepEqual(entry?.['inputSchema'], inputJsonSchema(spec.input), spec.name);
    }
  });

  it('every tool can be referenced with # by its own reference name, and says what it does to a model and a person', () => {
    const references = new Set<string>();
    for (const entry of manifest.contributes.languageModelTools) {
      assert.equal(entry['canBeReferencedInPrompt'], true);
      assert.match(String(entry['toolReferenceName']), /^[A-Za-z][A-Za-z0-9]*$/);
      references.add(String(entry['toolReferenceName']));
      assert.ok(String(entry['modelDescription']).length > 80, `${String(entry['name'])} explains itself to a model`);
      assert.ok(String(entry['userDescription']).length > 20);
      assert.match(String(entry['name']), /^switchboard_[A-Za-z]+$/);
      assert.equal((entry['inputSchema'] as { type?: string }).type, 'object');
    }
    assert.equal(references.size, 5);
  });
});
