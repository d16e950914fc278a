import assert from 'node:assert/strict';
import { metricsHealthWarnings } from '../../../src/core/metrics/healthWarnings';
import type { MetricsHealth } from '../../../src/core/metrics/metricsHealth';

const clean: MetricsHealth = { records: 10, tornLines: 0, corruptLines: 0, badLines: [], badRollups: [], writeErrors: 0 };

describe('metrics health warnings', () => {
  it('says nothing about a store that read back clean', () => {
    assert.deepEqual(metricsHealthWarnings(clean, '/m'), []);
  });

  it('names the first bad lines by file and line, counts the rest, and names each bad rollup', () => {
    const badLines = Array.from({ length: 7 }, (_, i) => ({ file: 'seg-1.ndjson', line: i + 3, reason: 'latencyMs: expected number' }));
    const warnings = metricsHealthWarnings({ ...clean, tornLines: 1, corruptLines: 7, badLines, badRollups: [{ file: 'recent.json', reason: 'records[1].latencyMs: expected number' }] }, '/m');
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /^Metrics: skipped 1 torn and 7 corrupt line\(s\) while reading \/m: seg-1\.ndjson:3 \(latencyMs: expected number\); .*seg-1\.ndjson:7 \(latencyMs: expected number\); 3 more\.$/);
    assert.equal(warnings[1], 'Metrics: the rollup file recent.json in /m was not read whole: records[1].latencyMs: expected number.');
  });
});
