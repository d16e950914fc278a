import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SwitchboardApi } from '../../../src/vscode/api';
import { CANARY_KEY, resetSettings, switchboard, updateSetting, useSetting } from '../support/switchboard';

const { Global } = vscode.ConfigurationTarget;

describe('API keys', () => {
  let api: SwitchboardApi;
  const MODELS = [
    { id: 'fast', provider: 'openai', model: 'gpt-4o-mini' },
    { id: 'groq', provider: 'openai-compatible', model: 'llama-3.3-70b-versatile', baseUrl: 'https://api.groq.com/openai/v1' },
  ];

  before(async () => {
    api = await switchboard();
  });
  // Every test starts from both models and no stored key, and leaves no key behind (a slot is known
  // only while a model uses it, so the key is cleared while the models are still set).
  beforeEach(async () => {
    await useSetting(api, 'models', MODELS, Global);
    await vscode.commands.executeCommand('switchboard.clearApiKey', { slot: 'openai' });
  });
  afterEach(async () => {
    await useSetting(api, 'models', MODELS, Global);
    await vscode.commands.executeCommand('switchboard.clearApiKey', { slot: 'openai' });
  });
  after(async () => {
    await resetSettings(api);
  });

  const status = (slot: string) => api.getSetup().keys.find((k) => k.slot === slot)?.status;

  it('stores a key in secret storage through Set API Key and reports only its status', async () => {
    assert.equal(status('openai'), process.env.OPENAI_API_KEY ? 'env' : 'missing');
    const saved = await vscode.commands.executeCommand<boolean>('switchboard.setApiKey', { slot: 'openai', key: CANARY_KEY });
    assert.equal(saved, true);
    assert.equal(status('openai'), 'stored');
    assert.equal(status('endpoint:https://api.groq.com'), process.env.GROQ_API_KEY ? 'env' : 'missing');
    assert.ok(!JSON.stringify(api.getSetup()).includes(CANARY_KEY), 'the setup snapshot must never carry a key');
  });

  it('never writes the key into settings', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('switchboard.setApiKey', { slot: 'openai', key: CANARY_KEY }), true);
    const config = vscode.workspace.getConfiguration('switchboard');
    assert.ok(!JSON.stringify(config.inspect('models')).includes(CANARY_KEY));
    assert.ok(!JSON.stringify(config.inspect('tiers')).includes(CANARY_KEY));
  });

  it('refuses a key pasted into settings, names the path, and does not echo it', async () => {
    // Not the canary: this value really is written to settings.json, which the leak scan reads.
    const pasted = 'sk-pasted-into-settings-5f4e3d2c1b0a';
    try {
      await updateSetting(api, 'models', [{ id: 'leaky', provider: 'openai', model: 'gpt-4o-mini', apiKey: pasted }], Global);
      const setup = api.getSetup();
      const diagnostic = setup.diagnostics.find((d) => d.path === 'switchboard.models[0].apiKey');
      assert.ok(diagnostic, JSON.stringify(setup.diagnostics));
      assert.match(diagnostic.message, /Set API Key/);
      assert.ok(!JSON.stringify(setup).includes(pasted));
    } finally {
      // Leave the pasted value out of settings again: it was only there to be refused.
      await updateSetting(api, 'models', MODELS, Global);
    }
  });

  it('rejects an unknown slot without storing anything', async () => {
    const saved = await vscode.commands.executeCommand<boolean>('switchboard.setApiKey', { slot: 'nonexistent', key: 'sk-whatever-1234567890' });
    assert.equal(saved, false);
  });

  it('clears the key again', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('switchboard.setApiKey', { slot: 'openai', key: CANARY_KEY }), true);
    assert.equal(status('openai'), 'stored');
    const cleared = await vscode.commands.executeCommand<boolean>('switchboard.clearApiKey', { slot: 'openai' });
    assert.equal(cleared, true);
    assert.equal(status('openai'), process.env.OPENAI_API_KEY ? 'env' : 'missing');
  });
});
