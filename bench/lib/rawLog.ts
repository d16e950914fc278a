import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AttemptRecord } from '../../src/core/metrics/attemptRecord';

/**
 * Every record of a metrics store's raw log, read the obvious way (each segment whole, each line
 * parsed): what the benchmarks' naive baselines do before grouping the records their own way.
 */
export function forEachRawRecord(logDir: string, visit: (record: AttemptRecord) => void): void {
  for (const file of readdirSync(logDir)) {
    const text = readFileSync(join(logDir, file), 'utf8');
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      visit(JSON.parse(text.slice(start, nl)) as AttemptRecord);
      start = nl + 1;
    }
  }
}
