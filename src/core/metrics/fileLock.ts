import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { isWriterAlive } from './segmentFiles';

/** A lock left by a writer still alive but this old is taken to be stuck (compaction takes seconds). */
const STALE_AFTER_MS = 10 * 60_000;

/**
 * A best-effort cross-process lock (exclusive create) so that two windows do not compact at the
 * same time. Compaction stays correct without it — rollup files are replaced atomically and list
 * exactly what they cover — the lock only saves doing the work twice.
 */
export function tryLock(path: string, writerId: string, now: number): (() => void) | undefined {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, JSON.stringify({ writerId, at: now }));
      } finally {
        closeSync(fd);
      }
      return () => {
        try {
          unlinkSync(path);
        } catch {
          // Already broken as stale by another window: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!isStale(path, now)) return undefined;
      try {
        // Rename rather than unlink, so two windows breaking the same stale lock cannot remove a fresh one twice.
        renameSync(path, `${path}.stale-${writerId}`);
        unlinkSync(`${path}.stale-${writerId}`);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function isStale(path: string, now: number): boolean {
  try {
    const held = JSON.parse(readFileSync(path, 'utf8')) as { writerId?: unknown; at?: unknown };
    if (typeof held.writerId !== 'string' || typeof held.at !== 'number') return true;
    return !isWriterAlive(held.writerId) || now - held.at > STALE_AFTER_MS;
  } catch {
    // Empty or unreadable: its writer died between create and write (or is writing it this very
    // moment; breaking it then costs only duplicated, harmless work).
    return true;
  }
}
