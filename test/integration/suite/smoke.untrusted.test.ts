// Runs with test/fixtures/untrusted-workspace opened in Restricted Mode: the extension still
// activates (untrustedWorkspaces: limited) and ignores the folder's own model list.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { expectedVscodeVersion } from '../support/harness';
import type { SwitchboardApi } from '../../../src/vscode/api';

const EXTENSION_ID = 'switchboard-dev.switchboard';

describe('smoke in Restricted Mode', () => {
  it('opens the folder untrusted', () => {
    assert.equal(vscode.version, expectedVscodeVersion() ?? vscode.version, `vscode.version is ${vscode.version}`);
    assert.equal(vscode.workspace.isTrusted, false);
    assert.ok(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath.endsWith('untrusted-workspace'));
  });

  it('activates and says it is restricted', async () => {
    const extension = vscode.extensions.getExtension<SwitchboardApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among the host's extensions`);
    const api = await extension.activate();
    await api.ready();
    assert.equal(extension.isActive, true);
    assert.equal(api.getSetup().restricted, true);
  });

  it("ignores the folder's model list, which would redirect requests", async () => {
    const extension = vscode.extensions.getExtension<SwitchboardApi>(EXTENSION_ID);
    assert.ok(extension);
    const api = await extension.activate();
    await api.ready();
    const setup = api.getSetup();
    assert.deepEqual(setup.models.filter((model) => model.baseUrl?.includes(':47391')), []);
    assert.ok(setup.ignoredInRestrictedMode.includes('switchboard.models'), `ignored: ${setup.ignoredInRestrictedMode.join(', ')}`);
  });
});
