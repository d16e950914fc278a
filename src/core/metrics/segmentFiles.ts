import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import type { AttemptRecord } from './attemptRecord';
import { attemptRecordSchema } from './attemptRecordSchema';
import type { SegmentProgress } from './dayRollup';
import { DAY_KEY_PATTERN } from './timeKeys';

/**
 * Log segments are named `<YYYY-MM-DD>.<writer>.ndjson`: one file per UTC day per writer (a store
 * opened by one VS Code window). Each file has exactly one writer, so two windows never interleave
 * bytes in one file, whatever the file system guarantees about O_APPEND; readers merge the files.
 */
export interface SegmentName {
  readonly file: string;
  readonly day: string;
  readonly writerId: string;
}

const SEGMENT_PATTERN = /^(\d{4}-\d{2}-\d{2})\.(p\d+-[0-9a-f]+)\.ndjson$/;

export function parseSegmentName(file: string): SegmentName | undefined {
  const m = SEGMENT_PATTERN.exec(file);
  if (!m || !DAY_KEY_PATTERN.test(m[1] as string)) return undefined;
  return { file, day: m[1] as string, writerId: m[2] as string };
}

export function segmentFileName(day: string, writerId: string): string {
  return `${day}.${writerId}.ndjson`;
}

/** The log's segments, in name order (day, then writer); none when the folder cannot be read. */
export function listSegments(logDir: string): SegmentName[] {
  let files: string[];
  try {
    files = readdirSync(logDir);
  } catch {
    return [];
  }
  return files
    .sort()
    .map(parseSegmentName)
    .filter((n) => n !== undefined);
}

/** Writers open in this process (two stores on one directory in one process are two writers). */
const liveWritersHere = new Set<string>();

export function newWriterId(): string {
  const id = `p${process.pid}-${randomBytes(6).toString('hex')}`;
  liveWritersHere.add(id);
  return id;
}

export function retireWriterId(id: string): void {
  liveWritersHere.delete(id);
}

/**
 * Whether a segment's writer may still be writing. Its id carries its process id; a process that
 * no longer exists left whatever incomplete line its file ends with for good (a torn write).
 */
export function isWriterAlive(writerId: string): boolean {
  if (liveWritersHere.has(writerId)) return true;
  const pid = Number(/^p(\d+)-/.exec(writerId)?.[1]);
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface BadLine {
  readonly file: string;
  /** 1-based line number within the segment file. */
  readonly line: number;
  readonly reason: string;
}

export interface TailResult {
  readonly progress: SegmentProgress;
  readonly records: number;
  readonly torn: number;
  readonly bad: readonly BadLine[];
}

const CHUNK = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

/**
 * Reads the complete lines a segment gained since `from`, validating each against the record
 * schema. An incomplete last line is left for the next read while its writer lives (it is being
 * written); once the writer is gone it is counted as torn and skipped. A bad line is skipped and
 * reported with its line number; neither stops the read.
 */
export function readSegmentTail(
  path: string,
  file: string,
  from: SegmentProgress,
  writerAlive: boolean,
  onRecord: (record: AttemptRecord) => void,
  /** Skips lines it refuses before they are parsed (see {@link startedWithin}). */
  accept?: (line: string) => boolean,
): TailResult {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { progress: from, records: 0, torn: 0, bad: [] };
    throw error;
  }
  const bad: BadLine[] = [];
  let records = 0;
  let torn = 0;
  let { size: offset, lines } = from;
  try {
    const end = fstatSync(fd).size;
    let carry: Buffer | undefined;
    let pos = offset;
    while (pos < end) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, end - pos));
      const read = readSync(fd, chunk, 0, chunk.length, pos);
      if (read <= 0) break;
      pos += read;
      const data = carry ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      let start = 0;
      for (let nl = data.indexOf(NEWLINE, start); nl !== -1; nl = data.indexOf(NEWLINE, start)) {
        lines += 1;
        const text = data.toString('utf8', start, nl);
        offset += nl - start + 1;
        start = nl + 1;
        if (accept && !accept(text)) continue;
        const record = parseLine(text);
        if (record.ok) {
          records += 1;
          onRecord(record.value);
        } else if (record.reason !== undefined) {
          bad.push({ file, line: lines, reason: record.reason });
        }
      }
      carry = start < data.length ? Buffer.from(data.subarray(start)) : undefined;
    }
    if (carry && carry.length > 0 && !writerAlive) {
      torn += 1;
      lines += 1;
      offset += carry.length;
    }
  } finally {
    closeSync(fd);
  }
  return { progress: { size: offset, lines }, records, torn, bad };
}

// The store writes each record with `time` first (the schema's order), so a line's start time can
// be read without parsing the rest of it.
const LEADING_TIME = /^\{"time":(\d+)[,}]/;

/**
 * A line filter for {@link readSegmentTail}: refuses lines whose leading `time` is outside
 * [from, to) without parsing them. Lines in another shape (edited by hand) are let through, so
 * the full parse still decides about them.
 */
export function startedWithin(from: number, to: number): (line: string) => boolean {
  return (line) => {
    const match = LEADING_TIME.exec(line);
    if (!match) return true;
    const time = Number(match[1]);
    return time >= from && time < to;
  };
}

type LineResult = { ok: true; value: AttemptRecord } | { ok: false; reason: string | undefined };

function parseLine(text: string): LineResult {
  // A blank line (e.g. after a manual edit) is not a record, but nothing was lost either.
  if (text.trim() === '') return { ok: false, reason: undefined };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  const parsed = attemptRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'record';
    return { ok: false, reason: `${where}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, value: parsed.data };
}
