import * as vscode from 'vscode';
import { prepareByFolder, validateByFolder, type FolderPlace } from '../../core/tasks/folderValidation';
import type { ChangeValidator } from '../../core/tasks/taskPorts';
import { fileFolders, locate } from '../workspacePaths';

/** A validator that holds a warm language service: told of disk changes, and let go of. */
export interface WarmValidator extends ChangeValidator {
  /** Loads what checking these folder-relative paths needs (the compiler, the project, the files) before a change set arrives; stopped with `signal`. */
  prepare(paths: readonly string[], signal?: AbortSignal): void;
  /** Files changed on disk (absolute paths): what it read of them, and its cached results, are dropped. */
  invalidate(paths: readonly string[]): void;
  dispose(): void;
}

export type ValidatorFactory = (options: { readonly root: string }) => WarmValidator;

/**
 * One warm validator per workspace folder, made on first use and kept between tasks (building a
 * TypeScript program is the slow part; checking a change set against a warm one is not). A change to
 * a source file or a tsconfig on disk is reported to that folder's validator, which forgets what it
 * read of it (and reloads the project for a tsconfig); every validator goes with the extension.
 */
export class TaskValidators implements vscode.Disposable {
  private readonly byRoot = new Map<string, WarmValidator>();
  private readonly watchers: vscode.Disposable[] = [];

  constructor(private readonly create: ValidatorFactory) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/{*.ts,*.tsx,*.js,tsconfig.json}');
    const drop = (uri: vscode.Uri) => this.invalidate(uri);
    this.watchers.push(watcher, watcher.onDidChange(drop), watcher.onDidCreate(drop), watcher.onDidDelete(drop));
  }

  /** The warm validator of `root` (the first folder on disk when not given); undefined without one. */
  forFolder(root: string | undefined): WarmValidator | undefined {
    const folder = root ?? firstFolder();
    if (!folder) return undefined;
    let validator = this.byRoot.get(folder);
    if (!validator) {
      validator = this.create({ root: folder });
      this.byRoot.set(folder, validator);
    }
    return validator;
  }

  /**
   * The validator of the whole workspace: with one folder, that folder's; with several, each change
   * is checked by the validator of the folder that holds it (validateByFolder); none without a folder.
   */
  forWorkspace(): ChangeValidator | undefined {
    const folders = fileFolders();
    if (folders.length <= 1) return this.forFolder(folders[0]?.uri.fsPath);
    const placeOf = (path: string): FolderPlace | undefined => {
      const at = locate(path);
      return at && { folder: at.folder, name: at.name, relative: at.normalized, named: at.named };
    };
    return {
      validate: (changes, signal) => validateByFolder(changes, placeOf, (folder) => this.forFolder(folder), signal),
      prepare: (paths, signal) => prepareByFolder(paths, placeOf, (folder) => this.forFolder(folder), signal),
    };
  }

  /** How many folders hold a warm validator now (for tests and the log). */
  get warmCount(): number {
    return this.byRoot.size;
  }

  private invalidate(uri: vscode.Uri): void {
    if (uri.scheme !== 'file' || /[\\/]node_modules[\\/]/.test(uri.fsPath)) return;
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
    if (folder) this.byRoot.get(folder)?.invalidate([uri.fsPath]);
  }

  dispose(): void {
    for (const w of this.watchers) w.dispose();
    for (const v of this.byRoot.values()) v.dispose();
    this.byRoot.clear();
  }
}

function firstFolder(): string | undefined {
  return fileFolders()[0]?.uri.fsPath;
}
