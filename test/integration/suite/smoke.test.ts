// The foundation holds inside a real extension host: the right VS Code, the extension loaded from
// this clone, activating, and every command its manifest contributes registered.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { atLeastMinimum, expectedVscodeVersion } from '../support/harness';

const EXTENSION_ID = 'switchboard-dev.switchboard';

interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

function contributedCommands(extension: vscode.Extension<unknown>): ContributedCommand[] {
  const manifest: unknown = extension.packageJSON;
  const commands = (manifest as { contributes?: { commands?: unknown } }).contributes?.commands;
  assert.ok(Array.isArray(commands), 'package.json contributes.commands should be an array');
  return commands as ContributedCommand[];
}

describe('smoke', () => {
  it('runs inside the VS Code version the harness started', () => {
    assert.equal(vscode.version, expectedVscodeVersion() ?? vscode.version, `vscode.version is ${vscode.version}`);
    const engine = String(vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.engines?.vscode);
    assert.ok(atLeastMinimum(vscode.version, engine), `vscode.version ${vscode.version} is older than engines.vscode ${engine}`);
  });

  it('finds the extension loaded from this clone', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among the host's extensions`);
    assert.equal(extension.packageJSON.name, 'switchboard');
    assert.equal(extension.packageJSON.publisher, 'switchboard-dev');
  });

  it('activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const wasActive = extension.isActive;
    const started = performance.now();
    await extension.activate();
    const info = globalThis.switchboardTestInfo;
    if (info && !wasActive) {
      info.activationMs = Math.round(performance.now() - started);
      info.hostUptimeAtActivatedMs = Math.round(process.uptime() * 1000);
    }
    assert.equal(extension.isActive, true);
  });

  it('registers every command its package.json contributes', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    const contributed = contributedCommands(extension).map((entry) => entry.command);
    assert.ok(contributed.length > 0, 'the manifest contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('lets the extension host serve and call HTTP on 127.0.0.1, as the provider suites do', async () => {
    const server = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ path: request.url }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/v1/models`);
      assert.deepEqual(await response.json(), { path: '/v1/models' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('contributes a title and the Switchboard category for each command', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    for (const entry of contributedCommands(extension)) {
      assert.ok(entry.title, `${entry.command} has no title`);
      // The palette shows "Switchboard: <title>", which is how people (and the e2e tier) find them.
      assert.equal(entry.category, 'Switchboard', `${entry.command} category`);
      assert.ok(entry.command.startsWith('switchboard.'), `${entry.command} is outside the switchboard. namespace`);
    }
  });
});
