import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { untrackedFileDiff } from '../../core/lmTools/untrackedDiff';
import { fileFolders } from '../workspacePaths';

/** A diff larger than this is not read: the review sends at most MAX_REVIEW_INPUT_CHARS of it anyway. */
const MAX_DIFF_BYTES = 16 * 1024 * 1024;
/** Untracked files beyond these are named as left out, not read: a review sees a bounded diff anyway. */
const MAX_UNTRACKED_FILES = 200;
const MAX_UNTRACKED_FILE_BYTES = 1024 * 1024;

export interface PendingChanges {
  readonly diff: string;
  /** Untracked files shown as added (ignored files are never listed). */
  readonly untracked: number;
  /** Untracked files left out: over the count or size limit, or unreadable. */
  readonly untrackedLeftOut: readonly string[];
  /** Folders left out, with git's reason (not a repository), when another folder had changes to show. */
  readonly foldersLeftOut: readonly { readonly name: string; readonly reason: string }[];
}

/**
 * The pending changes of the workspace's folders on disk as one unified diff: each folder's staged
 * and unstaged changes against HEAD (against the empty tree in a repository without commits), then
 * each untracked file that is not ignored, as added. Paths are named as the workspace names them:
 * relative to the folder, with its name first when several folders are open (`server/src/a.ts`);
 * a folder inside a larger repository shows its own changes only. A folder that is not a git
 * repository is left out and named; throws with git's own message when no folder is one, or git is missing.
 */
export async function pendingChanges(token: vscode.CancellationToken): Promise<PendingChanges> {
  const folders = fileFolders();
  if (folders.length === 0) throw new Error('no workspace folder on disk is open');
  const several = folders.length > 1;
  let diff = '';
  let untracked = 0;
  const leftOut: string[] = [];
  let read = 0;
  const foldersLeftOut: { name: string; reason: string }[] = [];
  for (const folder of folders) {
    const prefix = several ? `${folder.name}/` : '';
    try {
      const changes = await folderChanges(folder.uri.fsPath, prefix, token);
      diff += changes.diff;
      untracked += changes.untracked;
      leftOut.push(...changes.leftOut);
      read++;
    } catch (error) {
      if (token.isCancellationRequested) throw new vscode.CancellationError();
      foldersLeftOut.push({ name: folder.name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  if (read === 0) throw new Error(foldersLeftOut.map((f) => (several ? `${f.name}: ${f.reason}` : f.reason)).join('; '));
  return { diff, untracked, untrackedLeftOut: leftOut, foldersLeftOut };
}

async function folderChanges(folder: string, prefix: string, token: vscode.CancellationToken): Promise<{ diff: string; untracked: number; leftOut: string[] }> {
  const hasHead = await git(folder, ['rev-parse', '--verify', '--quiet', 'HEAD'], token).then(
    () => true,
    () => false,
  );
  // 4b825dc…: git's empty tree, so a repository without commits diffs everything staged.
  const base = hasHead ? 'HEAD' : '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
  // The prefixes are spelled out: a person's diff.noprefix or diff.mnemonicPrefix would change the
  // headers the secret filter reads (withoutHiddenFiles). --relative: a folder inside a larger
  // repository shows its own changes, named from the folder, as untracked files are.
  let diff = await git(folder, ['diff', '--no-color', '--no-ext-diff', '--relative', `--src-prefix=a/${prefix}`, `--dst-prefix=b/${prefix}`, base], token);
  // Untracked and not ignored (.gitignore, .git/info/exclude, the global excludes), as git status lists them.
  const untracked = (await git(folder, ['ls-files', '--others', '--exclude-standard', '-z'], token)).split('\0').filter((p) => p !== '');
  const leftOut: string[] = untracked.slice(MAX_UNTRACKED_FILES).map((file) => prefix + file);
  let shown = 0;
  for (const file of untracked.slice(0, MAX_UNTRACKED_FILES)) {
    if (token.isCancellationRequested) throw new vscode.CancellationError();
    try {
      const bytes = await readFile(path.join(folder, file));
      if (bytes.length > MAX_UNTRACKED_FILE_BYTES) leftOut.push(prefix + file);
      else {
        diff += untrackedFileDiff(prefix + file, bytes);
        shown++;
      }
    } catch {
      leftOut.push(prefix + file);
    }
  }
  return { diff, untracked: shown, leftOut };
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
