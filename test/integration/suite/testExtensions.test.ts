// The harness loads the test-only extensions under test/integration/extensions/ beside Switchboard,
// each only on the VS Code versions its own engines.vscode admits (scripts/testExtensions.mjs).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testExtensions } from '../support/harness';

const PROBE_ID = 'switchboard-tests.harness-probe';

describe('test-only extensions beside Switchboard', () => {
  it('loads the harness probe as a development extension and activates it', async () => {
    const probe = vscode.extensions.getExtension<{ loadedFrom: string; vscodeVersion: string }>(PROBE_ID);
    assert.ok(probe, `${PROBE_ID} is not among the host's extensions`);
    const api = await probe.activate();
    assert.ok(api.loadedFrom.endsWith('harness-probe'), `loaded from ${api.loadedFrom}`);
    assert.equal(api.vscodeVersion, vscode.version);
    assert.equal(await vscode.commands.executeCommand('switchboardTests.harnessProbe.ping'), 'pong');
  });

  it('has exactly the test extensions the harness says it loaded for this version, and none it left out', () => {
    const declared = testExtensions();
    assert.ok(declared, 'the harness did not say which test extensions it loaded (SWITCHBOARD_TEST_EXTENSIONS)');
    assert.ok(declared.loaded.includes(PROBE_ID), `the harness did not load ${PROBE_ID}: ${JSON.stringify(declared)}`);
    const present = (id: string) => vscode.extensions.getExtension(id) !== undefined;
    assert.deepEqual(declared.loaded.filter((id) => !present(id)), [], 'loaded by the harness but missing in the host');
    assert.deepEqual(declared.leftOut.filter(present), [], 'left out for this VS Code version but present in the host');
  });
});
