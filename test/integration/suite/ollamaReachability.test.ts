// A configured Ollama model whose server is not running is shown as such in the Models view before
// any call fails, and "Refresh Models" probes again once it runs.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closedPort } from '../../support/closedPort';
import { eventually } from '../../support/eventually';
import { type FakeOllamaServer, startFakeOllama } from '../../support/fakeProviders';
import { findNode } from '../../support/overviewNodes';
import { CHAT_PROTOCOL_VERSION, type HostToWebview } from '../../../src/protocol/chatProtocol';
import type { SwitchboardApi } from '../../../src/vscode/api';
import type { ChatTestHandle } from '../../../src/vscode/chat/registerChat';
import { resetSettings, switchboard, updateSetting } from '../support/switchboard';

const { Global } = vscode.ConfigurationTarget;

describe('Configured Ollama model reachability', () => {
  let api: SwitchboardApi;
  let server: FakeOllamaServer | undefined;
  let port = 0;
  let url = '';
  const row = () => findNode(api.views().models, 'models/local');

  before(async () => {
    api = await switchboard();
    port = await closedPort();
    url = `http://127.0.0.1:${port}`;
    await updateSetting(api, 'models', [{ id: 'local', provider: 'ollama', model: 'llama3.2', baseUrl: url }], Global);
    await updateSetting(api, 'tiers', { understand: ['local'] }, Global);
  });

  after(async () => {
    await resetSettings(api);
    await server?.close();
  });

  it('shows "not running" on the model row and in the chat for an Ollama model configured at a closed port, and clears it on Refresh Models once Ollama runs', async () => {
    const down = await eventually(row, (n) => (n?.description ?? '').includes('not running'), 'the Models view to say Ollama is not running', { ms: 30_000 });
    assert.equal(down?.description, `ollama · llama3.2 · Ollama is not running at ${url}`);
    assert.equal(api.health().find((h) => h.modelId === 'local')?.state ?? 'closed', 'closed', 'the probe does not open the circuit: routing is not blocked by it');
    // The status bar agrees with the view instead of saying "all models up".
    await eventually(() => api.views().statusBar, (text) => text.includes('1 model down'), 'the status bar to count the model down');

    // The chat's model list agrees, so the welcome does not claim a model can answer.
    const chat = await vscode.commands.executeCommand<ChatTestHandle>('switchboard.chat.testHandle');
    const rec = chat.record();
    try {
      await chat.receive({ type: 'ready', protocolVersion: CHAT_PROTOCOL_VERSION });
      const isState = (m: HostToWebview): m is Extract<HostToWebview, { type: 'state' }> => m.type === 'state';
      const state = await eventually(() => rec.messages.find(isState), (m) => m !== undefined, 'the chat to post its state');
      assert.equal(state?.state.usable, false);
      assert.equal(state?.state.models.all.find((m) => m.id === 'local')?.unavailableReason, `Ollama is not running at ${url}`);
    } finally {
      rec.dispose();
      // The view said it was ready only to get the state: the suites after this one see none showing.
      chat.controller.setViewReady(false);
    }

    server = await startFakeOllama({ port, models: [{ name: 'llama3.2:latest' }] });
    await vscode.commands.executeCommand('switchboard.refreshModels');
    const up = await eventually(row, (n) => !(n?.description ?? '').includes('not running'), 'the Models view to drop "not running" after Refresh Models', { ms: 30_000 });
    assert.ok(!(up?.description ?? '').includes('not pulled'), `row: ${up?.description}`);
    assert.ok(server.requests.some((r) => r.path === '/api/tags'), 'Refresh Models probed /api/tags');
    await eventually(() => api.views().statusBar, (text) => text.includes('all models up'), 'the status bar to count it up again');
  });
});
