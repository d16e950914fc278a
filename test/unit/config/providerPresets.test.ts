import assert from 'node:assert/strict';
import { PRESET_GROUPS, PROVIDER_PRESETS, presetRows, suggestModelId } from '../../../src/core/config/providerPresets';

describe('Add Model presets', () => {
  const rows = presetRows();
  const labels = rows.map((r) => (r.kind === 'separator' ? `— ${r.label} —` : r.preset.label));

  it('groups the presets under "Cloud providers", "Your own server" and "Inside VS Code", each preset once', () => {
    assert.deepEqual(
      rows.filter((r) => r.kind === 'separator').map((r) => r.label),
      PRESET_GROUPS.map((g) => g.label),
    );
    assert.deepEqual(labels.slice(0, 3), ['— Cloud providers —', 'OpenAI', 'Anthropic']);
    const presets = rows.flatMap((r) => (r.kind === 'preset' ? [r.preset] : []));
    assert.deepEqual([...presets].sort((a, b) => a.label.localeCompare(b.label)), [...PROVIDER_PRESETS].sort((a, b) => a.label.localeCompare(b.label)));
    // Each section is one run: a preset never appears under another section's heading.
    let group: string | undefined;
    for (const row of rows) {
      if (row.kind === 'separator') group = PRESET_GROUPS.find((g) => g.label === row.label)?.id;
      else assert.equal(row.preset.group, group, row.preset.label);
    }
  });

  it('puts the OpenAI-compatible server first under "Your own server", where the list shows it without scrolling', () => {
    const at = rows.findIndex((r) => r.kind === 'preset' && r.preset.provider === 'openai-compatible' && r.preset.baseUrl === undefined);
    assert.ok(at > 0, 'there is an entry for any OpenAI-compatible base URL');
    assert.deepEqual(rows[at - 1], { kind: 'separator', label: 'Your own server' });
    // VS Code's quick pick shows about ten one-line rows before it scrolls.
    assert.ok(at < 10, `row ${at + 1} of ${rows.length}: ${labels.join(', ')}`);
    const generic = rows[at];
    assert.equal(generic?.kind === 'preset' ? generic.preset.listModels : undefined, true, 'it offers the server’s own model list');
  });

  it('keeps every row to one line (a second line pushes entries below the fold)', () => {
    for (const preset of PROVIDER_PRESETS) {
      assert.ok(!('detail' in preset), `${preset.label} has a second line`);
      assert.ok(preset.description.length > 0 && preset.description.length <= 70, `${preset.label}: "${preset.description}"`);
    }
  });

  it('derives a unique settings id from a model name', () => {
    assert.equal(suggestModelId('qwen2.5-coder:7b', new Set()), 'qwen2.5-coder-7b');
    assert.equal(suggestModelId('gpt-4o', new Set(['gpt-4o', 'gpt-4o-2'])), 'gpt-4o-3');
  });
});
