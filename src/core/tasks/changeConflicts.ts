import type { FileChange } from './taskTypes';

/*
 * Public surface:
 *   findConflicts(changes, current) → ChangeConflict[]   files the person changed since the task read them
 *   sameText(a, b)                                        equal but for line endings
 *
 * A task reads files, thinks for a while, then proposes changes computed against what it read (each
 * change's `before`). If the person edited one of those files meanwhile (saved or not), writing the
 * task's `after` would silently throw their edit away: these files are listed, and the preview and
 * Accept treat them apart. `current` is the file's text now (the open document's text, unsaved edits
 * included, else the disk's), undefined when it does not exist.
 */

export type ConflictReason =
  /** The file's text is no longer the text the task read. */
  | 'modified'
  /** The file the task read (to edit, delete or rename) is gone. */
  | 'missing'
  /** The file the task creates, or renames to, exists now. */
  | 'exists';

export interface ChangeConflict {
  /** The path the conflict is about (for a rename onto an existing file, the new path). */
  readonly path: string;
  readonly reason: ConflictReason;
  /** For the person: what happened to the file, without the verb of the change. */
  readonly message: string;
}

/** Equal texts, counting `\r\n` and `\n` as the same: an editor's line-ending setting is not an edit. */
export function sameText(a: string, b: string): boolean {
  return a === b || a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n');
}

function checkRead(path: string, before: string, now: string | undefined): ChangeConflict | undefined {
  if (now === undefined) return { path, reason: 'missing', message: `${path} was deleted or moved after the task read it` };
  if (!sameText(before, now)) return { path, reason: 'modified', message: `${path} was edited after the task read it` };
  return undefined;
}

function checkAbsent(path: string, after: string, now: string | undefined): ChangeConflict | undefined {
  // A file that already holds exactly what the task would write is no loss to overwrite.
  if (now === undefined || sameText(now, after)) return undefined;
  return { path, reason: 'exists', message: `${path} exists now, with other content than the task's` };
}

/** One entry per change whose file is not as the task left it (a rename may give two). */
export function findConflicts(changes: readonly FileChange[], current: (path: string) => string | undefined): ChangeConflict[] {
  const conflicts: ChangeConflict[] = [];
  const push = (conflict: ChangeConflict | undefined) => {
    if (conflict) conflicts.push(conflict);
  };
  for (const change of changes) {
    switch (change.kind) {
      case 'edit':
      case 'delete':
        push(checkRead(change.path, change.before, current(change.path)));
        break;
      case 'create':
        push(checkAbsent(change.path, change.after, current(change.path)));
        break;
      case 'rename':
        push(checkRead(change.path, change.before, current(change.path)));
        push(checkAbsent(change.newPath, change.after, current(change.newPath)));
        break;
    }
  }
  return conflicts;
}

/** The paths a change touches, for matching conflicts to changes. */
export function changePaths(change: FileChange): readonly string[] {
  return change.kind === 'rename' ? [change.path, change.newPath] : [change.path];
}
