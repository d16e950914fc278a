// "Test Model" in the real host: the call reaches the model's server, and what it cost is counted in
// spend (metrics, the status bar, the Models view) under its own capability, `test`.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually } from '../../support/eventually';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../support/fakeProviders';
import { findNode } from '../../support/overviewNodes';
import type { SwitchboardApi } from '../../../src/vscode/api';
import { resetSettings, switchboard, updateSetting } from '../support/switchboard';

const { Global } = vscode.ConfigurationTarget;

describe('Test Model counts in spend', () => {
  let api: SwitchboardApi;
  let server: FakeOpenAIServer;

  before(async () => {
    api = await switchboard();
    await vscode.commands.executeCommand('switchboard.resetMetrics', { confirmed: true });
    server = await startFakeOpenAI();
    // 1000 USD per million tokens each way: the test call's 10 + 1 tokens cost $0.011.
    await updateSetting(api, 'models', [{ id: 'tested', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: server.baseURL, price: { input: 1000, output: 1000 } }], Global);
    await updateSetting(api, 'tiers', { review: ['tested'] }, Global);
  });

  after(async () => {
    await resetSettings(api);
    await server?.close();
  });

  it('records a Test Model call under capability test, and spend, the status bar and the Models view include its cost', async () => {
    server.setDefault({ kind: 'text', chunks: ['OK'], usage: { input: 10, output: 1 } });
    const result = (await vscode.commands.executeCommand('switchboard.testModel', 'tested')) as { ok: boolean; text?: string };
    assert.equal(result.ok, true);
    assert.equal(result.text, 'OK');
    assert.equal(server.chatRequests.length, 1, 'the test request reached the model');

    const startOfDay = new Date();
    startOfDay.setHours(0, 0, 0, 0);
    const spend = api.metrics.spendSince(startOfDay.getTime());
    assert.equal(spend.count, 1);
    assert.ok(Math.abs(spend.knownUsd - 0.011) < 1e-9, `spend ${spend.knownUsd}`);
    const rows = api.metrics.query({ from: startOfDay.getTime(), groupBy: ['capability'], utcOffsetMinutes: -new Date().getTimezoneOffset() });
    assert.deepEqual(rows.map((r) => [r.capability, r.count]), [['test', 1]], 'its own capability, in no routed one');

    await eventually(() => api.views().statusBar, (text) => text.includes('$0.011'), 'the status bar to show the test call’s cost');
    const node = await eventually(() => findNode(api.views().models, 'models/tested'), (n) => /\$0\.011 today/.test(n?.description ?? ''), 'the Models view to show the cost');
    assert.match(node!.description!, /1 call/);
  });
});
