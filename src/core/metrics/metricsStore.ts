import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  watch,
  writeSync,
  type FSWatcher,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SpendSource, AttemptSink } from '../budget/spendSource';
import type { Disposable } from '../lifecycle/disposable';
import { Emitter, type Event } from '../lifecycle/emitter';
import type { Capability } from '../providers/contract';
import type { AttemptRecord } from './attemptRecord';
import { attemptRecordSchema } from './attemptRecordSchema';
import { DayRollup, dayFileSchema, hoursFileSchema, openDayFileSchema, type DayFile, type HoursFile, type SegmentProgress } from './dayRollup';
import { BucketTable, type Bucket } from './bucket';
import { tryLock } from './fileLock';
import { toCsv, toJsonReport } from './metricsExport';
import { MetricsIndex } from './metricsIndex';
import type { MetricsQuery, MetricsRow } from './metricsQuery';
import {
  isWriterAlive,
  newWriterId,
  parseSegmentName,
  readSegmentTail,
  retireWriterId,
  segmentFileName,
  startedWithin,
  type BadLine,
} from './segmentFiles';
import { ALL_WORKSPACES, type SpendSummary } from './spendTable';
import { DAY_MS, dayKey, dayKeyStart, dayStart, hourStart } from './timeKeys';

/** A call is recorded when it ends: after this, no record can still arrive for a moment in the past. */
const SETTLED_AFTER_MS = 60 * 60_000;

export interface MetricsStoreOptions {
  /** Days of raw records kept (whole UTC days before today); older days live on as rollups only. Default 30. */
  readonly retentionDays?: number;
  /** Days of rollups kept. Default 400. */
  readonly rollupRetentionDays?: number;
  /** The clock, for tests and benchmarks. Decides the day a record is filed under and what is old. */
  readonly now?: () => number;
  /**
   * `false` (default): a record is handed to the operating system with one write() before append()
   * returns, so a crash of VS Code or of the extension host loses at most the call in flight; a
   * power cut can lose the last few seconds the OS had not flushed yet.
   * `true`: fsync after every record too, for a power cut as well, at ~100× the cost per append.
   */
  readonly fsync?: boolean;
  /** Attempts kept per model and capability for {@link MetricsStore.recent}. Default 100. */
  readonly recentPerKey?: number;
  /**
   * Other windows' appends are picked up by {@link MetricsStore.refresh}, which the read methods
   * call themselves when the last one is older than this. Default 1000 ms; 0 reads every time.
   */
  readonly autoRefreshMs?: number;
  /** Watch the log folder and refresh when another window appends (fires onDidChange). Default false. */
  readonly watch?: boolean;
}

/** What the store had to skip while reading, so that the UI can say so. Never fatal. */
export interface MetricsHealth {
  /** Records read back or appended in this session, plus those in loaded rollups. */
  readonly records: number;
  /** Incomplete last lines left by a writer that died mid-write. */
  readonly tornLines: number;
  /** Complete lines that were not valid records. */
  readonly corruptLines: number;
  /** The first bad lines, with file and line number. */
  readonly badLines: readonly BadLine[];
  /** Rollup files that could not be read (their days are read from the raw log when it is still there). */
  readonly badRollups: readonly { readonly file: string; readonly reason: string }[];
  /** Appends whose write failed (the record still counts in memory). */
  readonly writeErrors: number;
  readonly lastWriteError?: string;
}

const LOG_DIR = 'log';
const ROLLUP_DIR = 'rollups';
const META_FILE = 'meta.json';
const LOCK_FILE = 'compaction.lock';
const RECENT_FILE = 'recent.json';
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.json$/;
const HOURS_FILE = /^(\d{4}-\d{2}-\d{2})\.hours\.json$/;
const OPEN_DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.open\.json$/;
/** An unfinished day is saved again after this many new records, at most once a minute. */
const CHECKPOINT_EVERY_RECORDS = 10_000;
const CHECKPOINT_MIN_INTERVAL_MS = 60_000;
/** A day is sealed this long after it ends, so a call that started at 23:59:59 is filed first. */
const SEAL_GRACE_MS = 5 * 60_000;
/** When compaction could not take the lock, try again after this long rather than on every append. */
const MAINTAIN_RETRY_MS = 60_000;
const MAX_BAD_LINES_KEPT = 100;

