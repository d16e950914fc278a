import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RAW_SETTING_KEYS, parseSettings } from '../../../src/core/config/parseSettings';
import { RESTRICTED_SETTINGS } from '../../../src/core/config/restricted';

interface Manifest {
  engines: { vscode: string };
  activationEvents: string[];
  devDependencies: Record<string, string>;
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    configuration: { properties: Record<string, { markdownDescription?: string; items?: { properties?: Record<string, { markdownDescription?: string }> } }> };
  };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as Manifest;

describe('package.json manifest', () => {
  it('targets VS Code 1.100 with matching @types/vscode', () => {
    assert.equal(manifest.engines.vscode, '^1.100.0');
    assert.match(manifest.devDependencies['@types/vscode'] ?? '', /1\.100\./);
  });

  it('activates once start-up has finished, never on *', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    // VS Code 1.139's chat model picker lists a vendor's models only once its extension is active: it
    // does not activate one itself (Chat: Manage Language Models does). Activated only by its views
    // and commands, Switchboard was missing from the picker of a window where nobody had opened it.
    assert.ok(manifest.activationEvents.includes('onStartupFinished'));
  });

  it('gives every setting, and every property of a model entry, a markdownDescription', () => {
    for (const [id, setting] of Object.entries(manifest.contributes.configuration.properties)) {
      assert.ok(setting.markdownDescription, `${id} has no markdownDescription`);
      for (const [prop, schema] of Object.entries(setting.items?.properties ?? {})) {
        assert.ok(schema.markdownDescription, `${id}[].${prop} has no markdownDescription`);
      }
    }
  });

  it('restricts exactly the settings that can redirect requests or keys in untrusted workspaces', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual([...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(), [...RESTRICTED_SETTINGS].sort());
  });

  it('puts every command in the Switchboard category', () => {
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'Switchboard', c.command);
  });
});

describe('package.json settings agree with the settings schema', () => {
  it('shows "Set API Key…" first when a person types "Set API Key" in the command palette (issue 14 item 21)', () => {
    // The palette keeps the commands whose label holds the typed words at word starts, in order, and
    // sorts the ones never run before by label with localeCompare (VS Code's commandsQuickAccess.ts).
    const words = 'Set API Key'.toLowerCase().split(' ');
    const matches = (label: string): boolean => {
      const labelWords = label.toLowerCase().split(/[\s:]+/);
      let at = 0;
      for (const word of words) {
        while (at < labelWords.length && !labelWords[at]!.startsWith(word)) at++;
        if (at++ >= labelWords.length) return false;
      }
      return true;
    };
    const shown = manifest.contributes.commands
      .map((c) => ({ command: c.command, label: `${c.category}: ${c.title}` }))
      .filter((c) => matches(c.label))
      .sort((a, b) => a.label.localeCompare(b.label));
    assert.ok(shown.length > 1, `more than one command answers "Set API Key": ${JSON.stringify(shown)}`);
    assert.equal(shown[0]?.command, 'switchboard.setApiKey', shown.map((c) => c.label).join(' | '));
    assert.equal(shown[0]?.label, 'Switchboard: Set API Key…');
  });

  it('accepts every contributed default without a diagnostic', () => {
    const raw: Record<string, unknown> = {};
    for (const [id, setting] of Object.entries(manifest.contributes.configuration.properties) as [string, { default?: unknown }][]) {
      const path = id.replace(/^switchboard\./, '').split('.');
      let node = raw;
      for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
      node[path.at(-1)!] = setting.default;
    }
    assert.deepEqual(parseSettings(raw).diagnostics, []);
  });

  it('contributes every section the parser reads', () => {
    const sections = new Set(Object.keys(manifest.contributes.configuration.properties).map((id) => id.split('.')[1]));
    for (const key of RAW_SETTING_KEYS) assert.ok(sections.has(key), `switchboard.${key} is parsed but not contributed`);
  });
});
