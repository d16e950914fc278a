// Where the export save dialogs (metrics report, conversation) start in a window of two folders
// (test/fixtures/multiroot: `client`, then `server`): the folder of the file being edited, not
// always the first.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { saveFolder } from '../../../src/vscode/workspacePaths';
import { folderNamed } from '../support/folders';

describe('The save dialog of an export in a multi-root workspace', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("starts in the folder of the file being edited, and in the first folder when none is", async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(saveFolder()?.toString(), folderNamed('client').toString(), 'no editor: the first folder');
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folderNamed('server'), 'src', 'handler.ts'));
    assert.equal(saveFolder()?.toString(), folderNamed('server').toString(), "the second folder's file is being edited");
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folderNamed('client'), 'src', 'index.ts'));
    assert.equal(saveFolder()?.toString(), folderNamed('client').toString());
  });
});
