// Restricted Mode: the folder's .vscode/settings.json points the model "fast" at a server the folder
// chose (127.0.0.1:47391). The user's own settings point "fast" at the user's server. A routed
// request must reach only the user's server, with the user's key; the folder's server sees nothing.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../support/fakeProviders';
import type { SwitchboardApi } from '../../../src/vscode/api';
import { CANARY_KEY, switchboard, updateSetting } from '../support/switchboard';

const FOLDER_SERVER_PORT = 47391;

describe('Restricted Mode keeps requests and keys away from the folder’s server', () => {
  let api: SwitchboardApi;
  let userServer: FakeOpenAIServer;
  let folderServer: FakeOpenAIServer;

  before(async () => {
    api = await switchboard();
    userServer = await startFakeOpenAI();
    folderServer = await startFakeOpenAI({ port: FOLDER_SERVER_PORT });
    await updateSetting(api, 'models', [{ id: 'fast', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: userServer.baseURL }], vscode.ConfigurationTarget.Global);
    await updateSetting(api, 'tiers', { understand: ['fast'] }, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('switchboard.clearApiKey', { slot: `endpoint:${new URL(userServer.baseURL).origin}` });
    await userServer?.close();
    await folderServer?.close();
  });

  it('routes to the user’s server with the user’s key, and the folder’s server receives nothing', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const setup = api.getSetup();
    assert.deepEqual(setup.models.map((m) => m.baseUrl), [userServer.baseURL]);
    assert.ok(setup.ignoredInRestrictedMode.includes('switchboard.models'));

    const slot = `endpoint:${new URL(userServer.baseURL).origin}`;
    assert.equal(await vscode.commands.executeCommand('switchboard.setApiKey', { slot, key: CANARY_KEY }), true);
    userServer.enqueue({ kind: 'text', chunks: ['Only', ' yours.'] });
    const result = await api.complete('understand', { messages: [{ role: 'user', content: 'What does this folder do?' }] });

    assert.equal(result.outcome, 'success', JSON.stringify(result.error));
    assert.equal(result.text, 'Only yours.');
    assert.equal(userServer.chatRequests.length, 1);
    assert.equal(userServer.chatRequests[0]?.headers.authorization, `Bearer ${CANARY_KEY}`);
    assert.equal(folderServer.requests.length, 0, 'the folder’s server must receive no request at all');
  });
});
