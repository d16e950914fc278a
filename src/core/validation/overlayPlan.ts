import { join } from 'node:path';
import type { FileChange } from '../tasks/taskTypes';
import type { Overlay } from './overlayHost';
import { toCompilerPath } from './tsProject';

/** A change set as the validator lays it over the disk: each path's text after the change (null: gone). */
export interface OverlayPlan {
  readonly overlay: Overlay;
  /** New path → old path of each renamed file. */
  readonly movedFrom: ReadonlyMap<string, string>;
}

export function planOf(changes: readonly FileChange[], root: string): OverlayPlan {
  const abs = (path: string): string => toCompilerPath(join(root, path));
  const overlay = new Map<string, string | null>();
  const movedFrom = new Map<string, string>();
  for (const change of changes) {
    switch (change.kind) {
      case 'edit':
      case 'create':
        overlay.set(abs(change.path), change.after);
        break;
      case 'delete':
        overlay.set(abs(change.path), null);
        break;
      case 'rename':
        overlay.set(abs(change.path), null);
        overlay.set(abs(change.newPath), change.after);
        movedFrom.set(abs(change.newPath), abs(change.path));
        break;
    }
  }
  return { overlay, movedFrom };
}
