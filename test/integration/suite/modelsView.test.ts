// Issue 4 in the real host: a person with no model configured (and none discovered) still sees the
// workspace index in the Models view, can build it and reach its actions from there, and is shown
// how to add a model.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closedPort } from '../../support/closedPort';
import { startFakeOllama } from '../../support/fakeProviders';
import { eventually } from '../../support/eventually';
import type { OverviewNode, SwitchboardApi } from '../../../src/vscode/api';
import { indexNode } from '../support/analysis';
import { resetSettings, switchboard } from '../support/switchboard';

const { Global } = vscode.ConfigurationTarget;

/**
 * Lists or withdraws the loop-wrapper test vendor's model (loaded on 1.139 only). Until Switchboard
 * first calls it and leaves it out (modelPicker.test.ts), discovery finds it like any VS Code model.
 */
async function listLoopWrapper(listed: boolean): Promise<void> {
  const wrapper = vscode.extensions.getExtension('switchboard-tests.loop-wrapper');
  if (!wrapper) return;
  await wrapper.activate();
  await vscode.commands.executeCommand('switchboardTests.loopWrapper.setListed', listed);
  await eventually(
    async () => (await vscode.lm.selectChatModels({ vendor: 'switchboard-tests-wrapper' })).length,
    (count) => count === (listed ? 1 : 0),
    `VS Code to ${listed ? 'list' : 'withdraw'} the loop wrapper's model`,
  );
}

describe('Models view without models', () => {
  let api: SwitchboardApi;
  let ollamaUrl = '';
  const discovery = () => vscode.workspace.getConfiguration('switchboard.discovery');

  before(async () => {
    api = await switchboard();
    await resetSettings(api);
    // Nothing to discover, whichever suites ran before: no VS Code language model and no Ollama.
    await listLoopWrapper(false);
    ollamaUrl = `http://127.0.0.1:${await closedPort()}`;
    await discovery().update('ollamaBaseUrl', ollamaUrl, Global);
    await vscode.commands.executeCommand('switchboard.refreshModels');
  });

  after(async () => {
    await discovery().update('ollamaBaseUrl', undefined, Global);
    await listLoopWrapper(true);
    await vscode.commands.executeCommand('switchboard.refreshModels');
  });

  it('shows the index beside the steps to add a model, and nothing was discovered', async () => {
    assert.deepEqual(api.getSetup().models, [], 'this test needs no models configured or discovered');
    // The view refreshes a moment after discovery answers: wait for the answer about this URL.
    const host = new URL(ollamaUrl).host;
    const mentionsHost = (nodes: readonly OverviewNode[]) => (nodes.find((n) => n.id === 'setup')?.children ?? []).some((r) => r.label.includes(host));
    const roots = await eventually(() => api.views().models, (nodes) => mentionsHost(nodes) && nodes.some((n) => n.id === 'index'), 'the Models view to show the setup steps with the discovery result, and the index', { ms: 30_000 });
    assert.ok(!roots.some((n) => n.id === 'tiers' || n.id === 'models'), `no tiers or models without models: ${roots.map((n) => n.id).join(', ')}`);
    const setup = roots.find((n) => n.id === 'setup')!;
    const rows = setup.children ?? [];
    assert.ok(rows.some((r) => r.label === 'No Ollama or VS Code language models were found.'), `setup rows: ${rows.map((r) => r.label).join(' | ')}`);
    assert.match(rows.find((r) => r.label.includes(host))?.label ?? '', /^Ollama is not running at /);
    assert.deepEqual(
      rows.filter((r) => r.command).map((r) => r.command!.id).filter((id) => id === 'switchboard.addModel' || id === 'switchboard.setApiKey'),
      ['switchboard.addModel', 'switchboard.setApiKey'],
    );
  });

  it('builds the index from its own row and then shows files, symbols and skipped, with Show Complexity Hotspots', async () => {
    const before = indexNode(api);
    assert.ok(before, 'no index node');
    const analyze = before.command?.id === 'switchboard.analyzeWorkspace' ? before.command : before.children?.find((c) => c.command?.id === 'switchboard.analyzeWorkspace')?.command;
    assert.ok(analyze, `no Analyze Workspace on the index row: ${JSON.stringify(before)}`);
    await vscode.commands.executeCommand(analyze.id, ...(analyze.args ?? []));
    const ready = await eventually(() => indexNode(api), (n) => /^\d[\d,]* files? · [\d,]+ symbols? · [\d,]+ skipped$/.test(n?.description ?? ''), 'the index to be ready in the Models view', { ms: 60_000 });
    assert.ok(api.getSetup().models.length === 0, 'still no models');
    const commands = (ready?.children ?? []).map((c: OverviewNode) => c.command?.id);
    assert.ok(commands.includes('switchboard.showComplexityHotspots'), `index actions: ${commands.join(', ')}`);
    assert.ok(commands.includes('switchboard.analyzeWorkspace'), `index actions: ${commands.join(', ')}`);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of commands) assert.ok(id && registered.has(id), `${id} is not registered`);
  });
});

describe('Model discovery follows its settings', () => {
  it('looks again when switchboard.discovery.ollamaBaseUrl changes, without Look Again (issue 14 item 14)', async () => {
    const api = await switchboard();
    await resetSettings(api);
    const discovery = vscode.workspace.getConfiguration('switchboard.discovery');
    const server = await startFakeOllama({ models: [{ name: 'qwen2.5-coder:7b' }] });
    try {
      await discovery.update('ollamaBaseUrl', server.baseURL, Global);
      // No refreshModels here: the settings change alone must find the server's model.
      const models = await eventually(() => api.getSetup().models, (m) => m.some((x) => x.model === 'qwen2.5-coder:7b'), 'discovery to find the model at the new URL', { ms: 30_000 });
      assert.equal(api.getSetup().source, 'discovery');
      assert.ok(models.every((m) => m.provider !== 'ollama' || m.baseUrl === undefined || m.baseUrl.startsWith(server.baseURL.replace(/\/$/, ''))), `found at the new URL: ${JSON.stringify(models)}`);
      assert.ok(server.requests.some((r) => r.path === '/api/tags'), 'the new URL was asked for its models');
    } finally {
      await discovery.update('ollamaBaseUrl', undefined, Global);
      await server.close();
    }
  });
});
