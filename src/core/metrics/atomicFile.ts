import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';

/**
 * Writes a whole file with write-then-rename, so a reader sees the old file or the new one, never
 * half of one. `tag` (the writer's id) keeps two windows' temporary files apart.
 */
export function writeAtomically(path: string, data: string, tag: string, fsync: boolean): void {
  const tmp = `${path}.${tag}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, data);
    if (fsync) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
