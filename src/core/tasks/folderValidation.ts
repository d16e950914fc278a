import type { ChangeValidator } from './taskPorts';
import type { FileChange, ValidationReport } from './taskTypes';

/** Where a workspace path is: the folder (its key for `validatorFor`), the folder's name, and the path inside it. */
export interface FolderPlace {
  readonly folder: string;
  readonly name: string;
  readonly relative: string;
  /** The path started with the folder's name (several folders open); a path that names none is placed by where it exists. */
  readonly named?: boolean;
}

/**
 * A change set of a workspace of several folders, checked folder by folder: each change goes to the
 * validator of the folder that holds it (`placeOf`), with its paths made relative to that folder,
 * and what each validator says comes back named as the workspace names it (`name/path`). The
 * reports are joined: failed when any folder's check found new errors, passed when any passed and
 * none failed. A change in no folder, or in a folder with no validator, is listed as not checked.
 */
export async function validateByFolder(
  changes: readonly FileChange[],
  placeOf: (path: string) => FolderPlace | undefined,
  validatorFor: (folder: string) => ChangeValidator | undefined,
  signal?: AbortSignal,
): Promise<ValidationReport> {
  const groups = new Map<string, { name: string; changes: FileChange[] }>();
  const unchecked: string[] = [];
  const groupOf = (at: FolderPlace): FileChange[] => {
    let group = groups.get(at.folder);
    if (!group) groups.set(at.folder, (group = { name: at.name, changes: [] }));
    return group.changes;
  };
  for (const change of changes) {
    const place = placeOf(change.path);
    if (!place) {
      unchecked.push(change.kind === 'rename' ? change.newPath : change.path);
      continue;
    }
    const target = change.kind === 'rename' ? placeOf(change.newPath) : undefined;
    if (change.kind === 'rename' && target?.named && target.folder !== place.folder) {
      // Moved into another folder: gone from its own folder's project (its importers there are
      // checked), new in the other's (checked there), as each project will see it.
      groupOf(place).push({ kind: 'delete', path: place.relative, before: change.before });
      groupOf(target).push({ kind: 'create', path: target.relative, after: change.after });
      continue;
    }
    groupOf(place).push(inFolder(change, place, target));
  }
  const reports: ValidationReport[] = [];
  for (const [folder, group] of groups) {
    const validator = validatorFor(folder);
    if (!validator) {
      for (const c of group.changes) unchecked.push(`${group.name}/${c.kind === 'rename' ? c.newPath : c.path}`);
      continue;
    }
    const report = await validator.validate(group.changes, signal);
    const named = (path: string): string => `${group.name}/${path}`;
    reports.push({
      status: report.status,
      diagnostics: report.diagnostics.map((d) => Object.assign({}, d, { path: named(d.path) })),
      files: report.files.map((f) => Object.assign({}, f, { path: named(f.path) })),
      timeMs: report.timeMs,
    });
  }
  const status = reports.some((r) => r.status === 'failed') ? 'failed' : reports.some((r) => r.status === 'passed') ? 'passed' : 'not-validated';
  return {
    status,
    diagnostics: reports.flatMap((r) => r.diagnostics),
    files: [...reports.flatMap((r) => r.files), ...unchecked.map((path) => ({ path, check: 'none' as const }))],
    timeMs: reports.reduce((sum, r) => sum + r.timeMs, 0),
  };
}

/**
 * A preparation hint across the folders of a workspace: each path goes to the validator of the
 * folder that holds it, relative to that folder, each folder's paths in one call; a path no folder
 * holds is left out (nothing would check it).
 */
export function prepareByFolder(paths: readonly string[], placeOf: (path: string) => FolderPlace | undefined, validatorFor: (folder: string) => ChangeValidator | undefined, signal?: AbortSignal): void {
  const byFolder = new Map<string, string[]>();
  for (const path of paths) {
    const place = placeOf(path);
    if (!place) continue;
    const list = byFolder.get(place.folder);
    if (list) list.push(place.relative);
    else byFolder.set(place.folder, [place.relative]);
  }
  for (const [folder, relative] of byFolder) validatorFor(folder)?.prepare?.(relative, signal);
}

/** The change with its paths inside its folder; a rename's new path that names no folder stays in the folder of the file it renames. */
function inFolder(change: FileChange, place: FolderPlace, target: FolderPlace | undefined): FileChange {
  if (change.kind !== 'rename') return Object.assign({}, change, { path: place.relative });
  return Object.assign({}, change, { path: place.relative, newPath: target && target.folder === place.folder ? target.relative : change.newPath });
}