/** `resetAt`: when the last reset happened (wall clock), so other windows keep what they wrote after it. */
const metaSchema = z.object({ version: z.literal(1), generation: z.number().int().nonnegative(), resetAt: z.number().optional() });
/** Wall-clock ms with a fraction: what a reset and the lines written around it are ordered by, across windows. */
function wallClock(): number {
  return performance.timeOrigin + performance.now();
}
/** Lines kept until the segment they went to is seen still linked: at most this many, or one second's. */
const MAX_UNCONFIRMED_LINES = 1_000;
const recentFileSchema = z.object({ version: z.literal(1), records: z.array(attemptRecordSchema) });

/**
 * The durable metrics store (one per extension host, in the extension's global storage):
 *
 * - `log/<day>.<writer>.ndjson`: an append-only log, one segment per UTC day per writer, one line
 *   per attempt written with a single write() call. Only its writer appends to a segment.
 * - `rollups/<day>.json` and `<day>.hours.json`: a finished day summarized (buckets per day and per
 *   hour, spend per minute, how far each segment was read), written once with write-then-rename;
 *   `rollups/recent.json`: the latest attempts per model and capability when the last day was sealed;
 *   `rollups/<day>.open.json`: an unfinished day saved as it stood (on dispose and every 10,000
 *   records), so that opening reads only the log lines written after it.
 * - In memory: the same buckets (hourly ones of sealed days fetched on first use), so queries do
 *   not read the disk beyond a directory listing to notice other windows' appends.
 *
 * Every rollup file says exactly which bytes of which segments it covers, and readers continue
 * each segment from there: whichever window wrote a rollup, nothing is counted twice or missed.
 * Compaction (after a day ends) seals it into its rollup; retention then deletes raw segments older
 * than `retentionDays` (their figures stay in the rollup) and rollups older than
 * `rollupRetentionDays`. Compaction only touches finished days, which no window writes any more.
 */
export class MetricsStore implements SpendSource, AttemptSink, Disposable {
  private readonly logDir: string;
  private readonly rollupDir: string;
  private readonly now: () => number;
  private readonly retentionDays: number;
  private readonly rollupRetentionDays: number;
  private readonly recentLimit: number;
  private readonly fsync: boolean;
  private readonly autoRefreshMs: number;
  private writerId = newWriterId();

  private index: MetricsIndex;
  /** Days not yet sealed, summarized as read, so that sealing needs no second read. */
  private openDays = new Map<string, DayRollup>();
  private sealedDays = new Set<string>();
  private progress = new Map<string, SegmentProgress>();
  private generation = 0;

  private fd: number | undefined;
  private ownFile: string | undefined;
  private ownDay: string | undefined;
  private linkCheckedAt = 0;
  /** Lines written since the segment was last seen linked, with when (wall clock). */
  private unconfirmed: { bytes: Buffer; at: number }[] = [];
  /** Lines written after a reset into the segment it deleted: written again into the next segment. */
  private salvage: Buffer[] = [];
  private sinceCheckpoint = 0;
  private checkpointAt = Date.now();
  private cachedDayStart = Number.NEGATIVE_INFINITY;
  private readonly partialCache: { stamp: string; buckets: Map<string, readonly Bucket[]> } = { stamp: '', buckets: new Map() };
  private readonly settledPartials: { stamp: string; buckets: Map<string, readonly Bucket[]> } = { stamp: '', buckets: new Map() };
  private cachedDay = '';

  private tornLines = 0;
  private corruptLines = 0;
  private badLines: BadLine[] = [];
  private badRollups: { file: string; reason: string }[] = [];
  /** Days whose rollup file exists but could not be read: sealing rewrites it from the raw log. */
  private unreadableRollupDays = new Set<string>();
  private writeErrors = 0;
  private lastWriteError: string | undefined;

