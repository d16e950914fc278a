import { execFile } from 'node:child_process';
import * as vscode from 'vscode';

/** A diff larger than this is not read: the review sends at most MAX_REVIEW_INPUT_CHARS of it anyway. */
const MAX_DIFF_BYTES = 16 * 1024 * 1024;

/**
 * The pending changes of the first workspace folder on disk, staged and unstaged, as one unified
 * diff against HEAD (against the empty tree in a repository without commits). Throws with git's own
 * message when the folder is not a git repository or git is missing.
 */
export async function pendingChanges(token: vscode.CancellationToken): Promise<{ folder: string; diff: string }> {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
  if (!folder) throw new Error('no workspace folder on disk is open');
  const hasHead = await git(folder, ['rev-parse', '--verify', '--quiet', 'HEAD'], token).then(
    () => true,
    () => false,
  );
  // 4b825dc…: git's empty tree, so a repository without commits diffs everything staged.
  const base = hasHead ? 'HEAD' : '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
  const diff = await git(folder, ['diff', '--no-color', '--no-ext-diff', base], token);
  return { folder, diff };
}

function git(cwd: string, args: readonly string[], token: vscode.CancellationToken): Promise<string> {
  return new Promise((resolve, reject) => {
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    execFile('git', [...args], { cwd, maxBuffer: MAX_DIFF_BYTES, signal: controller.signal, windowsHide: true }, (error, stdout, stderr) => {
      cancel.dispose();
      if (error) reject(new Error(stderr.trim() || error.message));
      else resolve(stdout);
    });
  });
}
