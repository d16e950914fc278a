// Issue 6 in the real host: the Models view and the status bar show what the metrics store holds,
// a model whose server keeps failing turns open and then recovers, and export writes what the store says.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually } from '../../support/eventually';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../support/fakeProviders';
import { findNode } from '../../support/overviewNodes';
import type { SwitchboardApi } from '../../../src/vscode/api';
import { resetSettings, switchboard, updateSetting } from '../support/switchboard';

const { Global } = vscode.ConfigurationTarget;

describe('Models view, status bar and metrics export', () => {
  let api: SwitchboardApi;
  let flaky: FakeOpenAIServer;
  let steady: FakeOpenAIServer;
  const ask = (capability: 'review' | 'understand') => api.complete(capability, { messages: [{ role: 'user', content: 'Look at this' }] });

  before(async () => {
    api = await switchboard();
    flaky = await startFakeOpenAI();
    steady = await startFakeOpenAI();
    await updateSetting(
      api,
      'models',
      [
        { id: 'flaky', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: flaky.baseURL, price: { input: 1, output: 2 } },
        { id: 'steady', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: steady.baseURL, price: { input: 3, output: 4 } },
      ],
      Global,
    );
    await updateSetting(api, 'tiers', { review: ['flaky', 'steady'], understand: ['steady'] }, Global);
    const routing = vscode.workspace.getConfiguration('switchboard.routing');
    await routing.update('circuit.consecutiveFailures', 2, Global);
    await routing.update('circuit.halfOpenAfterMs', 1000, Global);
  });

  after(async () => {
    const routing = vscode.workspace.getConfiguration('switchboard.routing');
    await routing.update('circuit.consecutiveFailures', undefined, Global);
    await routing.update('circuit.halfOpenAfterMs', undefined, Global);
    await resetSettings(api);
    await flaky?.close();
    await steady?.close();
  });

  it('shows the figures the store holds, and the status bar follows spend', async () => {
    // Today's figures are whatever the suites before this one spent: start from an empty store.
    await vscode.commands.executeCommand('switchboard.resetMetrics', { confirmed: true });
    await eventually(() => api.views().statusBar, (text) => /\$0\.00 · all models up/.test(text), 'the status bar to show no spend yet');
    steady.setDefault({ kind: 'text', chunks: ['fine'], usage: { input: 1000, output: 500 } });
    for (let i = 0; i < 3; i++) assert.equal((await ask('understand')).outcome, 'success');

    const startOfDay = new Date();
    startOfDay.setHours(0, 0, 0, 0);
    const [row] = api.metrics.query({ from: startOfDay.getTime(), groupBy: ['model'], filter: { modelId: 'steady' }, utcOffsetMinutes: -new Date().getTimezoneOffset() });
    assert.equal(row?.count, 3);
    const expectedCost = 3 * (1000 * 3 + 500 * 4) / 1e6; // $0.015
    assert.ok(Math.abs((row?.costKnownUsd ?? 0) - expectedCost) < 1e-9);

    const node = await eventually(() => findNode(api.views().models, 'models/steady'), (n) => /3 calls/.test(n?.description ?? ''), 'the Models view to count 3 calls');
    assert.match(node!.description!, /healthy · 3 calls · 100% · p50 .* · \$0\.015 today/);
    const requests = findNode(node!.children ?? [], 'models/steady/status/requests');
    assert.equal(requests?.description, '3 today · 3 this week · 3 in 30 days');
    await eventually(() => api.views().statusBar, (text) => text.includes('$0.015 · all models up'), 'the status bar to show the spend');
  });

  it('turns a failing model open, skips it, and closes it again once it recovers', async () => {
    flaky.enqueue({ kind: 'server-error', status: 503 }, { kind: 'server-error', status: 503 });
    assert.equal((await ask('review')).modelId, 'steady');
    assert.equal((await ask('review')).modelId, 'steady');
    assert.equal(api.health().find((h) => h.modelId === 'flaky')?.state, 'open');
    await eventually(() => findNode(api.views().models, 'models/flaky')?.description ?? '', (d) => d.startsWith('down (circuit open)'), 'the view to show flaky down');
    await eventually(() => api.views().statusBar, (text) => text.includes('1 model down'), 'the status bar to count a model down');
    const review = findNode(api.views().models, 'tiers/review');
    assert.match(review?.tooltip ?? '', /flaky skipped: circuit open/);

    const requestsWhileOpen = flaky.chatRequests.length;
    assert.equal((await ask('review')).modelId, 'steady');
    assert.equal(flaky.chatRequests.length, requestsWhileOpen, 'an open circuit receives no request');

    // The circuit lets one probe through once its cool-down (1 s here) has passed.
    await eventually(() => api.health().find((h) => h.modelId === 'flaky'), (h) => h?.probeDue === true, 'the probe to flaky to fall due', { ms: 10_000 });
    flaky.enqueue({ kind: 'text', chunks: ['back'] });
    assert.equal((await ask('review')).modelId, 'flaky', 'the probe after the cool-down goes to the recovered model');
    assert.equal(api.health().find((h) => h.modelId === 'flaky')?.state, 'closed');
    await eventually(() => findNode(api.views().models, 'models/flaky')?.description ?? '', (d) => d.startsWith('healthy'), 'the view to show flaky healthy again');
  });

  it('exports a report that parses back to the store’s figures', async () => {
    // A call of its own, so the report has figures to compare whichever tests ran before.
    steady.enqueue({ kind: 'text', chunks: ['fine'], usage: { input: 100, output: 50 } });
    assert.equal((await ask('understand')).outcome, 'success');
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const jsonUri = vscode.Uri.joinPath(folder, 'metrics-export.json');
    const csvUri = vscode.Uri.joinPath(folder, 'metrics-export.csv');
    try {
      await vscode.commands.executeCommand('switchboard.exportMetrics', { format: 'json', uri: jsonUri });
      await vscode.commands.executeCommand('switchboard.exportMetrics', { format: 'csv', uri: csvUri });
      const report = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(jsonUri))) as { rows: { modelId: string; count: number; costKnownUsd: number }[] };
      const offset = -new Date().getTimezoneOffset();
      const expected = api.metrics.query({ groupBy: ['day', 'model', 'capability', 'variant'], utcOffsetMinutes: offset });
      const sum = (rows: readonly { modelId?: string; count: number; costKnownUsd: number }[], id: string) =>
        rows.filter((r) => r.modelId === id).reduce((a, r) => ({ count: a.count + r.count, cost: a.cost + r.costKnownUsd }), { count: 0, cost: 0 });
      assert.ok(sum(expected, 'steady').count >= 1, 'the store holds this test’s call');
      for (const id of ['flaky', 'steady']) {
        const got = sum(report.rows, id);
        const want = sum(expected, id);
        assert.equal(got.count, want.count, id);
        assert.ok(Math.abs(got.cost - want.cost) < 1e-12, id);
      }
      const csv = new TextDecoder().decode(await vscode.workspace.fs.readFile(csvUri)).trim().split('\n');
      const header = csv[0]!.split(',');
      const countColumn = header.indexOf('count');
      const modelColumn = header.indexOf('modelId');
      const csvSteady = csv.slice(1).map((line) => line.split(',')).filter((cells) => cells[modelColumn] === 'steady').reduce((a, cells) => a + Number(cells[countColumn]), 0);
      assert.equal(csvSteady, sum(expected, 'steady').count);
    } finally {
      // The exports are this test's own: leave the workspace as the other suites expect it.
      for (const uri of [jsonUri, csvUri]) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    }
  });
});
