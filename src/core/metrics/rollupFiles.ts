import { existsSync, readdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { firstIssue } from '../config/diagnostics';
import type { AttemptRecord } from './attemptRecord';
import { attemptRecordSchema } from './attemptRecordSchema';
import type { Bucket } from './bucket';
import { dayFileSchema, hoursFileSchema, openDayFileSchema, type DayFile, type DayRollup, type HoursFile } from './dayRollup';
import { dayKeyStart } from './timeKeys';

const RECENT_FILE = 'recent.json';
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.json$/;
const HOURS_FILE = /^(\d{4}-\d{2}-\d{2})\.hours\.json$/;
const OPEN_DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.open\.json$/;
/** Records are checked one by one (see readRecent): a bad one costs only itself. */
const recentFileSchema = z.object({ version: z.literal(1), records: z.array(z.unknown()) });

export type OpenDayFile = z.infer<typeof openDayFileSchema>;

/** A rollup file that could not be read, and why. */
export interface BadRollup {
  readonly file: string;
  readonly reason: string;
}

/**
 * The `rollups` folder: `<day>.json` and `<day>.hours.json` (a sealed day: the hours first, the day
 * file last, whose presence marks the day sealed), `<day>.open.json` (an unfinished day as it
 * stood) and `recent.json` (the latest attempts when the last day was sealed). Every file is
 * written whole (write-then-rename); one that cannot be read is reported and skipped, never fatal.
 */
export class RollupFiles {
  /** Files that could not be read since the store was opened or reset. */
  bad: BadRollup[] = [];

  constructor(
    readonly dir: string,
    private readonly write: (path: string, data: string) => void,
  ) {}

  /** The sealed days' files (`<day>.json`), in day order. */
  dayFiles(): { readonly file: string; readonly day: string }[] {
    return this.matching(DAY_FILE);
  }

  /** The saved unfinished days' files (`<day>.open.json`), in day order. */
  openDayFiles(): { readonly file: string; readonly day: string }[] {
    return this.matching(OPEN_DAY_FILE);
  }

  isSealed(day: string): boolean {
    return existsSync(join(this.dir, `${day}.json`));
  }

  readDay(file: string): DayFile | undefined {
    return this.read(file, dayFileSchema) as DayFile | undefined;
  }

  readHours(day: string): HoursFile | undefined {
    return this.read(`${day}.hours.json`, hoursFileSchema) as HoursFile | undefined;
  }

  /** A sealed day's hourly buckets, for the index's first query of that day. */
  readHourBuckets(day: string): readonly Bucket[] | undefined {
    return this.readHours(day)?.buckets;
  }

  readOpenDay(file: string): OpenDayFile | undefined {
    return this.read(file, openDayFileSchema);
  }

  /** The latest attempts when the last day was sealed; a record that does not parse is reported and skipped, the others kept. */
  readRecent(): readonly AttemptRecord[] {
    const records: AttemptRecord[] = [];
    (this.read(RECENT_FILE, recentFileSchema, true)?.records ?? []).forEach((raw, index) => {
      const parsed = attemptRecordSchema.safeParse(raw);
      if (parsed.success) {
        records.push(parsed.data);
        return;
      }
      this.bad.push({ file: RECENT_FILE, reason: firstIssue(`records[${index}]`, parsed.error) });
    });
    return records;
  }

  /** Hours first, the day file last: the day file's presence is what marks the day sealed. */
  writeDay(rollup: DayRollup): void {
    const files = rollup.toFiles();
    this.write(join(this.dir, `${rollup.day}.hours.json`), JSON.stringify(files.hours));
    this.write(join(this.dir, `${rollup.day}.json`), JSON.stringify(files.day));
  }

  /** Saves an unfinished day as it stands, so that the next open reads only the lines written after it. */
  writeOpenDay(rollup: DayRollup): void {
    const files = rollup.toFiles();
    this.write(join(this.dir, `${rollup.day}.open.json`), JSON.stringify({ version: 2, day: files.day, hours: files.hours, recent: [...rollup.recent.all()] }));
  }

  removeOpenDay(day: string): void {
    rmSync(join(this.dir, `${day}.open.json`), { force: true });
  }

  writeRecent(records: Iterable<AttemptRecord>): void {
    this.write(join(this.dir, RECENT_FILE), JSON.stringify({ version: 1, records: [...records] }));
  }

  /** Deletes every day's files (sealed, hours, open) of days that start before `cutoff`. */
  deleteBefore(cutoff: number): void {
    for (const file of readdirSync(this.dir)) {
      const day = DAY_FILE.exec(file)?.[1] ?? HOURS_FILE.exec(file)?.[1] ?? OPEN_DAY_FILE.exec(file)?.[1];
      const start = day === undefined ? Number.NaN : dayKeyStart(day);
      if (!Number.isNaN(start) && start < cutoff) unlinkSync(join(this.dir, file));
    }
  }

  /** Reads and validates one rollup file; a bad one is reported in {@link bad} and skipped. */
  private read<T>(file: string, schema: z.ZodType<T>, optional = false): T | undefined {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(this.dir, file), 'utf8'));
    } catch (error) {
      if (optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      this.bad.push({ file, reason: error instanceof SyntaxError ? 'not valid JSON' : String(error) });
      return undefined;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      this.bad.push({ file, reason: `${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}` });
      return undefined;
    }
    return parsed.data;
  }

  private matching(pattern: RegExp): { readonly file: string; readonly day: string }[] {
    const found: { file: string; day: string }[] = [];
    for (const file of readdirSync(this.dir).sort()) {
      const day = pattern.exec(file)?.[1];
      if (day !== undefined) found.push({ file, day });
    }
    return found;
  }
}