  private lastRefreshAt = Number.NEGATIVE_INFINITY;
  private maintainedDay: string | undefined;
  private nextMaintainAt = 0;
  private watcher: FSWatcher | undefined;
  private watchTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  private readonly appendEmitter = new Emitter<AttemptRecord>();
  private readonly changeEmitter = new Emitter<void>();
  /** Fires for every record appended through this store, after it is persisted and counted. */
  readonly onDidAppend: Event<AttemptRecord> = this.appendEmitter.event;
  /** Fires when figures changed other than by this store's own append: another window, a reset. */
  readonly onDidChange: Event<void> = this.changeEmitter.event;

  private constructor(
    readonly dir: string,
    options: MetricsStoreOptions,
  ) {
    this.logDir = join(dir, LOG_DIR);
    this.rollupDir = join(dir, ROLLUP_DIR);
    this.now = options.now ?? Date.now;
    this.retentionDays = positiveInt(options.retentionDays ?? 30, 'retentionDays');
    this.rollupRetentionDays = Math.max(this.retentionDays, positiveInt(options.rollupRetentionDays ?? 400, 'rollupRetentionDays'));
    this.recentLimit = positiveInt(options.recentPerKey ?? 100, 'recentPerKey');
    this.fsync = options.fsync ?? false;
    this.autoRefreshMs = Math.max(0, options.autoRefreshMs ?? 1000);
    this.index = this.newIndex();
  }

  /** Opens (creating if needed) the store in `dir` and loads what it holds. */
  static async open(dir: string, options: MetricsStoreOptions = {}): Promise<MetricsStore> {
    const store = new MetricsStore(dir, options);
    try {
      store.load();
      if (options.watch) store.startWatching();
    } catch (error) {
      store.dispose();
      throw error;
    }
    return store;
  }

  // ---- writing -------------------------------------------------------------------------------

  /**
   * Records one attempt. Throws only for a record that is not one (a bug in the caller). A failed
   * write does not throw: the record still counts in memory and `health()` tells; returns whether
   * it reached the disk.
   */
  append(record: AttemptRecord): boolean {
    this.assertOpen();
    const parsed = attemptRecordSchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TypeError(`Metrics record rejected: ${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}`);
    }
    const rec: AttemptRecord = parsed.data;
    const now = this.now();
    const day = this.dayOf(now);
    if (day !== this.maintainedDay && now >= this.nextMaintainAt) this.maintainSafely();

