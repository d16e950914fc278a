import * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';
import type { FileChange } from '../../core/tasks/taskTypes';
import { namedLocation } from '../workspacePaths';

/*
 * Public surface:
 *   readCurrentTexts(changes, resolve) → CurrentTexts        each touched file's text now (unsaved edits included)
 *   buildWorkspaceEdit(changes, resolve, current, metadata?) → WorkspaceEdit
 *   applyChangeSet(changes, { resolve, log, current? }) → ApplyReport
 *
 * A task's change set is written as ONE WorkspaceEdit applied once, so VS Code records it as one
 * undo-redo group: one Undo restores every file (see test/integration/suite/taskPreview.test.ts for
 * what exactly it restores in VS Code 1.100). Edited files have their whole text replaced, created
 * files are created with their contents, deleted files deleted, renamed files renamed then replaced.
 * File operations come first and text edits last: VS Code undoes a group newest-first, so an Undo in
 * any edited file's editor starts with the text edits and continues through the file operations
 * without asking "undo across all files?" (it asks that only of a group with a single element).
 */

/** Workspace-relative path (`/`-separated) → the file's URI. */
export type ResolvePath = (path: string) => vscode.Uri;

/** The text of each path a change set touches as it is now; undefined when the file does not exist. */
export type CurrentTexts = ReadonlyMap<string, string | undefined>;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** The open document's text when there is one (unsaved edits included), else the disk's. */
async function readNow(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open && !open.isClosed) return open.getText();
  try {
    return decoder.decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/**
 * Where a change writes. A rename's new path is in the folder it names (`server/src/b.ts`), else
 * beside the file it renames, in that file's folder: resolved on its own it would go to the first
 * folder of a multi-root workspace (it exists nowhere yet) while the file it renames may be in another.
 */
export function targetOf(change: FileChange, resolve: ResolvePath): vscode.Uri {
  if (change.kind !== 'rename') return resolve(change.path);
  const named = namedLocation(change.newPath);
  if (named) return vscode.Uri.file(named.absolute);
  const folder = vscode.workspace.getWorkspaceFolder(resolve(change.path));
  return folder ? vscode.Uri.joinPath(folder.uri, ...change.newPath.split('/')) : resolve(change.newPath);
}

export async function readCurrentTexts(changes: readonly FileChange[], resolve: ResolvePath): Promise<CurrentTexts> {
  const uris = new Map<string, vscode.Uri>();
  for (const c of changes) {
    if (!uris.has(c.path)) uris.set(c.path, resolve(c.path));
    if (c.kind === 'rename' && !uris.has(c.newPath)) uris.set(c.newPath, targetOf(c, resolve));
  }
  const paths = [...uris.keys()];
  const texts = await Promise.all(paths.map((p) => readNow(uris.get(p) as vscode.Uri)));
  return new Map(paths.map((p, i) => [p, texts[i]]));
}

/** Replaces the whole of an existing file's text; the range comes from the document as it is now. */
async function replaceWhole(edit: vscode.WorkspaceEdit, source: vscode.Uri, target: vscode.Uri, text: string, metadata?: vscode.WorkspaceEditEntryMetadata): Promise<void> {
  const document = await vscode.workspace.openTextDocument(source);
  const whole = document.validateRange(new vscode.Range(0, 0, document.lineCount, 0));
  if (metadata) edit.replace(target, whole, text, metadata);
  else edit.replace(target, whole, text);
}

/**
 * One WorkspaceEdit for `changes`, adapted to the files as they are (`current`): an edit of a file
 * that is gone creates it, a delete of a file that is gone is dropped, a create over an existing file
 * overwrites it. The caller decides beforehand which conflicting changes to keep (changeConflicts.ts).
 */
export async function buildWorkspaceEdit(
  changes: readonly FileChange[],
  resolve: ResolvePath,
  current: CurrentTexts,
  metadata?: (change: FileChange) => vscode.WorkspaceEditEntryMetadata,
): Promise<vscode.WorkspaceEdit> {
  const edit = new vscode.WorkspaceEdit();
  const texts: (() => Promise<void>)[] = [];
  const create = (uri: vscode.Uri, text: string, m: vscode.WorkspaceEditEntryMetadata | undefined) =>
    edit.createFile(uri, { overwrite: true, contents: encoder.encode(text) }, m);
  for (const change of changes) {
    const uri = resolve(change.path);
    const now = current.get(change.path);
    const m = metadata?.(change);
    switch (change.kind) {
      case 'edit':
        if (now === undefined) create(uri, change.after, m);
        else if (now !== change.after) texts.push(() => replaceWhole(edit, uri, uri, change.after, m));
        break;
      case 'create':
        if (now !== change.after) create(uri, change.after, m);
        break;
      case 'delete':
        if (now !== undefined) edit.deleteFile(uri, { ignoreIfNotExists: true }, m);
        break;
      case 'rename': {
        const target = targetOf(change, resolve);
        if (now === undefined) {
          create(target, change.after, m);
          break;
        }
        edit.renameFile(uri, target, { overwrite: current.get(change.newPath) !== undefined }, m);
        if (now !== change.after) texts.push(() => replaceWhole(edit, uri, target, change.after, m));
        break;
      }
    }
  }
  // After every file operation: see the comment at the top.
  for (const add of texts) await add();
  return edit;
}

export interface ApplyReport {
  /** False when VS Code refused the edit (nothing or, with file operations, not everything was written). */
  readonly applied: boolean;
  /** The paths written (a rename's new path). */
  readonly files: readonly string[];
  /** Where each of `files` was written, in the same order. */
  readonly written: readonly vscode.Uri[];
  /** Documents changed in memory that could not be saved afterwards. */
  readonly saveFailures: readonly { readonly path: string; readonly error: string }[];
  readonly error?: string;
}

function targetPath(change: FileChange): string {
  return change.kind === 'rename' ? change.newPath : change.path;
}

/** Applies `changes` as one WorkspaceEdit, then saves the documents it changed. */
export async function applyChangeSet(
  changes: readonly FileChange[],
  deps: { readonly resolve: ResolvePath; readonly log: Logger; readonly current?: CurrentTexts },
): Promise<ApplyReport> {
  const files = changes.map(targetPath);
  const written = changes.map((c) => targetOf(c, deps.resolve));
  if (changes.length === 0) return { applied: true, files, written, saveFailures: [] };
  let applied: boolean;
  try {
    const current = deps.current ?? (await readCurrentTexts(changes, deps.resolve));
    applied = await vscode.workspace.applyEdit(await buildWorkspaceEdit(changes, deps.resolve, current));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.log.error(`Task changes: building or applying the edit failed: ${message}`);
    return { applied: false, files: [], written: [], saveFailures: [], error: message };
  }
  if (!applied) {
    // VS Code refuses a text edit whose document changed in between (the edit carries its version).
    deps.log.warn(`Task changes: VS Code refused the edit of ${files.join(', ')}.`);
    return { applied: false, files: [], written: [], saveFailures: [], error: 'VS Code refused the edit (a file may have changed meanwhile)' };
  }
  const saveFailures: { path: string; error: string }[] = [];
  for (const [i, change] of changes.entries()) {
    if (change.kind === 'delete' || change.kind === 'create') continue; // written to disk by the file operation
    const path = targetPath(change);
    // Where it was written (a rename's new path beside the file it renames, not where the path alone would resolve).
    const target = written[i]?.toString();
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target);
    if (!document?.isDirty) continue;
    try {
      if (!(await document.save())) saveFailures.push({ path, error: 'VS Code did not save it' });
    } catch (error) {
      saveFailures.push({ path, error: error instanceof Error ? error.message : String(error) });
    }
  }
  for (const failure of saveFailures) deps.log.warn(`Task changes: ${failure.path} was changed but not saved: ${failure.error}`);
  deps.log.info(`Task changes: applied ${files.length} file${files.length === 1 ? '' : 's'} as one undoable edit (${files.join(', ')}).`);
  return { applied: true, files, written, saveFailures };
}
