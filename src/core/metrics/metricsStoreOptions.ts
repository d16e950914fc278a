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

/** An option that counts days or records: a whole number of at least 1, or a RangeError naming it. */
export function positiveInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`MetricsStore option ${name} must be a whole number of at least 1, got ${value}.`);
  return value;
}
