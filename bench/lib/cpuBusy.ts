import { cpus } from 'node:os';

/** The machine's CPU times summed over its cores, in ms since boot (os.cpus()). */
export interface CpuTimes {
  readonly busy: number;
  readonly total: number;
}

export function cpuTimes(): CpuTimes {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const used = times.user + times.nice + times.sys + times.irq;
    busy += used;
    total += used + times.idle;
  }
  return { busy, total };
}

/**
 * How busy the machine's cores were between two readings, 0–1 (every process, this one included).
 * Unlike the load average, a 1-minute moving figure that still holds what ran before, it covers
 * exactly the window measured.
 */
export function busyBetween(from: CpuTimes, to: CpuTimes): number {
  const total = to.total - from.total;
  return total > 0 ? (to.busy - from.busy) / total : 0;
}

/** How busy other processes kept the cores between two readings, given this process's CPU time in that window. */
export function othersBusy(from: CpuTimes, to: CpuTimes, ownCpuMs: number): number {
  const total = to.total - from.total;
  return total > 0 ? Math.max(0, (to.busy - from.busy - ownCpuMs) / total) : 0;
}
