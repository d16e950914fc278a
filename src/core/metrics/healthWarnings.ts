import type { MetricsHealth } from './metricsHealth';

/** Bad lines named one by one in the log; the rest are counted. */
const NAMED_AT_MOST = 5;

/**
 * What the log says about a store read back with damage: the torn and corrupt lines (the first few
 * by file and line, with why), and each rollup file that could not be read or lost records. One
 * line each, at warning level; none when the store read back clean. Used to say only the counts,
 * which left a person no way to find the line that was skipped.
 */
export function metricsHealthWarnings(health: MetricsHealth, dir: string): string[] {
  const warnings: string[] = [];
  const skipped = health.tornLines + health.corruptLines;
  if (skipped > 0) {
    const named = health.badLines.slice(0, NAMED_AT_MOST).map((b) => `${b.file}:${b.line} (${b.reason})`);
    const more = skipped > named.length ? `; ${skipped - named.length} more` : '';
    warnings.push(`Metrics: skipped ${health.tornLines} torn and ${health.corruptLines} corrupt line(s) while reading ${dir}${named.length > 0 ? `: ${named.join('; ')}${more}` : ''}.`);
  }
  for (const bad of health.badRollups) warnings.push(`Metrics: the rollup file ${bad.file} in ${dir} was not read whole: ${bad.reason}.`);
  return warnings;
}
