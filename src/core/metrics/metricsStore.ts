import { mkdirSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { SpendSource, AttemptSink } from '../budget/spendSource';
import type { Disposable } from '../lifecycle/disposable';
import { Emitter, type Event } from '../lifecycle/emitter';
import type { Capability } from '../router/capabilities';
import { writeAtomically } from './atomicFile';
import type { AttemptRecord } from './attemptRecord';
import { attemptRecordSchema } from './attemptRecordSchema';
import { Compaction } from './compaction';
import { toCsv, toJsonReport } from './metricsExport';
import type { MetricsHealth } from './metricsHealth';
import { MetricsQueries } from './metricsQueries';
import type { MetricsQuery, MetricsRow } from './metricsQuery';
import { positiveInt, type MetricsStoreOptions } from './metricsStoreOptions';
import { parseOrThrow } from './parseOrThrow';
import { RollupFiles } from './rollupFiles';
import { qualitySignalSchema, type QualitySignal } from './qualitySignal';
import { withSignals } from './signalExport';
import { summarizeSignals, type SignalFigure } from './signalFigures';
import { SignalLog } from './signalLog';
import { SegmentWriter } from './segmentWriter';
import type { SpendSummary } from './spendTable';
import { StoreGeneration } from './storeGeneration';
import { StoreMemory } from './storeMemory';
import { summarizeTasks, type TaskFigures } from './taskFigures';
import { DAY_MS, dayKey, dayStart } from './timeKeys';

const LOG_DIR = 'log';
const ROLLUP_DIR = 'rollups';
const SIGNAL_DIR = 'signals';

/**
 * The durable metrics store (one per extension host, in the extension's global storage):
 *
 * - `log/<day>.<writer>.ndjson`: an append-only log, one segment per UTC day per writer, one line
 *   per attempt written with a single write() call. Only its writer appends to a segment
 *   ({@link SegmentWriter}).
 * - `rollups/`: finished days summarized, unfinished days saved as they stood, the latest attempts
 *   ({@link RollupFiles}); sealing and retention are {@link Compaction}'s.
 * - `signals/<day>.<writer>.ndjson`: quality signals (Apply accepted, a rating, …), append-only in
 *   their own segments ({@link SignalLog}), kept as long as rollups.
 * - `meta.json`: the generation every reset bumps ({@link StoreGeneration}).
 * - In memory: the same buckets ({@link StoreMemory}), so queries ({@link MetricsQueries}) do not
 *   read the disk beyond a directory listing to notice other windows' appends.
 *
 * Every rollup file says exactly which bytes of which segments it covers, and readers continue
 * each segment from there: whichever window wrote a rollup, nothing is counted twice or missed.
 */
export class MetricsStore implements SpendSource, AttemptSink, Disposable {
  private readonly now: () => number;
  private readonly autoRefreshMs: number;
  private readonly rollupRetentionDays: number;
  private readonly folders: readonly string[];
  private readonly files: RollupFiles;
  private readonly generation: StoreGeneration;
  private readonly memory: StoreMemory;
  private readonly writer: SegmentWriter;
  private readonly compaction: Compaction;
  private readonly queries: MetricsQueries;
  private readonly signalLog: SignalLog;

  private cachedDayStart = Number.NEGATIVE_INFINITY;
  private cachedDay = '';
  private lastRefreshAt = Number.NEGATIVE_INFINITY;
  private watcher: FSWatcher | undefined;
  private watchTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  private readonly recordEmitter = new Emitter<AttemptRecord>();
  private readonly changeEmitter = new Emitter<void>();
  private readonly signalEmitter = new Emitter<QualitySignal>();
  /** "A quality signal was recorded" in this window (another window's arrive with {@link onDidChange}). */
  readonly onDidRecordSignal: Event<QualitySignal> = this.signalEmitter.event;
  /**
   * "An attempt was recorded": fires for every record appended through this store (this window's
   * attempts: the router hands each one here), after it is persisted and counted. Other windows'
   * records are not announced one by one: picking them up fires {@link onDidChange}.
   */
  readonly onDidRecordAttempt: Event<AttemptRecord> = this.recordEmitter.event;
  /** Fires when figures changed other than by this store's own append: another window, a reset. */
  readonly onDidChange: Event<void> = this.changeEmitter.event;

  private constructor(
    readonly dir: string,
    options: MetricsStoreOptions,
  ) {
    const logDir = join(dir, LOG_DIR);
    const rollupDir = join(dir, ROLLUP_DIR);
    const signalDir = join(dir, SIGNAL_DIR);
    this.folders = [logDir, rollupDir, signalDir];
    this.now = options.now ?? Date.now;
    const retentionDays = positiveInt(options.retentionDays ?? 30, 'retentionDays');
    this.rollupRetentionDays = Math.max(retentionDays, positiveInt(options.rollupRetentionDays ?? 400, 'rollupRetentionDays'));
    const recentLimit = positiveInt(options.recentPerKey ?? 100, 'recentPerKey');
    const fsync = options.fsync ?? false;
    this.autoRefreshMs = Math.max(0, options.autoRefreshMs ?? 1000);
    const write = (path: string, data: string) => writeAtomically(path, data, this.writer.id, fsync);
    this.files = new RollupFiles(rollupDir, write);
    this.generation = new StoreGeneration(dir, write);
    this.memory = new StoreMemory(logDir, this.files, recentLimit);
    this.writer = new SegmentWriter(logDir, fsync, this.memory.progress, () => this.generation.resetAt());
    const { now, files, generation, memory, writer, rollupRetentionDays } = this;
    const startOver = () => {
      this.rebuild();
      this.changeEmitter.fire();
    };
    this.compaction = new Compaction({ dir, logDir, files, memory, writer, generation, now, retentionDays, rollupRetentionDays, recentLimit, startOver });
    this.signalLog = new SignalLog(signalDir, () => this.rollupCutoff());
    this.queries = new MetricsQueries({ memory, logDir, generation, now, retentionDays, beforeRead: () => this.maybeRefresh() });
  }

  /** Opens (creating if needed) the store in `dir` and loads what it holds. */
  static async open(dir: string, options: MetricsStoreOptions = {}): Promise<MetricsStore> {
    return MetricsStore.openNow(dir, options);
  }

  /** {@link open}, synchronously: for a caller that opens the store on first use, inside that use. */
  static openNow(dir: string, options: MetricsStoreOptions = {}): MetricsStore {
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

  /**
   * Records one attempt. Throws only for a record that is not one (a bug in the caller). A failed
   * write does not throw: the record still counts in memory and `health()` tells; returns whether
   * it reached the disk.
   */
  append(record: AttemptRecord): boolean {
    this.assertOpen();
    const rec: AttemptRecord = parseOrThrow(attemptRecordSchema, record, 'Metrics record');
    const now = this.now();
    const day = this.dayOf(now);
    if (this.compaction.isDue(day, now)) this.compaction.maintain();
    const persisted = this.writer.write(day, Buffer.from(JSON.stringify(rec) + '\n', 'utf8'));
    this.memory.apply(rec, day, this.writer.file);
    this.memory.unsaved += 1;
    this.compaction.maybeCheckpoint();
    this.recordEmitter.fire(rec);
    return persisted;
  }

  /** {@link AttemptSink}: the router hands every attempt here. */
  record(attempt: AttemptRecord): void {
    this.append(attempt);
  }

  /**
   * Records one quality signal (see {@link QualitySignal}: never code or text). Throws only for a
   * signal that is not one (a bug in the caller); returns whether it reached the disk.
   */
  recordSignal(signal: QualitySignal): boolean {
    this.assertOpen();
    const parsed = parseOrThrow(qualitySignalSchema, signal, 'Quality signal');
    const persisted = this.signalLog.append(parsed, this.dayOf(this.now()));
    this.signalEmitter.fire(parsed);
    return persisted;
  }

  /** The quality signals with `from <= time < to`, oldest first (this window's and other windows'). */
  signals(range: { readonly from?: number; readonly to?: number } = {}): QualitySignal[] {
    this.maybeRefresh();
    return this.signalLog.signals(range);
  }

  /** Acceptance per model and capability over the signals of a range. */
  signalFigures(range: { readonly from?: number; readonly to?: number } = {}): SignalFigure[] {
    return summarizeSignals(this.signals(range));
  }

  query(query: MetricsQuery = {}): MetricsRow[] {
    return this.queries.query(query);
  }

  /** Spend for `workspace` (undefined: outside any workspace) since `since`, to the minute; unknown costs apart. */
  spendSince(workspace: string | undefined, since: number, until?: number): SpendSummary {
    return this.queries.spendSince(workspace, since, until);
  }

  /** Spend over every workspace (the status bar's "today"). */
  totalSpendSince(since: number, until?: number): SpendSummary {
    return this.queries.totalSpendSince(since, until);
  }

  /** {@link SpendSource} for the budget guard: known USD with `fromMs <= time < toMs`. */
  spentUsd(workspace: string | undefined, fromMs: number, toMs: number): number {
    return this.queries.spentUsd(workspace, fromMs, toMs);
  }

  /** The last `limit` attempts of a model for a capability, oldest first (for the adaptive router). */
  recent(modelId: string, capability: Capability, limit?: number): readonly AttemptRecord[] {
    return this.queries.recent(modelId, capability, limit);
  }

  /** Every kept recent attempt, oldest first: replay these into the router's statistics at start-up. */
  recentAll(): AttemptRecord[] {
    return this.queries.recentAll();
  }

  /** Raw records still in the log (within retention) with `from <= time < to`, validated, file by file. */
  records(range: { readonly from?: number; readonly to?: number } = {}): Generator<AttemptRecord> {
    return this.queries.records(range);
  }

  /** Cost and time of the multi-model tasks that started in the range, per task and per phase, from the raw log. */
  taskFigures(range: { readonly from?: number; readonly to?: number }, limit: number): TaskFigures {
    // Reading the raw log costs ~0.3 s for 12k calls over 30 days: only when the buckets show a task.
    const anyTask = this.query({ ...range, groupBy: ['task'] }).some((r) => r.taskId !== undefined);
    return anyTask ? summarizeTasks(this.records(range), limit) : { tasks: [], phases: [] };
  }

  /** The query's rows with their acceptance, and the range's signals per model and capability. */
  exportJson(query: MetricsQuery = {}): string {
    const signals = this.signals({ ...(query.from !== undefined ? { from: query.from } : {}), ...(query.to !== undefined ? { to: query.to } : {}) });
    return toJsonReport(query, withSignals(query, this.query(query), signals), this.now(), summarizeSignals(signals));
  }

  exportCsv(query: MetricsQuery = {}): string {
    return toCsv(withSignals(query, this.query(query), this.signals()));
  }

  health(): MetricsHealth {
    const { memory, writer } = this;
    return {
      records: memory.index.records,
      tornLines: memory.tornLines,
      corruptLines: memory.corruptLines,
      badLines: [...memory.badLines],
      badRollups: [...this.files.bad],
      writeErrors: writer.errors,
      ...(writer.lastError !== undefined ? { lastWriteError: writer.lastError } : {}),
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
    if (this.generation.isStale()) {
      this.rebuild();
      changed = true;
    } else {
      changed = this.memory.scanSegments(this.writer.openFile) > 0;
      if (this.signalLog.scan() > 0) changed = true;
    }
    const now = this.now();
    if (this.compaction.isDue(dayKey(now), now)) this.compaction.maintain();
    if (changed) this.changeEmitter.fire();
    return changed;
  }

  /**
   * Seals finished days into rollups and applies retention. Runs by itself on open and when the day
   * changes; returns false when another window holds the compaction lock (it is doing the work).
   */
  compact(): boolean {
    this.assertOpen();
    return this.compaction.compact();
  }

  /** Deletes every record and rollup (every window's), after the person confirmed it. */
  reset(): void {
    this.assertOpen();
    this.writer.close(false);
    const generation = this.generation.reset(this.folders);
    this.clearMemory();
    this.generation.enter(generation);
    this.changeEmitter.fire();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.watchTimer) clearTimeout(this.watchTimer);
    this.watcher?.close();
    this.writer.close(false);
    this.writer.flushSalvage(() => this.dayOf(this.now()));
    this.writer.close(false);
    try {
      this.compaction.checkpoint();
    } catch {
      // Only a shortcut for the next open, which reads the raw log instead.
    }
    this.writer.retire();
    this.signalLog.dispose();
    this.recordEmitter.dispose();
    this.signalEmitter.dispose();
    this.changeEmitter.dispose();
  }

  private load(): void {
    for (const folder of this.folders) mkdirSync(folder, { recursive: true });
    this.generation.open();
    this.memory.loadRollups(this.rollupCutoff());
    this.memory.scanSegments(this.writer.openFile);
    this.signalLog.prune();
    this.signalLog.scan();
    this.lastRefreshAt = this.now();
    this.compaction.maintain();
  }

  /** Starts over from the disk: after another window's reset. */
  private rebuild(): void {
    this.writer.close(false);
    // Lines this window wrote after another window's reset go into a new segment, read below.
    this.writer.flushSalvage(() => this.dayOf(this.now()));
    this.writer.close(false);
    this.clearMemory();
    this.generation.catchUp();
    this.memory.loadRollups(this.rollupCutoff());
    this.memory.scanSegments(this.writer.openFile);
    this.signalLog.scan();
  }

  private clearMemory(): void {
    this.memory.clear();
    this.signalLog.clear();
    this.files.bad = [];
    this.compaction.forget();
  }

  private rollupCutoff(): number {
    return dayStart(this.now()) - this.rollupRetentionDays * DAY_MS;
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
      this.watcher = watch(this.folders[0] as string, { persistent: false }, () => {
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
