import { closeSync, fstatSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { SegmentProgress } from './dayRollup';
import { newWriterId, retireWriterId, segmentFileName } from './segmentFiles';
import { wallClock } from './storeGeneration';

/** Lines kept until the segment they went to is seen still linked: at most this many, or one second's. */
const MAX_UNCONFIRMED_LINES = 1_000;

/**
 * This window's segment of the log: `log/<day>.<writer>.ndjson`, one per UTC day, one line per
 * attempt written with a single write() call. It notices when another window's reset deleted the
 * open segment and writes the lines that came after the reset again into the next one.
 */
export class SegmentWriter {
  private writerId = newWriterId();
  private fd: number | undefined;
  private ownFile: string | undefined;
  private ownDay: string | undefined;
  private linkCheckedAt = 0;
  /** Lines written since the segment was last seen linked, with when (wall clock). */
  private unconfirmed: { bytes: Buffer; at: number }[] = [];
  /** Lines written after a reset into the segment it deleted: written again into the next segment. */
  private salvage: Buffer[] = [];
  /** Appends whose write failed (the record still counts in memory). */
  errors = 0;
  lastError: string | undefined;

  /**
   * @param progress how far each segment was read or written, shared with the store's memory
   * @param resetAt when the last reset happened (wall clock), to tell which lines it must not take
   */
  constructor(
    private readonly logDir: string,
    private readonly fsync: boolean,
    private readonly progress: Map<string, SegmentProgress>,
    private readonly resetAt: () => number,
  ) {}

  /** This writer's id: in its segments' names, its temporary files and the compaction lock. */
  get id(): string {
    return this.writerId;
  }

  /** The segment written last (undefined after a failed write); it may be closed. */
  get file(): string | undefined {
    return this.ownFile;
  }

  /** The segment open for writing now: readers skip it, it is counted as it is written. */
  get openFile(): string | undefined {
    return this.fd !== undefined ? this.ownFile : undefined;
  }

  /**
   * Writes one line into `day`'s segment; returns whether it reached the disk. A failed write does
   * not throw: it is counted, a partial line is ended, and the next line goes to a fresh segment.
   */
  write(day: string, bytes: Buffer): boolean {
    let written = 0;
    try {
      const fd = this.writerFor(day);
      // One write() for the whole line; a short write (full disk) is finished rather than left torn.
      written = writeSync(fd, bytes);
      while (written < bytes.length) written += writeSync(fd, bytes, written);
      if (this.fsync) fsyncSync(fd);
      const p = this.progress.get(this.ownFile as string) as SegmentProgress;
      p.size += bytes.length;
      p.lines += 1;
      this.unconfirmed.push({ bytes, at: wallClock() });
      return true;
    } catch (error) {
      this.errors += 1;
      this.lastError = error instanceof Error ? error.message : String(error);
      // End a partial line so readers skip it as one bad line rather than wait for its end.
      if (written > 0 && this.fd !== undefined) {
        try {
          writeSync(this.fd, '\n');
        } catch {
          // Then readers count it as torn once this process is gone.
        }
      }
      // A later line must not be glued to a partial one: continue in a fresh segment.
      this.close(true);
      return false;
    }
  }

  /** After a rebuild or before going away: what a reset would otherwise have lost reaches the disk. */
  flushSalvage(day: () => string): void {
    if (this.salvage.length === 0) return;
    try {
      this.writerFor(day());
    } catch {
      // The disk refuses: the lines are lost as any failed write is, and counted.
      this.errors += this.salvage.length;
      this.salvage = [];
    }
  }

  /** Closes the segment being written; with `abandon`, the next write starts a new writer file. */
  close(abandon: boolean): void {
    if (this.fd !== undefined && this.unconfirmed.length > 0) {
      try {
        if (fstatSync(this.fd).nlink === 0) {
          // A reset deleted this segment: what was written after the reset must not go with it.
          const resetAt = this.resetAt();
          for (const line of this.unconfirmed) if (line.at > resetAt) this.salvage.push(line.bytes);
        }
      } catch {
        // A descriptor that cannot be examined is closed below like any other.
      }
    }
    this.unconfirmed = [];
    if (this.fd !== undefined) {
      try {
        if (this.fsync) fsyncSync(this.fd);
        closeSync(this.fd);
      } catch {
        // Nothing more can be done for a descriptor that will not close.
      }
    }
    this.fd = undefined;
    if (abandon) {
      this.ownFile = undefined;
      this.ownDay = undefined;
      // Retired, the old segment reads as a dead writer's: a partial last line there counts as torn.
      retireWriterId(this.writerId);
      this.writerId = newWriterId();
    }
  }

  /** Going away: this writer's segments read as a dead writer's from now on. */
  retire(): void {
    retireWriterId(this.writerId);
  }

  private writerFor(day: string): number {
    if (this.fd !== undefined && this.ownDay === day) {
      // Another window's reset may have deleted our segment. A stat costs as much as a write, so
      // the check runs once a second (or every MAX_UNCONFIRMED_LINES lines); the lines written in
      // between are kept, and those written after the reset go again into a new segment.
      const wall = Date.now();
      if (wall < this.linkCheckedAt + 1_000 && this.unconfirmed.length < MAX_UNCONFIRMED_LINES) return this.fd;
      this.linkCheckedAt = wall;
      if (fstatSync(this.fd).nlink > 0) {
        this.unconfirmed = [];
        return this.fd;
      }
    }
    this.close(false);
    const file = segmentFileName(day, this.writerId);
    const fd = openSync(join(this.logDir, file), 'a');
    if (this.fsync) syncDirectory(this.logDir);
    const size = fstatSync(fd).size;
    const known = this.progress.get(file);
    if (!known || known.size !== size) this.progress.set(file, { size, lines: known && size > known.size ? known.lines : 0 });
    this.fd = fd;
    this.ownFile = file;
    this.ownDay = day;
    this.linkCheckedAt = Date.now();
    this.writeSalvage(fd, file);
    return fd;
  }

  /** Writes the lines saved from a segment a reset deleted (see close) into the open one. */
  private writeSalvage(fd: number, file: string): void {
    const lines = this.salvage;
    this.salvage = [];
    const p = this.progress.get(file) as SegmentProgress;
    for (const bytes of lines) {
      let written = writeSync(fd, bytes);
      while (written < bytes.length) written += writeSync(fd, bytes, written);
      p.size += bytes.length;
      p.lines += 1;
      this.unconfirmed.push({ bytes, at: wallClock() });
    }
    if (lines.length > 0 && this.fsync) fsyncSync(fd);
  }
}

/** Makes a new file's name durable too (POSIX); where a folder cannot be opened (Windows) the OS does it. */
function syncDirectory(path: string): void {
  try {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not supported here.
  }
}