    const bytes = Buffer.from(JSON.stringify(rec) + '\n', 'utf8');
    let persisted = false;
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
      persisted = true;
    } catch (error) {
      this.writeErrors += 1;
      this.lastWriteError = error instanceof Error ? error.message : String(error);
      // End a partial line so readers skip it as one bad line rather than wait for its end.
      if (written > 0 && this.fd !== undefined) {
        try {
          writeSync(this.fd, '\n');
        } catch {
          // Then readers count it as torn once this process is gone.
        }
      }
      // A later line must not be glued to a partial one: continue in a fresh segment.
      this.closeWriter(true);
    }
    this.apply(rec, day);
    this.sinceCheckpoint += 1;
    this.maybeCheckpoint();
    this.appendEmitter.fire(rec);
    return persisted;
  }

  /** {@link AttemptSink}: the router hands every attempt here. */
  record(attempt: AttemptRecord): void {
    this.append(attempt);
  }

  // ---- reading -------------------------------------------------------------------------------

  query(query: MetricsQuery = {}): MetricsRow[] {
    this.maybeRefresh();
    return this.index.query(query, this.partialHour);
  }

  /**
   * The calls of part of an hour, from the raw log, for a range that starts (or ends) inside an
   * hour: rollups are hourly, and local midnight in India or Nepal is not on the hour. Undefined
   * (the whole hour is used) once the day's raw log is past retention, and for the rest of an hour
   * that has not ended: no call can start after now, so the whole hour is exact.
   */
  private readonly partialHour = (from: number, to: number): readonly Bucket[] | undefined => {
    const now = this.now();
    if (from === hourStart(from) && to > now) return undefined;
    if (dayStart(from) < dayStart(now) - this.retentionDays * DAY_MS) return undefined;
    // Views ask for the same "today", week and month again after every call. A part of an hour
    // that ended long enough ago (longer than any call may run, plus another window's refresh) can
    // gain no record, so it stays cached until a reset; a recent one is read again after any new
    // record, here or from another window.
    const settled = to <= now - SETTLED_AFTER_MS;
    const stamp = settled ? `${this.generation}` : `${this.generation}:${this.index.records}`;
    const cache = settled ? this.settledPartials : this.partialCache;
    if (cache.stamp !== stamp || cache.buckets.size >= 64) {
      cache.stamp = stamp;
      cache.buckets = new Map();
    }
    const key = `${from}:${to}`;
    const cached = cache.buckets.get(key);
    if (cached) return cached;
    const table = new BucketTable(() => from);
    for (const record of this.records({ from, to })) table.add(record);
    const buckets = [...table.all()];
    cache.buckets.set(key, buckets);
    return buckets;
  };

  /**
   * Spend by calls made for `workspace` (undefined: outside any workspace) with `since <= time`,
   * to the minute. Unknown costs are counted apart, never as 0.
   */
  spendSince(workspace: string | undefined, since: number, until = Number.MAX_SAFE_INTEGER): SpendSummary {
    this.maybeRefresh();
    return this.index.spend.sum(workspace, since, until);
  }

  /** Spend over every workspace (the status bar's "today"). */
  totalSpendSince(since: number, until = Number.MAX_SAFE_INTEGER): SpendSummary {
    this.maybeRefresh();
    return this.index.spend.sum(ALL_WORKSPACES, since, until);
  }

  /** {@link SpendSource} for the budget guard: known USD with `fromMs <= time < toMs`. */
  spentUsd(workspace: string | undefined, fromMs: number, toMs: number): number {
    this.maybeRefresh();
    return this.index.spend.sum(workspace, fromMs, toMs).knownUsd;
  }

  /** The last `limit` attempts of a model for a capability, oldest first (for the adaptive router). */
  recent(modelId: string, capability: Capability, limit?: number): readonly AttemptRecord[] {
    this.maybeRefresh();
    return this.index.recent.get(modelId, capability, limit);
  }

  /** Every kept recent attempt, oldest first: replay these into the router's statistics at start-up. */
  recentAll(): AttemptRecord[] {
    this.maybeRefresh();
    return [...this.index.recent.all()].sort((a, b) => a.time - b.time);
  }

  /** Raw records still in the log (within retention) with `from <= time < to`, validated, file by file. */
  *records(range: { readonly from?: number; readonly to?: number } = {}): Generator<AttemptRecord> {
    const from = range.from ?? 0;
    const to = range.to ?? Number.POSITIVE_INFINITY;
    for (const name of this.listSegments()) {
      // A segment holds the records appended on its day, whose start times can be a little earlier.
      const start = dayKeyStart(name.day);
      if (start + DAY_MS <= from || start - DAY_MS >= to) continue;
      const found: AttemptRecord[] = [];
      readSegmentTail(
        join(this.logDir, name.file),
        name.file,
        { size: 0, lines: 0 },
        true,
        (r) => {
          if (r.time >= from && r.time < to) found.push(r);
        },
        startedWithin(from, to),
      );
      yield* found;
    }
  }

  exportJson(query: MetricsQuery = {}): string {
    return toJsonReport(query, this.query(query), this.now());
  }

  exportCsv(query: MetricsQuery = {}): string {
    return toCsv(this.query(query));
  }

  health(): MetricsHealth {
    return {
      records: this.index.records,
      tornLines: this.tornLines,
      corruptLines: this.corruptLines,
      badLines: [...this.badLines],
      badRollups: [...this.badRollups],
      writeErrors: this.writeErrors,
      ...(this.lastWriteError !== undefined ? { lastWriteError: this.lastWriteError } : {}),
    };
  }

  /**
   * Reads what other windows appended since the last look (and starts over after another window
   * reset the store). Returns whether anything changed; fires onDidChange when it did.
   */
  refresh(): boolean {
    this.assertOpen();
    this.lastRefreshAt = this.now();
    let changed: boolean;
    if (this.readGeneration() !== this.generation) {
      this.rebuild();
      changed = true;
    } else {
      changed = this.scanSegments() > 0;
    }
    const now = this.now();
    if (dayKey(now) !== this.maintainedDay && now >= this.nextMaintainAt) this.maintainSafely();
    if (changed) this.changeEmitter.fire();
    return changed;
  }

  // ---- maintenance ---------------------------------------------------------------------------

  /**
   * Seals finished days into rollups and applies retention. Runs by itself on open and when the day
   * changes; returns false when another window holds the compaction lock (it is doing the work).
   */
  compact(): boolean {
    this.assertOpen();
    const now = this.now();
    // Never seal or save figures from before another window's reset.
    if (this.readGeneration() !== this.generation) {
      this.rebuild();
      this.changeEmitter.fire();
    }
    const release = tryLock(join(this.dir, LOCK_FILE), this.writerId, now);
    if (!release) return false;
    try {
      this.scanSegments();
      let pendingUntil = Number.POSITIVE_INFINITY;
      let sealed = false;
      for (const [day, rollup] of [...this.openDays]) {
        const sealAt = dayKeyStart(day) + DAY_MS + SEAL_GRACE_MS;
        if (now < sealAt) {
          if (day !== dayKey(now)) pendingUntil = Math.min(pendingUntil, sealAt);
          continue;
        }
        // Another window may have sealed it already: its files are as valid as ours would be.
        if (!existsSync(join(this.rollupDir, `${day}.json`)) || this.unreadableRollupDays.has(day)) this.writeRollup(rollup);
        this.unreadableRollupDays.delete(day);
        rmSync(join(this.rollupDir, `${day}.open.json`), { force: true });
        sealed = true;
        this.openDays.delete(day);
        this.sealedDays.add(day);
      }
      if (sealed) this.writeAtomically(join(this.rollupDir, RECENT_FILE), JSON.stringify({ version: 1, records: [...this.index.recent.all()] }));
      this.applyRetention(now);
      // Yesterday within its grace period is sealed on the first append after the grace.
      this.maintainedDay = pendingUntil === Number.POSITIVE_INFINITY ? dayKey(now) : undefined;
      this.nextMaintainAt = pendingUntil === Number.POSITIVE_INFINITY ? 0 : pendingUntil;
      return true;
    } finally {
      release();
    }
  }

  /** Deletes every record and rollup (every window's), after the person confirmed it. */
  reset(): void {
    this.assertOpen();
    this.closeWriter(false);
    const generation = this.readGeneration() + 1;
    // Bump the generation first: another window that sees it starts over instead of keeping old figures.
    this.writeAtomically(join(this.dir, META_FILE), JSON.stringify({ version: 1, generation, resetAt: wallClock() }));
    for (const dir of [this.logDir, this.rollupDir]) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
    }
    this.clearMemory();
    this.generation = generation;
    this.changeEmitter.fire();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.watchTimer) clearTimeout(this.watchTimer);
    this.watcher?.close();
    this.closeWriter(false);
    this.flushSalvage();
    this.closeWriter(false);
    try {
      this.checkpoint();
    } catch {
      // Only a shortcut for the next open, which reads the raw log instead.
    }
    retireWriterId(this.writerId);
    this.appendEmitter.dispose();
    this.changeEmitter.dispose();
  }

  // ---- internals -----------------------------------------------------------------------------

  private load(): void {
    mkdirSync(this.logDir, { recursive: true });
    mkdirSync(this.rollupDir, { recursive: true });
    this.generation = this.readGeneration();
    if (!existsSync(join(this.dir, META_FILE))) {
      this.writeAtomically(join(this.dir, META_FILE), JSON.stringify({ version: 1, generation: this.generation }));
    }
    this.loadRollups();
    this.scanSegments();
    this.lastRefreshAt = this.now();
    this.maintainSafely();
  }

  private rebuild(): void {
    this.closeWriter(false);
    // Lines this window wrote after another window's reset go into a new segment, read below.
    this.flushSalvage();
    this.closeWriter(false);
    this.clearMemory();
    this.generation = this.readGeneration();
    this.loadRollups();
    this.scanSegments();
  }

  private clearMemory(): void {
    this.index = this.newIndex();
    this.openDays = new Map();
    this.sealedDays = new Set();
    this.progress = new Map();
    this.tornLines = 0;
    this.corruptLines = 0;
    this.badLines = [];
    this.badRollups = [];
    this.unreadableRollupDays = new Set();
    this.maintainedDay = undefined;
    this.nextMaintainAt = 0;
  }

  private loadRollups(): void {
    const cutoff = dayStart(this.now()) - this.rollupRetentionDays * DAY_MS;
    for (const file of readdirSync(this.rollupDir).sort()) {
      const day = DAY_FILE.exec(file)?.[1];
      if (day === undefined) continue;
      const start = dayKeyStart(day);
      if (Number.isNaN(start) || start < cutoff) continue;
      const parsed = this.readRollupFile(file, dayFileSchema);
      if (!parsed || parsed.day !== day) {
        if (parsed) this.badRollups.push({ file, reason: `names another day (${parsed.day})` });
        this.unreadableRollupDays.add(day);
        continue;
      }
      const dayFile = parsed as DayFile;
      this.sealedDays.add(day);
      for (const [name, p] of Object.entries(dayFile.segments)) this.progress.set(name, { ...p });
      this.index.addSealedDay(dayFile);
      this.tornLines += dayFile.counts.torn;
      this.corruptLines += dayFile.counts.corrupt;
    }
    for (const file of readdirSync(this.rollupDir).sort()) {
      const day = OPEN_DAY_FILE.exec(file)?.[1];
      if (day === undefined || this.sealedDays.has(day) || Number.isNaN(dayKeyStart(day))) continue;
      const saved = this.readRollupFile(file, openDayFileSchema);
      if (!saved || saved.day.day !== day || saved.hours.day !== day) continue;
      const dayFile = saved.day as DayFile;
      // Two copies: the open day keeps growing on its own; the index's buckets get merged into.
      const rollup = DayRollup.fromFiles(dayFile, saved.hours as HoursFile, this.recentLimit, saved.recent);
      this.openDays.set(day, rollup);
      for (const [name, p] of rollup.segments) this.progress.set(name, { ...p });
      this.index.addOpenDay(rollup);
      for (const r of rollup.recent.all()) this.index.recent.add(r);
      this.tornLines += rollup.counts.torn;
      this.corruptLines += rollup.counts.corrupt;
    }
    const recent = this.readRollupFile(RECENT_FILE, recentFileSchema, true);
    for (const r of recent?.records ?? []) this.index.recent.add(r);
  }

  /** Reads and validates one rollup file; a bad one is reported in health() and skipped. */
  private readRollupFile<T>(file: string, schema: z.ZodType<T>, optional = false): T | undefined {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(this.rollupDir, file), 'utf8'));
    } catch (error) {
      if (optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      this.badRollups.push({ file, reason: error instanceof SyntaxError ? 'not valid JSON' : String(error) });
      return undefined;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      this.badRollups.push({ file, reason: `${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}` });
      return undefined;
    }
    return parsed.data;
  }

  private loadHours(day: string): readonly Bucket[] | undefined {
    return (this.readRollupFile(`${day}.hours.json`, hoursFileSchema) as HoursFile | undefined)?.buckets;
  }

  private newIndex(): MetricsIndex {
    return new MetricsIndex(this.recentLimit, (day) => this.loadHours(day));
  }

  /** Saves every unfinished day as it stands, so that the next open reads only later lines. */
  private checkpoint(): void {
    this.sinceCheckpoint = 0;
    this.checkpointAt = Date.now();
    // A window that has not noticed a reset yet must not bring old figures back.
    if (this.readGeneration() !== this.generation) return;
    for (const [day, rollup] of this.openDays) {
      if (this.sealedDays.has(day) || existsSync(join(this.rollupDir, `${day}.json`))) continue;
      const files = rollup.toFiles();
      this.writeAtomically(join(this.rollupDir, `${day}.open.json`), JSON.stringify({ version: 2, day: files.day, hours: files.hours, recent: [...rollup.recent.all()] }));
    }
  }

  private maybeCheckpoint(): void {
    if (this.sinceCheckpoint < CHECKPOINT_EVERY_RECORDS || Date.now() - this.checkpointAt < CHECKPOINT_MIN_INTERVAL_MS) return;
    try {
      this.checkpoint();
    } catch {
      // A shortcut only: the raw log stays the truth.
    }
  }

  /** Hours first, the day file last: the day file's presence is what marks the day sealed. */
  private writeRollup(rollup: DayRollup): void {
    const files = rollup.toFiles();
    this.writeAtomically(join(this.rollupDir, `${rollup.day}.hours.json`), JSON.stringify(files.hours));
    this.writeAtomically(join(this.rollupDir, `${rollup.day}.json`), JSON.stringify(files.day));
  }

  private listSegments() {
    let files: string[];
    try {
      files = readdirSync(this.logDir);
    } catch {
      return [];
    }
    return files
      .sort()
      .map(parseSegmentName)
      .filter((n) => n !== undefined);
  }

  /** Reads every segment's new complete lines; returns how many records were added. */
  private scanSegments(): number {
    let added = 0;
    for (const name of this.listSegments()) {
      // Our own open segment is counted as we write it.
      if (name.file === this.ownFile && this.fd !== undefined) continue;
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
        this.applyToIndex(r);
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
      this.sinceCheckpoint += result.records;
    }
    return added;
  }

  private openDay(day: string): DayRollup {
    let rollup = this.openDays.get(day);
    if (!rollup) {
      rollup = new DayRollup(day, this.recentLimit);
      this.openDays.set(day, rollup);
    }
    return rollup;
  }

  private apply(record: AttemptRecord, segmentDay: string): void {
    this.applyToIndex(record);
    if (!this.sealedDays.has(segmentDay)) {
      const day = this.openDay(segmentDay);
      day.add(record);
      if (this.ownFile) day.segments.set(this.ownFile, { ...(this.progress.get(this.ownFile) ?? { size: 0, lines: 0 }) });
    }
  }

  private applyToIndex(record: AttemptRecord): void {
    this.index.add(record);
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
    this.closeWriter(false);
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

  /** Writes the lines saved from a segment a reset deleted (see closeWriter) into the open one. */
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

  /** After a rebuild or before going away: what a reset would otherwise have lost reaches the disk. */
  private flushSalvage(): void {
    if (this.salvage.length === 0) return;
    try {
      this.writerFor(this.dayOf(this.now()));
    } catch {
      // The disk refuses: the lines are lost as any failed write is, and counted.
      this.writeErrors += this.salvage.length;
      this.salvage = [];
    }
  }

  /** Closes the segment being written; with `abandon`, the next append starts a new writer file. */
  private closeWriter(abandon: boolean): void {
    if (this.fd !== undefined && this.unconfirmed.length > 0) {
      try {
        if (fstatSync(this.fd).nlink === 0) {
          // A reset deleted this segment: what was written after the reset must not go with it.
          const resetAt = this.readMeta().resetAt ?? Number.POSITIVE_INFINITY;
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

  private maintainSafely(): void {
    try {
      if (!this.compact()) this.nextMaintainAt = this.now() + MAINTAIN_RETRY_MS;
    } catch {
      // Compaction is housekeeping: a failure (a full disk, a permission) must not stop recording.
      this.nextMaintainAt = this.now() + MAINTAIN_RETRY_MS;
    }
  }

  private applyRetention(now: number): void {
    const rawCutoff = dayStart(now) - this.retentionDays * DAY_MS;
    const rollupCutoff = dayStart(now) - this.rollupRetentionDays * DAY_MS;
    const byDay = new Map<string, string[]>();
    for (const name of this.listSegments()) {
      if (dayKeyStart(name.day) >= rawCutoff) continue;
      byDay.set(name.day, [...(byDay.get(name.day) ?? []), name.file]);
    }
    for (const [day, files] of byDay) {
      // Only a sealed day's raw segments go: its rollup must already hold every line in them.
      if (!existsSync(join(this.rollupDir, `${day}.json`))) continue;
      const dayFile = this.readRollupFile(`${day}.json`, dayFileSchema) as DayFile | undefined;
      const hoursFile = this.readRollupFile(`${day}.hours.json`, hoursFileSchema) as HoursFile | undefined;
      if (!dayFile || !hoursFile) continue;
      const rollup = DayRollup.fromFiles(dayFile, hoursFile, this.recentLimit);
      if (this.foldLateLines(rollup, files)) this.writeRollup(rollup);
      for (const file of files) {
        if (file === this.ownFile && this.fd !== undefined) continue;
        unlinkSync(join(this.logDir, file));
      }
    }
    for (const file of readdirSync(this.rollupDir)) {
      const day = DAY_FILE.exec(file)?.[1] ?? HOURS_FILE.exec(file)?.[1] ?? OPEN_DAY_FILE.exec(file)?.[1];
      const start = day === undefined ? Number.NaN : dayKeyStart(day);
      if (!Number.isNaN(start) && start < rollupCutoff) unlinkSync(join(this.rollupDir, file));
    }
  }

  /** Adds to a sealed day's rollup any lines its segments gained after it was written (rare: a late writer). */
  private foldLateLines(rollup: DayRollup, files: readonly string[]): boolean {
    let folded = false;
    for (const file of files) {
      const covered = rollup.segments.get(file) ?? { size: 0, lines: 0 };
      const name = parseSegmentName(file);
      if (!name) continue;
      const result = readSegmentTail(join(this.logDir, file), file, covered, isWriterAlive(name.writerId), (r) => rollup.add(r));
      if (result.progress.size !== covered.size) {
        rollup.segments.set(file, result.progress);
        rollup.counts.torn += result.torn;
        rollup.counts.corrupt += result.bad.length;
        folded = true;
      }
    }
    return folded;
  }

  private writeAtomically(path: string, data: string): void {
    const tmp = `${path}.${this.writerId}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, data);
      if (this.fsync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  }

  private readGeneration(): number {
    return this.readMeta().generation;
  }

  private readMeta(): z.infer<typeof metaSchema> {
    try {
      const parsed = metaSchema.safeParse(JSON.parse(readFileSync(join(this.dir, META_FILE), 'utf8')));
      return parsed.success ? parsed.data : { version: 1, generation: 0 };
    } catch {
      return { version: 1, generation: 0 };
    }
  }

  /** dayKey(now), without formatting a date on every append. */
  private dayOf(now: number): string {
    if (now < this.cachedDayStart || now >= this.cachedDayStart + DAY_MS) {
      this.cachedDayStart = dayStart(now);
      this.cachedDay = dayKey(now);
    }
    return this.cachedDay;
  }

  private maybeRefresh(): void {
    if (this.disposed) return;
    if (this.now() - this.lastRefreshAt >= this.autoRefreshMs) this.refresh();
  }

  private startWatching(): void {
    try {
      this.watcher = watch(this.logDir, { persistent: false }, () => {
        if (this.watchTimer || this.disposed) return;
        // Appends arrive in bursts; one refresh per burst is enough.
        this.watchTimer = setTimeout(() => {
          this.watchTimer = undefined;
          if (!this.disposed) this.refresh();
        }, 100);
        this.watchTimer.unref?.();
      });
    } catch {
      // Some file systems cannot be watched; reads still refresh by themselves.
    }
  }

  private assertOpen(): void {
    if (this.disposed) throw new Error('The metrics store was disposed.');
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

function positiveInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`MetricsStore option ${name} must be a whole number of at least 1, got ${value}.`);
  return value;
}
