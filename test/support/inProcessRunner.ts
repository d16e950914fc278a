import { runFileJob, type FileJob, type JobResult } from '../../src/core/analysis/fileJob';
import { batches, type AnalysisRunner, type RunOptions } from '../../src/core/analysis/workerPool';

/** Analyses on the calling thread (the unit tests' runner), yielding between batches so progress and cancellation get a turn. */
export class InProcessRunner implements AnalysisRunner {
  async run(jobs: readonly FileJob[], options: RunOptions = {}): Promise<JobResult[]> {
    const results: JobResult[] = [];
    for (const batch of batches(jobs)) {
      options.signal?.throwIfAborted();
      const done = batch.map((job) => runFileJob(job));
      results.push(...done);
      options.onBatch?.(done);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    options.signal?.throwIfAborted();
    return results;
  }

  dispose(): void {}
}

