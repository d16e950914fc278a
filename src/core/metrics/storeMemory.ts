import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { AttemptRecord } from './attemptRecord';
import { DayRollup, type DayFile, type HoursFile, type SegmentProgress } from './dayRollup';
import { MetricsIndex } from './metricsIndex';
import type { RollupFiles } from './rollupFiles';
import { isWriterAlive, listSegments, readSegmentTail, type BadLine } from './segmentFiles';
import { dayKeyStart } from './timeKeys';

const MAX_BAD_LINES_KEPT = 100;

/**
 * What a store holds in memory, read from the rollups and the log: the index the queries answer
 * from, the days not yet sealed (summarized as read, so that sealing needs no second read), how far
 * each segment was read, and what had to be skipped. Cleared and read again after a reset.
 */
export class StoreMemory {
  index: MetricsIndex;
  openDays = new Map<string, DayRollup>();
  sealedDays = new Set<string>();
  /** How far each segment was read (this window's own: written); shared with the segment writer. */
  readonly progress = new Map<string, SegmentProgress>();
  /** Incomplete last lines left by a writer that died mid-write. */
  tornLines = 0;
  /** Complete lines that were not valid records. */
  corruptLines = 0;
  badLines: BadLine[] = [];
  /** Days whose rollup file exists but could not be read: sealing rewrites it from the raw log. */
  unreadableRollupDays = new Set<string>();
  /** Records added to unfinished days since they were last saved (a reset does not change it). */
  unsaved = 0;

  constructor(
    private readonly logDir: string,
    private readonly files: RollupFiles,
    private readonly recentLimit: number,
  ) {
    this.index = this.newIndex();
  }

  clear(): void {
    this.index = this.newIndex();
    this.openDays = new Map();
    this.sealedDays = new Set();
    this.progress.clear();
    this.tornLines = 0;
    this.corruptLines = 0;
    this.badLines = [];
    this.unreadableRollupDays = new Set();
  }

  /** Loads the sealed days from `cutoff` on, the saved unfinished days and the recent attempts. */
  loadRollups(cutoff: number): void {
    for (const { file, day } of this.files.dayFiles()) {
      const start = dayKeyStart(day);
      if (Number.isNaN(start) || start < cutoff) continue;
      const dayFile = this.files.readDay(file);
      if (!dayFile || dayFile.day !== day) {
        if (dayFile) this.files.bad.push({ file, reason: `names another day (${dayFile.day})` });
        this.unreadableRollupDays.add(day);
        continue;
      }
      this.sealedDays.add(day);
      for (const [name, p] of Object.entries(dayFile.segments)) this.progress.set(name, { ...p });
      this.index.addSealedDay(dayFile);
      this.tornLines += dayFile.counts.torn;
      this.corruptLines += dayFile.counts.corrupt;
    }
    for (const { file, day } of this.files.openDayFiles()) {
      if (this.sealedDays.has(day) || Number.isNaN(dayKeyStart(day))) continue;
      const saved = this.files.readOpenDay(file);
      if (!saved || saved.day.day !== day || saved.hours.day !== day) continue;
      // Two copies: the open day keeps growing on its own; the index's buckets get merged into.
      const rollup = DayRollup.fromFiles(saved.day as DayFile, saved.hours as HoursFile, this.recentLimit, saved.recent);
      this.openDays.set(day, rollup);
      for (const [name, p] of rollup.segments) this.progress.set(name, { ...p });
      this.index.addOpenDay(rollup);
      for (const r of rollup.recent.all()) this.index.recent.add(r);
      this.tornLines += rollup.counts.torn;
      this.corruptLines += rollup.counts.corrupt;
    }
    for (const r of this.files.readRecent()) this.index.recent.add(r);
  }

  /**
   * Reads every segment's new complete lines, except `ownFile` (counted as it is written); returns
   * how many records were added.
   */
  scanSegments(ownFile: string | undefined): number {
    let added = 0;
    for (const name of listSegments(this.logDir)) {
      if (name.file === ownFile) continue;
      const known = this.progress.get(name.file) ?? { size: 0, lines: 0 };
      let size: number;
      try {
        size = statSync(join(this.logDir, name.file)).size;
      } catch {
        continue;
      }
      if (size <= known.size) continue;
      const sealed = this.sealedDays.has(name.day);
      const day = sealed ? undefined : this.openDay(name.day);
      const result = readSegmentTail(join(this.logDir, name.file), name.file, known, isWriterAlive(name.writerId), (r) => {
        this.index.add(r);
        day?.add(r);
      });
      this.progress.set(name.file, result.progress);
      day?.segments.set(name.file, { ...result.progress });
      if (day) {
        day.counts.torn += result.torn;
        day.counts.corrupt += result.bad.length;
      }
      this.tornLines += result.torn;
      this.corruptLines += result.bad.length;
      for (const bad of result.bad) if (this.badLines.length < MAX_BAD_LINES_KEPT) this.badLines.push(bad);
      added += result.records;
      this.unsaved += result.records;
    }
    return added;
  }

  /** Counts a record this window appended to `segmentDay`'s segment `ownFile`. */
  apply(record: AttemptRecord, segmentDay: string, ownFile: string | undefined): void {
    this.index.add(record);
    if (!this.sealedDays.has(segmentDay)) {
      const day = this.openDay(segmentDay);
      day.add(record);
      if (ownFile) day.segments.set(ownFile, { ...(this.progress.get(ownFile) ?? { size: 0, lines: 0 }) });
    }
  }

  private openDay(day: string): DayRollup {
    let rollup = this.openDays.get(day);
    if (!rollup) {
      rollup = new DayRollup(day, this.recentLimit);
      this.openDays.set(day, rollup);
    }
    return rollup;
  }

  private newIndex(): MetricsIndex {
    return new MetricsIndex(this.recentLimit, (day) => this.files.readHourBuckets(day));
  }
}
