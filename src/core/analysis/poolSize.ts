/*
 * How many analysis threads a machine gets. Two limits, the smaller wins:
 *  - cores: every core but one, so the extension host and the editor keep a core while the index
 *    builds (with one or two cores, every core: a pool of one on a 2-core machine would halve a
 *    cold index where a second thread helps, and the threads yield to the editor anyway);
 *  - memory: each thread holds its own copy of the TypeScript parser and the trees of the batch it
 *    works on. Measured on this project's node_modules (102 MB, ~19,000 files), each thread added
 *    about 230 MB to the process's peak resident memory during a cold index, so a thread is
 *    counted at 256 MB, and the pool may take a quarter of the machine's memory (the editor,
 *    the language servers and the index itself need the rest).
 * There is no fixed cap: a 64-core machine with the memory for it gets 63 threads.
 */

/** Peak memory one analysis thread needs while indexing (measured: about 230 MB; see above). */
export const THREAD_MEMORY_BYTES = 256 * 1024 * 1024;

/** The share of the machine's memory the analysis threads may hold together. */
export const POOL_MEMORY_SHARE = 0.25;

export interface MachineShape {
  /** Logical cores available to this process (os.availableParallelism()). */
  readonly cores: number;
  /** Memory available to this process: os.totalmem(), or the container's limit when lower. */
  readonly memoryBytes: number;
}

/** The number of analysis threads for a machine: from its cores and its memory, at least one. */
export function poolSizeFor(machine: MachineShape): number {
  const cores = Math.max(1, Math.floor(machine.cores));
  const byCores = cores <= 2 ? cores : cores - 1;
  const byMemory = Math.floor((Math.max(0, machine.memoryBytes) * POOL_MEMORY_SHARE) / THREAD_MEMORY_BYTES);
  return Math.max(1, Math.min(byCores, byMemory));
}
