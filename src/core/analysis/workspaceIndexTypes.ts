import type { AnalysisRunner } from './workerPool';
import type { SkipReason } from './fileKinds';
import type { ImportRecord } from './types';
import type { WorkspaceFilesOptions } from './workspaceFiles';

export interface WorkspaceIndexOptions extends Omit<WorkspaceFilesOptions, 'signal'> {
  /** Runs the analysis: `new WorkerPool(bundledWorkerPath)` in the product, `new InProcessRunner()` in tests (test/support/inProcessRunner.ts). */
  readonly runner: AnalysisRunner;
  /** Where the index persists between sessions; none means memory only. */
  readonly storageDir?: string;
  /** Each folder's name in the workspace, in the order of `folders` (by default its last segment). */
  readonly folderNames?: readonly string[];
}

export interface IndexProgress {
  readonly phase: 'loading' | 'listing' | 'analyzing';
  readonly done: number;
  readonly total: number;
}

export interface BuildOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: IndexProgress) => void;
  /** Analyse every file again, changed or not (Analyze Workspace), instead of reusing unchanged ones. */
  readonly force?: boolean;
}

export interface IndexSummary {
  readonly files: number;
  readonly symbols: number;
  readonly lines: number;
  /** Files analysed in this build (new or changed). */
  readonly analyzed: number;
  /** Files whose stored analysis was reused. */
  readonly reused: number;
  readonly removed: number;
  readonly skipped: Record<SkipReason, number>;
  readonly filesWithSyntaxErrors: number;
  /** Persisted records that failed validation and were ignored. */
  readonly rejectedFromStore: number;
  readonly durationMs: number;
}

export interface ResolvedImport extends ImportRecord {
  /** The indexed file the specifier resolves to; undefined for packages and unknown files. */
  readonly resolved?: string;
}

export interface IndexChange {
  readonly version: number;
  readonly changed: readonly string[];
  readonly removed: readonly string[];
}
