import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { untrackedFileDiff } from '../../core/lmTools/untrackedDiff';

/** A diff larger than this is not read: the review sends at most MAX_REVIEW_INPUT_CHARS of it anyway. */
const MAX_DIFF_BYTES = 16 * 1024 * 1024;
/** Untracked files beyond these are named as left out, not read: a review sees a bounded diff anyway. */
const MAX_UNTRACKED_FILES = 200;
const MAX_UNTRACKED_FILE_BYTES = 1024 * 1024;

export interface PendingChanges {
  readonly folder: string;
  readonly diff: string;
  /** Untracked files shown as added (ignored files are never listed). */
  readonly untracked: number;
  /** Untracked files left out: over the count or size limit, or unreadable. */
  readonly untrackedLeftOut: readonly string[];
}

/**
 * The pending changes of the first workspace folder on disk as one unified diff: staged and
 * unstaged changes against HEAD (against the empty tree in a repository without commits), then
 * each untracked file that is not ignored, as added. Throws with git's own message when the folder
 * is not a git repository or git is missing.
 */
export async function pendingChanges(token: vscode.CancellationToken): Promise<PendingChanges> {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
  if (!folder) throw new Error('no workspace folder on disk is open');
  const hasHead = await git(folder, ['rev-parse', '--verify', '--quiet', 'HEAD'], token).then(
    () => true,
    () => false,
  );
  // 4b825dc…: git's empty tree, so a repository without commits diffs everything staged.
  const base = hasHead ? 'HEAD' : '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
  // The prefixes are spelled out: a person's diff.noprefix or diff.mnemonicPrefix would change the
  // headers the secret filter reads (withoutHiddenFiles).
  let diff = await git(folder, ['diff', '--no-color', '--no-ext-diff', '--src-prefix=a/', '--dst-prefix=b/', base], token);
  // Untracked and not ignored (.gitignore, .git/info/exclude, the global excludes), as git status lists them.
  const untracked = (await git(folder, ['ls-files', '--others', '--exclude-standard', '-z'], token)).split('\0').filter((p) => p !== '');
  const leftOut: string[] = untracked.slice(MAX_UNTRACKED_FILES);
  for (const file of untracked.slice(0, MAX_UNTRACKED_FILES)) {
    if (token.isCancellationRequested) throw new vscode.CancellationError();
    try {
      const bytes = await readFile(path.join(folder, file));
      if (bytes.length > MAX_UNTRACKED_FILE_BYTES) leftOut.push(file);
      else diff += untrackedFileDiff(file, bytes);
    } catch {
      leftOut.push(file);
    }
  }
  return { folder, diff, untracked: untracked.length - leftOut.length, untrackedLeftOut: leftOut };
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
