// Restricted Mode: the test command a task may run after Accept is a shell line from settings, so an
// untrusted folder never runs it, whatever consent was remembered.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { silentLogger } from '../../../src/core/log/logger';
import { TestCommandRunner } from '../../../src/vscode/tasks/testCommandRunner';

describe('Task changes: no test command in Restricted Mode (Preview lane)', () => {
  it('skips the command without asking, even with consent for it remembered', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    const marker = vscode.Uri.joinPath(folder, 'test-command-ran.txt');
    const command = `${JSON.stringify(process.execPath)} -e "require('fs').writeFileSync('test-command-ran.txt', 'x')"`;
    // Consent remembered for this very command.
    const state: vscode.Memento = { keys: () => [], get: <T>() => ({ always: command }) as T, update: () => Promise.resolve() };
    const runner = new TestCommandRunner({ state, log: silentLogger, ask: () => assert.fail('an untrusted workspace is never asked') });
    try {
      const outcome = await runner.runAfterAccept({ command });
      assert.equal(outcome.kind, 'skipped');
      assert.match(outcome.kind === 'skipped' ? outcome.reason : '', /not trusted/);
      await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(marker)), 'the command did not run');
    } finally {
      runner.dispose();
    }
  });
});
