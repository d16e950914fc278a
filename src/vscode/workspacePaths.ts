import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { candidatesFor } from '../core/analysis/workspaceRoots';

/*
 * Workspace paths as Switchboard writes and reads them, on VS Code's side (the rules are core's:
 * src/core/analysis/workspaceRoots.ts). A file is named relative to its folder, with the folder's
 * name first in a workspace of several folders, as VS Code's own `asRelativePath` writes it; a path
 * read back (from a person, a model or a stored card) is found with `locate`.
 */

/** How a file is named to a person and to a model: `src/a.ts`, or `server/src/a.ts` with several folders. */
export function relativePath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri);
}

/** Where `locate` found a workspace path. */
export interface Located {
  /** The folder's path on disk (its `fsPath`). */
  readonly folder: string;
  /** The folder's name in the workspace. */
  readonly name: string;
  readonly absolute: string;
  /** The path inside that folder, `/`-separated. */
  readonly normalized: string;
  /** The path started with this folder's name (several folders being open). */
  readonly named: boolean;
}

/**
 * The folder and absolute path of a workspace path (`src/a.ts`, or `server/src/a.ts` in a workspace
 * of several folders: see workspaceRoots.ts); undefined when it is absolute or climbs out. The first
 * candidate, in order, that is open in an editor or is on disk wins, else the first (a new file: the folder it names, or
 * the first folder).
 */
export function locate(relative: string): Located | undefined {
  const all = locateAll(relative);
  if (!all) return undefined;
  return all.find((c) => vscode.workspace.textDocuments.some((d) => d.uri.fsPath === c.absolute) || existsSync(c.absolute)) ?? all[0];
}

/** Every place a workspace path may be, most likely first (candidatesFor); undefined when it may be nowhere inside. */
export function locateAll(relative: string): Located[] | undefined {
  const found = candidatesFor(fileFolders(), relative);
  if (!found.ok) return undefined;
  return found.candidates.map((c) => ({ folder: c.root.uri.fsPath, name: c.root.name, absolute: path.join(c.root.uri.fsPath, c.relative), normalized: c.relative, named: c.named }));
}

/** Where a path puts a file when it starts with a folder's name (`server/src/a.ts`, several folders open); undefined when it names no folder. */
export function namedLocation(relative: string): Located | undefined {
  const first = locateAll(relative)?.[0];
  return first?.named ? first : undefined;
}

/** The workspace's folders on disk. */
export function fileFolders(): vscode.WorkspaceFolder[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
}

/**
 * Where a save dialog starts: the folder of the file being edited (or, with a webview focused, of
 * the first editor in view), else the first folder; undefined with no folder open. In a window of
 * several folders the first is not always the one the person works in.
 */
export function saveFolder(): vscode.Uri | undefined {
  const editing = (vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0])?.document.uri;
  const folder = editing ? vscode.workspace.getWorkspaceFolder(editing) : undefined;
  return (folder ?? vscode.workspace.workspaceFolders?.[0])?.uri;
}
