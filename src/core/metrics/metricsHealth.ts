import type { BadRollup } from './rollupFiles';
import type { BadLine } from './segmentFiles';

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
  readonly badRollups: readonly BadRollup[];
  /** Appends whose write failed (the record still counts in memory). */
  readonly writeErrors: number;
  readonly lastWriteError?: string;
}
