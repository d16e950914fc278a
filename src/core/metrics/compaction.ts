import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { DayRollup } from './dayRollup';
import { tryLock } from './fileLock';
import type { RollupFiles } from './rollupFiles';
import { isWriterAlive, listSegments, parseSegmentName, readSegmentTail } from './segmentFiles';
import type { SegmentWriter } from './segmentWriter';
import type { StoreGeneration } from './storeGeneration';
import type { StoreMemory } from './storeMemory';
import { DAY_MS, dayKey, dayKeyStart, dayStart } from './timeKeys';

const LOCK_FILE = 'compaction.lock';
/** An unfinished day is saved again after this many new records, at most once a minute. */
const CHECKPOINT_EVERY_RECORDS = 10_000;
const CHECKPOINT_MIN_INTERVAL_MS = 60_000;
/** A day is sealed this long after it ends, so a call that started at 23:59:59 is filed first. */
const SEAL_GRACE_MS = 5 * 60_000;
/** When compaction could not take the lock, try again after this long rather than on every append. */
const MAINTAIN_RETRY_MS = 60_000;

export interface CompactionParts {
  /** The store's folder (the lock lives there). */
  readonly dir: string;
  readonly logDir: string;
  readonly files: RollupFiles;
  readonly memory: StoreMemory;
  readonly writer: SegmentWriter;
  readonly generation: StoreGeneration;
  readonly now: () => number;
  readonly retentionDays: number;
  readonly rollupRetentionDays: number;
  readonly recentLimit: number;
  /** Another window reset the store: read everything again (and tell), before any figure is sealed. */
  readonly startOver: () => void;
}

/**
 * The store's housekeeping: seals finished days into rollups (after a day ends, under a lock that
 * one window at a time holds), deletes raw segments past `retentionDays` (their figures stay in the
 * rollups) and rollups past `rollupRetentionDays`, and saves unfinished days now and then
 * (checkpoints) so that opening reads only the lines written after them. It only ever seals
 * finished days, which no window writes any more.
 */
export class Compaction {
  private maintainedDay: string | undefined;
  private nextMaintainAt = 0;
  private checkpointAt = Date.now();

  constructor(private readonly parts: CompactionParts) {}

  /** Whether compaction should run now for `day` (it changed, and no retry is pending). */
  isDue(day: string, now: number): boolean {
    return day !== this.maintainedDay && now >= this.nextMaintainAt;
  }

  /** After a reset: compaction runs again on the next chance. */
  forget(): void {
    this.maintainedDay = undefined;
    this.nextMaintainAt = 0;
  }

  /** Compacts, or schedules a retry when the lock is taken or the disk refuses. */
  maintain(): void {
    const { now } = this.parts;
    try {
      if (!this.compact()) this.nextMaintainAt = now() + MAINTAIN_RETRY_MS;
    } catch {
      // Compaction is housekeeping: a failure (a full disk, a permission) must not stop recording.
      this.nextMaintainAt = now() + MAINTAIN_RETRY_MS;
    }
  }

  /** Seals finished days and applies retention; false when another window holds the lock. */
  compact(): boolean {
    const { dir, files, memory, writer, generation } = this.parts;
    const now = this.parts.now();
    // Never seal or save figures from before another window's reset.
    if (generation.isStale()) this.parts.startOver();
    const release = tryLock(join(dir, LOCK_FILE), writer.id, now);
    if (!release) return false;
    try {
      memory.scanSegments(writer.openFile);
      let pendingUntil = Number.POSITIVE_INFINITY;
      let sealed = false;
      for (const [day, rollup] of [...memory.openDays]) {
        const sealAt = dayKeyStart(day) + DAY_MS + SEAL_GRACE_MS;
        if (now < sealAt) {
          if (day !== dayKey(now)) pendingUntil = Math.min(pendingUntil, sealAt);
          continue;
        }
        // Another window may have sealed it already: its files are as valid as ours would be.
        if (!files.isSealed(day) || memory.unreadableRollupDays.has(day)) files.writeDay(rollup);
        memory.unreadableRollupDays.delete(day);
        files.removeOpenDay(day);
        sealed = true;
        memory.openDays.delete(day);
        memory.sealedDays.add(day);
      }
      if (sealed) files.writeRecent(memory.index.recent.all());
      this.applyRetention(now);
      // Yesterday within its grace period is sealed on the first append after the grace.
      this.maintainedDay = pendingUntil === Number.POSITIVE_INFINITY ? dayKey(now) : undefined;
      this.nextMaintainAt = pendingUntil === Number.POSITIVE_INFINITY ? 0 : pendingUntil;
      return true;
    } finally {
      release();
    }
  }

  /** Saves every unfinished day as it stands, so that the next open reads only later lines. */
  checkpoint(): void {
    const { files, memory, generation } = this.parts;
    memory.unsaved = 0;
    this.checkpointAt = Date.now();
    // A window that has not noticed a reset yet must not bring old figures back.
    if (generation.isStale()) return;
    for (const [day, rollup] of memory.openDays) {
      if (memory.sealedDays.has(day) || files.isSealed(day)) continue;
      files.writeOpenDay(rollup);
    }
  }

  maybeCheckpoint(): void {
    if (this.parts.memory.unsaved < CHECKPOINT_EVERY_RECORDS || Date.now() - this.checkpointAt < CHECKPOINT_MIN_INTERVAL_MS) return;
    try {
      this.checkpoint();
    } catch {
      // A shortcut only: the raw log stays the truth.
    }
  }

  private applyRetention(now: number): void {
    const { logDir, files, writer } = this.parts;
    const rawCutoff = dayStart(now) - this.parts.retentionDays * DAY_MS;
    const byDay = new Map<string, string[]>();
    for (const name of listSegments(logDir)) {
      if (dayKeyStart(name.day) >= rawCutoff) continue;
      byDay.set(name.day, [...(byDay.get(name.day) ?? []), name.file]);
    }
    for (const [day, dayFiles] of byDay) {
      // Only a sealed day's raw segments go: its rollup must already hold every line in them.
      if (!files.isSealed(day)) continue;
      const dayFile = files.readDay(`${day}.json`);
      const hoursFile = files.readHours(day);
      if (!dayFile || !hoursFile) continue;
      const rollup = DayRollup.fromFiles(dayFile, hoursFile, this.parts.recentLimit);
      if (this.foldLateLines(rollup, dayFiles)) files.writeDay(rollup);
      for (const file of dayFiles) {
        if (file === writer.openFile) continue;
        unlinkSync(join(logDir, file));
      }
    }
    files.deleteBefore(dayStart(now) - this.parts.rollupRetentionDays * DAY_MS);
  }

  /** Adds to a sealed day's rollup any lines its segments gained after it was written (rare: a late writer). */
  private foldLateLines(rollup: DayRollup, segments: readonly string[]): boolean {
    let folded = false;
    for (const file of segments) {
      const covered = rollup.segments.get(file) ?? { size: 0, lines: 0 };
      const name = parseSegmentName(file);
      if (!name) continue;
      const result = readSegmentTail(join(this.parts.logDir, file), file, covered, isWriterAlive(name.writerId), (r) => rollup.add(r));
      if (result.progress.size !== covered.size) {
        rollup.segments.set(file, result.progress);
        rollup.counts.torn += result.torn;
        rollup.counts.corrupt += result.bad.length;
        folded = true;
      }
    }
    return folded;
  }
}
