import * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';
import { TaskChanges } from './changeSetPreview';
import { TestCommandRunner } from './testCommandRunner';

/*
 * Public surface:
 *   registerTaskChanges(context, log) → TaskChangesHandle & Disposable
 *
 * The preview, Accept/Reject and the test command after Accept, created once per activation. The host
 * lane hands `changes` and `tests` to the task controller and the chat card; the integration tests
 * reach the same objects through `switchboard.taskChanges.testHandle` (registered outside production).
 */

export interface TaskChangesHandle {
  readonly changes: TaskChanges;
  readonly tests: TestCommandRunner;
}

export function registerTaskChanges(context: vscode.ExtensionContext, log: Logger): TaskChangesHandle & vscode.Disposable {
  const changes = new TaskChanges({ log });
  const tests = new TestCommandRunner({ state: context.workspaceState, log });
  const hook =
    context.extensionMode !== vscode.ExtensionMode.Production
      ? vscode.commands.registerCommand('switchboard.taskChanges.testHandle', (): TaskChangesHandle => ({ changes, tests }))
      : undefined;
  return {
    changes,
    tests,
    dispose: () => {
      hook?.dispose();
      tests.dispose();
      changes.dispose();
    },
  };
}
