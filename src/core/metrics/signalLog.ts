import { appendFileSync, closeSync, fstatSync, openSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { qualitySignalSchema, type QualitySignal } from './qualitySignal';
import { listSegments, newWriterId, retireWriterId, segmentFileName } from './segmentFiles';
import { dayKeyStart } from './timeKeys';

/**
 * Quality signals, in their own append-only segments beside the attempt log:
 * `signals/<day>.<writer>.ndjson`, one line per signal, one writer per file. Their own folder keeps
 * older windows unaffected (they never list it, so a signal is never a "corrupt line" to them) and
 * an older store readable (no folder: no signals). Signals are a person's clicks, a few hundred a
 * day at most, so all those within retention are kept in memory and nothing is rolled up.
 */
export class SignalLog {
  private writerId = newWriterId();
  private readonly read = new Map<string, number>();
  private items: QualitySignal[] = [];
  /** Complete lines that were not valid signals (skipped, never fatal). */
  corruptLines = 0;
  writeErrors = 0;

  constructor(
    readonly dir: string,
    /** Signals of days before this (epoch ms) are not loaded, and their files are deleted by {@link prune}. */
    private readonly cutoff: () => number,
  ) {}

  /** Appends one signal (already validated); returns whether it reached the disk. It counts in memory either way. */
  append(signal: QualitySignal, day: string): boolean {
    this.items.push(signal);
    const file = segmentFileName(day, this.writerId);
    const line = Buffer.from(JSON.stringify(signal) + '\n', 'utf8');
    try {
      // Only this writer appends to its file, so what it wrote is counted as read (never twice).
      appendFileSync(join(this.dir, file), line);
      this.read.set(file, (this.read.get(file) ?? 0) + line.length);
      return true;
    } catch {
      this.writeErrors += 1;
      return false;
    }
  }

  /** Reads what other windows appended since the last look; returns how many signals were added. */
  scan(): number {
    let added = 0;
    const cutoff = this.cutoff();
    for (const name of listSegments(this.dir)) {
      if (dayKeyStart(name.day) < cutoff) continue;
      const from = this.read.get(name.file) ?? 0;
      const { size, lines } = readLines(join(this.dir, name.file), from);
      if (size === from) continue;
      this.read.set(name.file, size);
      for (const text of lines) {
        if (text.trim() === '') continue;
        let parsed;
        try {
          parsed = qualitySignalSchema.safeParse(JSON.parse(text));
        } catch {
          parsed = undefined;
        }
        if (parsed?.success) {
          this.items.push(parsed.data);
          added += 1;
        } else {
          this.corruptLines += 1;
        }
      }
    }
    if (added > 0) this.items.sort((a, b) => a.time - b.time);
    return added;
  }

  /** The signals with `from <= time < to`, oldest first. */
  signals(range: { readonly from?: number; readonly to?: number } = {}): QualitySignal[] {
    const from = range.from ?? 0;
    const to = range.to ?? Number.POSITIVE_INFINITY;
    return this.items.filter((s) => s.time >= from && s.time < to);
  }

  get count(): number {
    return this.items.length;
  }

  /** Deletes the segments of days before the cutoff. */
  prune(): void {
    const cutoff = this.cutoff();
    for (const name of listSegments(this.dir)) {
      if (dayKeyStart(name.day) >= cutoff) continue;
      rmSync(join(this.dir, name.file), { force: true });
      this.read.delete(name.file);
    }
    this.items = this.items.filter((s) => s.time >= cutoff);
  }

  /** After a reset (here or in another window): forget everything and continue in a new file. */
  clear(): void {
    this.read.clear();
    this.items = [];
    this.corruptLines = 0;
    retireWriterId(this.writerId);
    this.writerId = newWriterId();
  }

  dispose(): void {
    retireWriterId(this.writerId);
  }
}

/** The complete lines of a file from byte `from` on, and where the last complete line ends. */
function readLines(path: string, from: number): { size: number; lines: string[] } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return { size: from, lines: [] };
  }
  try {
    const end = fstatSync(fd).size;
    if (end <= from) return { size: from, lines: [] };
    const buffer = Buffer.alloc(end - from);
    const got = readSync(fd, buffer, 0, buffer.length, from);
    const last = buffer.lastIndexOf(0x0a, got - 1);
    // An incomplete last line is being written (or was torn): it is read once it ends.
    if (last < 0) return { size: from, lines: [] };
    return { size: from + last + 1, lines: buffer.toString('utf8', 0, last).split('\n') };
  } finally {
    closeSync(fd);
  }
}
